import { describe, expect, test } from 'vitest';
import { formatDay, parseDay } from './sunset.js';

describe('parseDay', () => {
  test.each([
    ['2026-01-01', 20454],
    ['2026-01-01T10:00:00Z', 20454],
    ['1970-01-01', 0],
  ])('%s → day %d', (text, day) => {
    expect(parseDay(text)).toBe(day);
    expect(formatDay(day)).toBe(text.slice(0, 10));
  });

  test.each(['2026-02-30', '2026-13-01', 'next spring', '', '01/02/2026'])('%s is not a date', (text) => {
    expect(parseDay(text)).toBeNull();
  });

  test('non-strings are not dates', () => {
    expect(parseDay(20260101)).toBeNull();
    expect(parseDay(undefined)).toBeNull();
  });
});
