import { describe, expect, it } from 'vitest';
import { parseExplainAnswer, scrub, scrubString } from './explain-prompt.js';

describe('scrub', () => {
  it('redacts sensitive names and credential-looking values, cuts long strings', () => {
    expect(
      scrub({
        user: 'ann',
        apiToken: 'abc',
        nested: { Authorization: 'x', text: 'use Bearer abcdefghijkl please' },
      }),
    ).toEqual({
      user: 'ann',
      apiToken: '[REDACTED]',
      nested: { Authorization: '[REDACTED]', text: 'use [REDACTED] please' },
    });
    expect(scrubString('key sk_test_abcdefgh1234 end')).toBe('key [REDACTED] end');
    expect(scrubString('x'.repeat(200))).toBe(`${'x'.repeat(160)}…`);
  });
});

describe('parseExplainAnswer', () => {
  const counts = { mismatches: 2, corrections: 3 };
  it('reads fenced JSON, drops unknown ids and duplicates, completes the ranking', () => {
    const text =
      'Sure!\n```json\n{"explanations":[{"id":"m2","text":" b "},{"id":"m2","text":"again"},{"id":"x","text":"?"}],"ranking":["c3","c3","c9",1]}\n```';
    const out = parseExplainAnswer(text, counts);
    expect([...out.explanations]).toEqual([[1, 'b']]);
    expect(out.ranking).toEqual([2, 0, 1]);
  });
  it('throws without a JSON object', () => {
    expect(() => parseExplainAnswer('no json here', counts)).toThrow('the answer holds no JSON object');
  });
});
