import { describe, expect, it } from 'vitest';
import { allowanceLine, consumptionBar } from './budget-text.js';

describe('consumptionBar', () => {
  it.each([
    [0, 10, '░░░░░░░░░░'],
    [5, 10, '█████░░░░░'],
    [10, 10, '██████████'],
    [11, 10, '██████████'],
    [0, 0, '░░░░░░░░░░'],
    [1, 0, '██████████'],
    [1, 3, '███░░░░░░░'],
  ])('%d of %d', (used, limit, bar) => {
    expect(consumptionBar(used, limit)).toBe(bar);
  });
});

describe('allowanceLine', () => {
  it.each([
    [
      { kind: 'breaking', used: 1, limit: 0, exceeded: true, note: null },
      'breaking              1/0     ██████████ exceeded',
    ],
    [
      { kind: 'non_breaking', used: 2, limit: 10, exceeded: false, note: null },
      'non-breaking          2/10    ██░░░░░░░░',
    ],
    [
      { kind: 'potentially_breaking', used: 3, limit: null, exceeded: false, note: 'pooled' },
      'potentially breaking  3       (spends the non-breaking allowance)',
    ],
    [
      { kind: 'field_churn_percent', used: 12.5, limit: 10, exceeded: true, note: null },
      'field churn           12.5%/10% ██████████ exceeded',
    ],
    [
      { kind: 'field_churn_percent', used: 4, limit: null, exceeded: false, note: null },
      'field churn           4%      (no limit)',
    ],
    [
      { kind: 'field_churn_percent', used: null, limit: 5, exceeded: false, note: 'no_baseline' },
      'field churn           n/a     (no baseline: the operation had no fields at the window start)',
    ],
  ] as const)('%j', (a, line) => {
    expect(allowanceLine(a)).toBe(line);
  });
});
