/**
 * What a person sees of a Slack message, as Slack's clients render it: plain_text verbatim; mrkdwn with dates
 * shown by their fallback, links by their label, bold markers dropped and `&lt;` `&gt;` `&amp;` decoded.
 * Tests compare this with the command core's plain wording.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One mrkdwn string as displayed. */
export function renderMrkdwn(text: string): string {
  const linked = text
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?:\/\/|mailto:)[^|>]*)>/g, '$1')
    .replace(/\*/g, '');
  return unescapeMrkdwn(linked);
}

function visibleObject(t: unknown): string {
  if (!isObj(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? renderMrkdwn(t.text) : t.text;
}

/** The visible text of a block list, one line per block (fields one per line, context elements joined by " · "). */
export function visibleBlocks(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const lines: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    if (b.type === 'section') {
      if (b.text !== undefined) lines.push(visibleObject(b.text));
      if (Array.isArray(b.fields)) lines.push(...b.fields.map(visibleObject));
    } else if (b.type === 'context' && Array.isArray(b.elements)) {
      lines.push(b.elements.map(visibleObject).filter((s) => s).join(' · '));
    } else if (b.type === 'header') {
      lines.push(visibleObject(b.text));
    }
  }
  return lines.join('\n');
}

/** Visible text of a message: its blocks when it has any (clients then hide `text`), else its `text`. */
export function visibleText(message: { text?: unknown; blocks?: unknown } | undefined): string {
  if (!message) return '';
  if (Array.isArray(message.blocks) && message.blocks.length) return visibleBlocks(message.blocks);
  return typeof message.text === 'string' ? renderMrkdwn(message.text) : '';
}
