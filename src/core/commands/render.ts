/** A Reply as plain text, for the console and for tests: title, lines, "label: value" fields, "label: url" links. */
import type { Reply } from './types.js';

export function replyText(r: Reply): string {
  return [
    r.title,
    ...r.lines,
    ...r.fields.map((f) => `${f.label}: ${f.value}`),
    ...r.links.map((l) => `${l.label}: ${l.url}`),
  ].join('\n');
}
