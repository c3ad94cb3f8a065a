/**
 * The Block Kit limits Slack enforces on chat.postMessage and response_url payloads, checked the way Slack does
 * (it answers `invalid_blocks` when one is broken). Used by the fake Web API and directly by format tests.
 */

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  text: 40_000,
} as const;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function textProblem(where: string, t: unknown, max: number, types: readonly string[]): string | undefined {
  if (!isObj(t)) return `${where}: text object missing`;
  if (typeof t.type !== 'string' || !types.includes(t.type)) return `${where}: type must be ${types.join(' or ')}`;
  if (typeof t.text !== 'string' || t.text.length < 1) return `${where}: text must be at least 1 character`;
  if (t.text.length > max) return `${where}: text longer than ${max} (${t.text.length})`;
  return undefined;
}

/** Every limit a block list breaks, as Slack-like messages; empty when the blocks are valid. */
export function blockProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks: must be an array'];
  const out: string[] = [];
  if (blocks.length > LIMITS.blocks) out.push(`blocks: more than ${LIMITS.blocks} items (${blocks.length})`);
  blocks.forEach((b: unknown, i) => {
    const at = `blocks[${i}]`;
    if (!isObj(b)) {
      out.push(`${at}: not an object`);
      return;
    }
    switch (b.type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) out.push(`${at}: section needs text or fields`);
        if (b.text !== undefined) {
          const p = textProblem(`${at}.text`, b.text, LIMITS.sectionText, ['plain_text', 'mrkdwn']);
          if (p) out.push(p);
        }
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields)) out.push(`${at}.fields: must be an array`);
          else {
            if (b.fields.length > LIMITS.fields) out.push(`${at}.fields: more than ${LIMITS.fields} items`);
            b.fields.forEach((f: unknown, j) => {
              const p = textProblem(`${at}.fields[${j}]`, f, LIMITS.fieldText, ['plain_text', 'mrkdwn']);
              if (p) out.push(p);
            });
          }
        }
        break;
      }
      case 'header': {
        const p = textProblem(`${at}.text`, b.text, LIMITS.headerText, ['plain_text']);
        if (p) out.push(p);
        break;
      }
      case 'context': {
        if (!Array.isArray(b.elements) || b.elements.length === 0) out.push(`${at}.elements: at least 1 item`);
        else {
          if (b.elements.length > LIMITS.contextElements) out.push(`${at}.elements: more than ${LIMITS.contextElements}`);
          b.elements.forEach((e: unknown, j) => {
            if (isObj(e) && e.type === 'image') return;
            const p = textProblem(`${at}.elements[${j}]`, e, LIMITS.contextText, ['plain_text', 'mrkdwn']);
            if (p) out.push(p);
          });
        }
        break;
      }
      case 'divider':
        break;
      default:
        out.push(`${at}: unsupported block type ${String(b.type)}`);
    }
  });
  return out;
}

/** Every text string in a message (top-level text and every text object in its blocks), in order. */
export function textObjects(message: { text?: unknown; blocks?: unknown }): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  if (typeof message.text === 'string') out.push({ type: 'mrkdwn', text: message.text });
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      if ((v.type === 'plain_text' || v.type === 'mrkdwn') && typeof v.text === 'string') {
        out.push({ type: v.type, text: v.text });
        return;
      }
      Object.values(v).forEach(visit);
    }
  };
  visit(message.blocks);
  return out;
}

/**
 * Whether the message could notify anyone, as the contract defines it for Slack: mrkdwn text (the top-level `text`
 * or a mrkdwn object) holding an active `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, `<@U…>` or `<#C…>`,
 * or bare `@channel`-style words when the message asks Slack to link names. `<!date^…>` is a date, not a mention;
 * plain_text objects are never parsed for mentions.
 */
export function messageCanPing(message: { text?: unknown; blocks?: unknown; link_names?: unknown; parse?: unknown }): boolean {
  const linkNames = message.link_names === true || message.link_names === 'true' || message.link_names === 1 || message.parse === 'full';
  return textObjects(message).some(({ type, text }) => {
    if (type !== 'mrkdwn') return false;
    const tokens = text.match(/<[!@#][^>]*>/g) ?? [];
    if (tokens.some((m) => !m.startsWith('<!date^'))) return true;
    return linkNames && /(^|\s)@(channel|here|everyone)\b/.test(text);
  });
}
