/**
 * Lines of a byte stream with a cap on their length, read without ever holding more than the cap (plus one chunk)
 * in memory: a line over the cap is skipped to its next newline and reported by its number and size only.
 * readline would build the whole line first, so a 50 MB line would cost 50 MB (and more while it is joined).
 */

/** `line`: 1-based line number in the input (blank lines counted). */
export type CappedLine = { kind: 'line'; line: number; text: string } | { kind: 'over'; line: number; bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Splits `input` on "\n" (a "\r" before it dropped); a line over `maxBytes` comes back as `{ kind: 'over' }`. */
export async function* cappedLines(input: AsyncIterable<Buffer | string>, maxBytes: number = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<CappedLine> {
  let parts: Buffer[] = [];
  let size = 0;
  /** Bytes of the current line when it is over the cap (its bytes are dropped as they come), else -1. */
  let overBytes = -1;
  let lineNo = 0;

  const finish = (): CappedLine => {
    lineNo++;
    if (overBytes >= 0) {
      const r: CappedLine = { kind: 'over', line: lineNo, bytes: overBytes };
      overBytes = -1;
      return r;
    }
    let buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
    if (buf.length > maxBytes) return { kind: 'over', line: lineNo, bytes: buf.length };
    return { kind: 'line', line: lineNo, text: buf.toString('utf8') };
  };

  const take = (piece: Buffer): void => {
    if (overBytes >= 0) {
      overBytes += piece.length;
      return;
    }
    if (size + piece.length <= maxBytes + 1) {
      // +1: a line of exactly maxBytes may still carry its "\r".
      // A copy, not a view: a view would keep the whole chunk alive for one short line.
      parts.push(Buffer.from(piece));
      size += piece.length;
      return;
    }
    overBytes = size + piece.length;
    parts = [];
    size = 0;
  };

  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      take(buf.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < buf.length) take(buf.subarray(start));
  }
  if (overBytes >= 0 || size > 0) yield finish();
}
