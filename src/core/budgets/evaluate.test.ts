import { describe, expect, it } from 'vitest';
import { type Finding, findingFingerprint, type Level } from '../findings.js';
import { evaluateBudget, fieldChurn, type HistoricChange } from './evaluate.js';
import { lookupBudget } from './hierarchy.js';
import type { BudgetFields, BudgetSet } from './types.js';

const NOW = new Date('2026-03-31T00:00:00.000Z');
const SCOPE = 'ws';

function f(code: string, over: Partial<Finding> = {}): Finding {
  return {
    source: 'traffic',
    code,
    level: null,
    severity: 'low',
    direction: 'response',
    method: 'POST',
    path: '/api/users',
    location: `/body/${code}`,
    message: code,
    before: null,
    after: null,
    count: 1,
    field: `schema:/${code}`,
    ...over,
  };
}

const breaking = (n: string) => f(n, { severity: 'high' });
const potentially = (n: string) => f(n, { severity: 'medium' });
const nonBreaking = (n: string) => f(n);

function budget(fields: BudgetFields, enabled = true) {
  const set: BudgetSet = {
    enabled,
    budgets: [{ id: 'default', level: 'default', key: null, enabled: true, origin: 'config', ...fields }],
  };
  return lookupBudget(set, { method: 'POST', path: '/api/users' });
}

function hist(finding: Finding, level: Level, firstSeen: string): HistoricChange {
  return {
    fingerprint: findingFingerprint(SCOPE, finding),
    level,
    field: finding.field,
    first_seen: firstSeen,
  };
}

function run(
  findings: Finding[],
  fields: BudgetFields,
  history: HistoricChange[] = [],
  baseline: number | null = null,
) {
  return evaluateBudget({
    scope: SCOPE,
    findings,
    rules: [],
    budget: budget(fields),
    history: { changes: history, field_baseline: baseline },
    now: NOW,
  });
}

describe('evaluateBudget: counts per level', () => {
  it.each([
    ['nothing', [], {}, [0, 0, 0], false, null],
    ['one breaking against 0', [breaking('a')], {}, [1, 0, 0], true, 'breaking_change'],
    ['one breaking against 1', [breaking('a')], { max_breaking_changes: 1 }, [1, 0, 0], false, null],
    [
      '10 non-breaking against 10',
      Array.from({ length: 10 }, (_, i) => nonBreaking(`n${i}`)),
      {},
      [0, 0, 10],
      false,
      null,
    ],
    [
      '11 non-breaking against 10',
      Array.from({ length: 11 }, (_, i) => nonBreaking(`n${i}`)),
      {},
      [0, 0, 11],
      true,
      'threshold_exceeded',
    ],
    [
      'potentially breaking pooled into non-breaking',
      [potentially('p'), nonBreaking('n')],
      { max_non_breaking_changes: 1 },
      [0, 1, 1],
      true,
      'threshold_exceeded',
    ],
    [
      'potentially breaking with its own limit',
      [potentially('p'), nonBreaking('n')],
      { max_non_breaking_changes: 1, max_potentially_breaking_changes: 1 },
      [0, 1, 1],
      false,
      null,
    ],
    [
      'potentially breaking over its own limit',
      [potentially('p'), potentially('q')],
      { max_potentially_breaking_changes: 1 },
      [0, 2, 0],
      true,
      'threshold_exceeded',
    ],
    [
      'the same change twice counts once',
      [nonBreaking('n'), nonBreaking('n')],
      { max_non_breaking_changes: 1 },
      [0, 0, 1],
      false,
      null,
    ],
  ] as const)('%s', (_n, findings, fields, [b, p, n], exceeded, type) => {
    const r = run([...findings], fields);
    expect([r.counts.breaking, r.counts.potentially_breaking, r.counts.non_breaking]).toEqual([b, p, n]);
    expect(r.budget_exceeded).toBe(exceeded);
    expect(r.incident_type).toBe(type);
    expect(r.should_create_incident).toBe(exceeded);
  });

  it('reports consumption per allowance', () => {
    const r = run([breaking('a'), potentially('p'), nonBreaking('n')], { max_non_breaking_changes: 3 });
    expect(r.consumption).toEqual([
      { kind: 'breaking', used: 1, limit: 0, exceeded: true, note: null },
      { kind: 'potentially_breaking', used: 1, limit: null, exceeded: false, note: 'pooled' },
      { kind: 'non_breaking', used: 2, limit: 3, exceeded: false, note: null },
      { kind: 'field_churn_percent', used: null, limit: null, exceeded: false, note: 'no_baseline' },
    ]);
    expect(r.severity).toBe('high');
    expect(r.findings_by_level.breaking.map((x) => x.code)).toEqual(['a']);
    expect(r.findings_by_level.potentially_breaking.map((x) => x.code)).toEqual(['p']);
  });

  it('breaking severity is the highest among breaking findings', () => {
    expect(run([breaking('a'), f('c', { severity: 'critical' })], {}).severity).toBe('critical');
  });

  it('a disabled budget never exceeds', () => {
    const r = evaluateBudget({
      scope: SCOPE,
      findings: [breaking('a')],
      rules: [],
      budget: budget({}, false),
      history: { changes: [], field_baseline: null },
      now: NOW,
    });
    expect(r).toMatchObject({
      budget_exceeded: false,
      should_create_incident: false,
      incident_type: null,
      severity: null,
    });
    expect(r.counts.breaking).toBe(1);
  });
});

describe('evaluateBudget: the window', () => {
  const a = nonBreaking('a');
  it.each([
    [
      'history inside the window counts',
      [hist(nonBreaking('old'), 'non_breaking', '2026-03-20T00:00:00Z')],
      [a],
      2,
    ],
    [
      'history exactly at the window start counts',
      [hist(nonBreaking('old'), 'non_breaking', '2026-03-01T00:00:00Z')],
      [a],
      2,
    ],
    [
      'history before the window does not count',
      [hist(nonBreaking('old'), 'non_breaking', '2026-02-28T23:59:59Z')],
      [a],
      1,
    ],
    [
      'a current change first seen before the window does not count',
      [hist(a, 'non_breaking', '2026-01-01T00:00:00Z')],
      [a],
      0,
    ],
    [
      'a current change already in the window counts once',
      [hist(a, 'non_breaking', '2026-03-30T00:00:00Z')],
      [a],
      1,
    ],
    ['history alone, no current findings', [hist(a, 'non_breaking', '2026-03-30T00:00:00Z')], [], 1],
  ])('%s', (_n, history, findings, count) => {
    const r = run(findings, {}, history);
    expect(r.counts.non_breaking).toBe(count);
  });

  it('uses the effective time_window_days', () => {
    const r = run([], { time_window_days: 7 }, [hist(a, 'non_breaking', '2026-03-20T00:00:00Z')]);
    expect(r.window).toEqual({ days: 7, start: '2026-03-24T00:00:00.000Z', end: '2026-03-31T00:00:00.000Z' });
    expect(r.counts.non_breaking).toBe(0);
  });

  it('a change counts at the highest level it was ever classified', () => {
    const r = run([nonBreaking('a')], {}, [hist(a, 'breaking', '2026-03-30T00:00:00Z')]);
    expect(r.counts).toEqual({ breaking: 1, potentially_breaking: 0, non_breaking: 0 });
  });

  it('exceeded by history alone: no incident without a finding in this run', () => {
    const history = Array.from({ length: 11 }, (_, i) =>
      hist(nonBreaking(`h${i}`), 'non_breaking', '2026-03-30T00:00:00Z'),
    );
    const r = run([], {}, history);
    expect(r.budget_exceeded).toBe(true);
    expect(r.should_create_incident).toBe(false);
  });
});

describe('field churn %', () => {
  it.each([
    ['empty scope, no changes', [], 0, 0],
    ['unknown baseline, no changes', [], null, 0],
    ['zero baseline with changes', ['x'], 0, null],
    ['unknown baseline with changes', ['x'], null, null],
    ['1 of 4 fields', ['x'], 4, 25],
    ['2 of 3 fields, rounded', ['x', 'y'], 3, 66.67],
    ['the same field twice is one field', ['x', 'x'], 4, 25],
    ['changes without a field do not count', [null], 4, 0],
  ] as const)('%s', (_n, fields, baseline, percent) => {
    const r = fieldChurn(
      fields.map((field) => ({ field })),
      baseline,
      null,
    );
    expect(r.percent).toBe(percent);
  });

  it.each([
    [1, 20, 5, false],
    [1, 20, 4.99, true],
    [1, 0, 0, false],
  ])('%i changed of %i fields vs limit %d: exceeded %s', (changed, baseline, limit, exceeded) => {
    const findings = Array.from({ length: changed }, (_, i) => nonBreaking(`c${i}`));
    const r = run(findings, { max_field_churn_percent: limit, max_non_breaking_changes: 100 }, [], baseline);
    expect(r.field_churn.exceeded).toBe(exceeded);
    expect(r.budget_exceeded).toBe(exceeded);
    if (exceeded) expect(r).toMatchObject({ incident_type: 'threshold_exceeded', severity: 'medium' });
  });

  it('counts distinct fields of the window, history included', () => {
    const r = run(
      [nonBreaking('a')],
      { max_field_churn_percent: 10, max_non_breaking_changes: 100 },
      [
        hist(nonBreaking('b'), 'non_breaking', '2026-03-29T00:00:00Z'),
        hist(nonBreaking('old'), 'non_breaking', '2025-01-01T00:00:00Z'),
      ],
      10,
    );
    expect(r.field_churn).toEqual({
      changed_fields: 2,
      baseline_fields: 10,
      percent: 20,
      limit: 10,
      exceeded: true,
    });
  });
});
