/**
 * Shape of a topic rule file in config/topics/*.yaml. Placeholder: the matcher work fills this in.
 */
import { z } from 'zod';

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    label: z.string(),
  })
  .passthrough();

export type TopicRule = z.infer<typeof TopicSchema>;
