/**
 * Shape of a topic rule file in config/topics/*.yaml. A topic is a commodity's supply story told as lexicons:
 * what the story must be about (subject), what happens to supply (actions), which look-alike commodities win a
 * sentence instead (rivals), and phrases that contain the subject word but mean something else (notSubject).
 * Phrases are matched on words, case-insensitively; a word ending in `*` matches any word it starts
 * ("suspen*" → suspends, suspended, suspension). Adding a topic is adding a file: no code.
 */
import { z } from 'zod';

// The phrase automaton reads a `*` only at the end of a phrase ("suspen*"); one inside would silently never match.
const phrase = z.string().min(1).refine((p) => !/\*\s/.test(p.trim()), { message: 'a * may only end a phrase ("suspen*"), not sit inside one' });
const phrases = z.array(phrase).default([]);

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    label: z.string(),
    /** Short word used in `why` ("supply" → "supply: suspend + lithium mine"). */
    short: z.string().default('supply'),
    subject: z
      .object({
        /** Words that alone make a sentence about the commodity (spodumene, lithium carbonate). */
        strong: phrases,
        /** Words that count once qualified: generic ones (brine, salar) or the bare commodity word. */
        weak: phrases,
        /** Named mines, plants and projects; must be written capitalised. */
        assets: phrases,
        /** Phrases that contain a subject word but are about something else ("lithium-ion battery"). */
        not: phrases,
      })
      .strict(),
    /** Other commodities whose supply stories read the same: a sentence about them is not about this topic. */
    rivals: z.record(z.string(), z.array(phrase)).default({}),
    /** Supply actions by label ("suspend", "restart"); the label is what `why` shows. */
    actions: z.record(z.string(), z.array(phrase)),
    /** Common supply words (output, production, supply): alone just under the threshold; two kinds, or one next to a direction word ("output fell"), make a story. */
    weakActions: z.record(z.string(), z.array(phrase)).default({}),
    /** Words that cancel an action right after them ("not affected", "no change"). */
    negations: phrases,
    /**
     * Words that make an action word about something else when they sit next to it: "trading halt", "suspends
     * its dividend", "expands credit facility". Within three words after the action, or right before it.
     */
    falseFriends: phrases,
    /** Nouns that, with a company of the commodity in the same sentence, make that sentence about it ("its mine"). */
    assetNouns: phrases,
    /**
     * Words for listed companies as a group ("stocks", "sector"): a common supply word right before one is a label
     * ("lithium mining stocks surged"), not an activity.
     */
    equityNouns: phrases,
    /**
     * Phrases that make every action in their sentence about the listing, wherever they stand in it: "trading in
     * its H shares will be halted from 9:00 a.m. pending an announcement".
     */
    listingVetoes: phrases,
    /** Companies whose mention counts as weak subject evidence (symbols), besides names holding a subject word. */
    companies: z.array(z.string()).default([]),
    /** Score from which the topic fires (0..1). */
    threshold: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export type TopicRule = z.infer<typeof TopicSchema>;
