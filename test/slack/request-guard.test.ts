/** The future/stale timestamp window Bolt's HTTPReceiver only half enforces. */
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_SEC, timestampProblem } from '../../src/adapters/slack/request-guard.js';

describe('timestampProblem', () => {
  const nowMs = 1_790_000_000_000;
  const now = nowMs / 1000;

  it('accepts exactly ±5 minutes and rejects one second beyond, both ways', () => {
    expect(MAX_CLOCK_SKEW_SEC).toBe(300);
    expect(timestampProblem(String(now), nowMs)).toBeUndefined();
    expect(timestampProblem(String(now - 300), nowMs)).toBeUndefined();
    expect(timestampProblem(String(now + 300), nowMs)).toBeUndefined();
    expect(timestampProblem(String(now - 301), nowMs)).toBe('stale timestamp');
    expect(timestampProblem(String(now + 301), nowMs)).toBe('future timestamp');
  });

  it('rejects malformed values and leaves a missing header to Bolt (which answers 401 itself)', () => {
    for (const bad of ['', 'abc', '1.79e9', '-1790000000', `${now}.5`, ' ', '0x6AB3F1A0']) {
      expect(timestampProblem(bad, nowMs), bad).toBe('malformed timestamp');
    }
    expect(timestampProblem([String(now), String(now)], nowMs)).toBe('malformed timestamp');
    expect(timestampProblem(undefined, nowMs)).toBeUndefined();
  });
});

describe('body guard', () => {
  it('refuses chunked, unmeasured and oversized bodies before anyone reads them', async () => {
    const { bodyProblem, MAX_BODY_BYTES } = await import('../../src/adapters/slack/request-guard.js');
    expect(bodyProblem({ 'content-length': '2048' })).toBeUndefined();
    expect(bodyProblem({ 'content-length': String(MAX_BODY_BYTES) })).toBeUndefined();
    expect(bodyProblem({ 'content-length': String(MAX_BODY_BYTES + 1) })).toBe('body too large');
    expect(bodyProblem({ 'transfer-encoding': 'chunked' })).toBe('chunked body');
    expect(bodyProblem({})).toBe('no content-length');
    expect(bodyProblem({ 'content-length': '-1' })).toBe('malformed content-length');
  });
});
