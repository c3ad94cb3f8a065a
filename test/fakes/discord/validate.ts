/**
 * The message checks Discord applies before accepting a post, so a test against the fake fails the same way
 * production would: an over-long embed is a 400 Invalid Form Body, not a silent success.
 * Lengths are JS string lengths (UTF-16 code units), which is what Discord counts.
 */

export interface FormError {
  path: string;
  message: string;
}

const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
  nonce: 25,
} as const;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Checks one embed; returns its counted characters. */
function checkEmbed(e: Record<string, unknown>, at: string, errors: FormError[]): number {
  let total = 0;
  const over = (path: string, value: string | undefined, max: number) => {
    if (value === undefined) return;
    total += value.length;
    if (value.length > max) errors.push({ path: `${at}.${path}`, message: `Must be ${max} or fewer in length.` });
  };
  over('title', str(e.title), LIMITS.title);
  over('description', str(e.description), LIMITS.description);
  over('footer.text', str(obj(e.footer)?.text), LIMITS.footer);
  over('author.name', str(obj(e.author)?.name), LIMITS.author);
  const fields = Array.isArray(e.fields) ? e.fields : [];
  if (fields.length > LIMITS.fields) errors.push({ path: `${at}.fields`, message: `Must be ${LIMITS.fields} or fewer in length.` });
  fields.forEach((f, i) => {
    const field = obj(f) ?? {};
    const name = str(field.name);
    const value = str(field.value);
    if (!name || !name.trim()) errors.push({ path: `${at}.fields.${i}.name`, message: 'This field is required' });
    if (!value || !value.trim()) errors.push({ path: `${at}.fields.${i}.value`, message: 'This field is required' });
    over(`fields.${i}.name`, name, LIMITS.fieldName);
    over(`fields.${i}.value`, value, LIMITS.fieldValue);
  });
  if (e.url !== undefined && (typeof e.url !== 'string' || !/^https?:\/\//.test(e.url))) {
    errors.push({ path: `${at}.url`, message: 'Scheme must be one of (http, https).' });
  }
  if (e.timestamp !== undefined && (typeof e.timestamp !== 'string' || Number.isNaN(Date.parse(e.timestamp)))) {
    errors.push({ path: `${at}.timestamp`, message: 'Could not parse timestamp.' });
  }
  if (e.color !== undefined && (typeof e.color !== 'number' || e.color < 0 || e.color > 0xffffff)) {
    errors.push({ path: `${at}.color`, message: 'Int value should be between 0 and 16777215.' });
  }
  return total;
}

/** Errors for a message create/interaction response body; empty when Discord would accept it. */
export function validateMessageBody(body: Record<string, unknown>): FormError[] {
  const errors: FormError[] = [];
  const content = str(body.content);
  if (content !== undefined && content.length > LIMITS.content) {
    errors.push({ path: 'content', message: `Must be ${LIMITS.content} or fewer in length.` });
  }
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > LIMITS.embeds) errors.push({ path: 'embeds', message: `Must be ${LIMITS.embeds} or fewer in length.` });
  let total = 0;
  embeds.forEach((e, i) => {
    total += checkEmbed(obj(e) ?? {}, `embeds.${i}`, errors);
  });
  if (total > LIMITS.total) errors.push({ path: 'embeds', message: `Embed size exceeds maximum size of ${LIMITS.total}` });
  if (body.nonce !== undefined) {
    const n = body.nonce;
    if (!((typeof n === 'string' && n.length <= LIMITS.nonce) || (typeof n === 'number' && Number.isInteger(n)))) {
      errors.push({ path: 'nonce', message: `Must be an integer or a string of ${LIMITS.nonce} or fewer characters.` });
    }
  }
  return errors;
}

/** True when the body has nothing to show (Discord's 50006 Cannot send an empty message). */
export function isEmptyMessage(body: Record<string, unknown>): boolean {
  const content = str(body.content) ?? '';
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  return content.trim() === '' && embeds.length === 0;
}

const LIVE_MENTION = /@everyone|@here|<@[!&]?\d+>/;

/**
 * Whether this message would notify anyone. Discord pings from `content` only (never from embeds), and
 * only what `allowed_mentions` permits; a missing allowed_mentions means "parse everything".
 */
export function couldPing(body: Record<string, unknown>): boolean {
  const content = str(body.content) ?? '';
  if (!LIVE_MENTION.test(content)) return false;
  const am = obj(body.allowed_mentions);
  if (!am) return true;
  const parse = Array.isArray(am.parse) ? am.parse : [];
  const users = Array.isArray(am.users) ? am.users : [];
  const roles = Array.isArray(am.roles) ? am.roles : [];
  return parse.length > 0 || users.length > 0 || roles.length > 0;
}

/** Any mention that would render live anywhere in the payload (content or embeds), even if it cannot ping. */
export function hasLiveMentionSyntax(body: unknown): boolean {
  return LIVE_MENTION.test(JSON.stringify(body));
}
