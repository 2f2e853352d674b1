import { describe, expect, it } from 'vitest';
import type { Finding, Level, Severity } from '../findings.js';
import { type BreakingChangeRule, classifyFinding, ruleMatches } from './classify.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    source: 'traffic',
    code: 'unexpected_field',
    level: null,
    severity: 'low',
    direction: 'response',
    method: 'POST',
    path: '/api/users',
    location: '/body/x',
    message: 'm',
    before: null,
    after: null,
    count: 1,
    field: 'schema:/x',
    ...over,
  };
}

describe('ruleMatches: every rule type', () => {
  const cases: [string, BreakingChangeRule, Partial<Finding>, boolean][] = [
    ['severity exact', { type: 'severity', severity: 'high' }, { severity: 'high' }, true],
    [
      'severity exact, higher does not match',
      { type: 'severity', severity: 'high' },
      { severity: 'critical' },
      false,
    ],
    [
      'severity include_higher, higher',
      { type: 'severity', severity: 'high', include_higher: true },
      { severity: 'critical' },
      true,
    ],
    [
      'severity include_higher, equal',
      { type: 'severity', severity: 'high', include_higher: true },
      { severity: 'high' },
      true,
    ],
    [
      'severity include_higher, lower',
      { type: 'severity', severity: 'high', include_higher: true },
      { severity: 'medium' },
      false,
    ],
    ['severity disabled', { type: 'severity', severity: 'low', enabled: false }, { severity: 'low' }, false],
    [
      'mismatch_type match',
      { type: 'mismatch_type', mismatch_type: 'missing_required_field' },
      { code: 'missing_required_field' },
      true,
    ],
    [
      'mismatch_type other',
      { type: 'mismatch_type', mismatch_type: 'missing_required_field' },
      { code: 'type_mismatch' },
      false,
    ],
    [
      'mismatch_type on sync',
      { type: 'mismatch_type', mismatch_type: 'field_removed' },
      { source: 'sync', code: 'field_removed' },
      true,
    ],
    [
      'mismatch_type never matches spec checks',
      { type: 'mismatch_type', mismatch_type: 'x' },
      { source: 'spec', code: 'x' },
      false,
    ],
    [
      'check_id match',
      { type: 'check_id', check_id: 'endpoint-added' },
      { source: 'spec', code: 'endpoint-added' },
      true,
    ],
    [
      'check_id other',
      { type: 'check_id', check_id: 'endpoint-added' },
      { source: 'spec', code: 'endpoint-removed' },
      false,
    ],
    [
      'check_id never matches traffic',
      { type: 'check_id', check_id: 'type_mismatch' },
      { code: 'type_mismatch' },
      false,
    ],
    [
      'custom glob * within a segment',
      { type: 'custom', path_pattern: '/api/*' },
      { path: '/api/users' },
      true,
    ],
    [
      'custom glob * not across segments',
      { type: 'custom', path_pattern: '/api/*' },
      { path: '/api/users/{id}' },
      false,
    ],
    [
      'custom glob ** across segments',
      { type: 'custom', path_pattern: '/api/**' },
      { path: '/api/users/{id}' },
      true,
    ],
    [
      'custom glob literal braces',
      { type: 'custom', path_pattern: '/api/users/{id}' },
      { path: '/api/users/{id}' },
      true,
    ],
    ['custom glob no path', { type: 'custom', path_pattern: '/**' }, { path: null }, false],
    ['custom method case-insensitive', { type: 'custom', method: 'post' }, { method: 'POST' }, true],
    ['custom method other', { type: 'custom', method: 'GET' }, { method: 'POST' }, false],
    [
      'custom all conditions',
      { type: 'custom', path_pattern: '/api/**', method: 'POST', severity: 'low' },
      {},
      true,
    ],
    [
      'custom all conditions, one fails',
      { type: 'custom', path_pattern: '/api/**', method: 'POST', severity: 'info' },
      {},
      false,
    ],
    [
      'custom severity include_higher',
      { type: 'custom', severity: 'info', include_higher: true },
      { severity: 'low' },
      true,
    ],
    ['custom without conditions matches nothing', { type: 'custom' }, {}, false],
  ];
  it.each(cases)('%s', (_name, rule, over, expected) => {
    expect(ruleMatches(rule, finding(over))).toBe(expected);
  });
});

describe('classifyFinding (PRODUCT.md "Classification")', () => {
  const seedRules: BreakingChangeRule[] = [
    { type: 'severity', severity: 'high', include_higher: true, enabled: true },
    { type: 'mismatch_type', mismatch_type: 'missing_required_field', enabled: true },
  ];
  const cases: [string, BreakingChangeRule[], Severity, Partial<Finding>, Level, string][] = [
    [
      'a matching rule',
      seedRules,
      'critical',
      { code: 'missing_required_field', severity: 'low' },
      'breaking',
      'rule',
    ],
    ['severity at the threshold', [], 'high', { severity: 'high' }, 'breaking', 'severity_threshold'],
    ['severity above the threshold', [], 'high', { severity: 'critical' }, 'breaking', 'severity_threshold'],
    [
      'severity below the threshold, medium',
      [],
      'high',
      { severity: 'medium' },
      'potentially_breaking',
      'medium_severity',
    ],
    [
      'medium at a medium threshold is breaking',
      [],
      'medium',
      { severity: 'medium' },
      'breaking',
      'severity_threshold',
    ],
    [
      'high under a critical threshold and no rules',
      [],
      'critical',
      { severity: 'high' },
      'non_breaking',
      'default',
    ],
    ['type_mismatch', [], 'high', { code: 'type_mismatch' }, 'potentially_breaking', 'mismatch_type'],
    ['format_mismatch', [], 'high', { code: 'format_mismatch' }, 'potentially_breaking', 'mismatch_type'],
    [
      'constraint_violation',
      [],
      'high',
      { code: 'constraint_violation' },
      'potentially_breaking',
      'mismatch_type',
    ],
    ['enum_violation', [], 'high', { code: 'enum_violation' }, 'potentially_breaking', 'mismatch_type'],
    ['unexpected_field low', [], 'high', {}, 'non_breaking', 'default'],
    ['info at an info threshold', [], 'info', { severity: 'info' }, 'breaking', 'severity_threshold'],
    [
      'disabled rule ignored',
      [{ type: 'severity', severity: 'low', enabled: false }],
      'high',
      {},
      'non_breaking',
      'default',
    ],
    // Engine level is a floor: never downgraded by a lax budget.
    [
      'engine breaking under a critical threshold',
      [],
      'critical',
      { source: 'spec', code: 'endpoint-removed', level: 'breaking', severity: 'high' },
      'breaking',
      'engine_level',
    ],
    [
      'engine potentially breaking stays',
      [],
      'critical',
      { source: 'spec', code: 'x', level: 'potentially_breaking', severity: 'low' },
      'potentially_breaking',
      'engine_level',
    ],
    [
      'engine non_breaking raised by a check_id rule',
      [{ type: 'check_id', check_id: 'endpoint-added' }],
      'high',
      { source: 'spec', code: 'endpoint-added', level: 'non_breaking' },
      'breaking',
      'rule',
    ],
    [
      'spec check named like a mismatch type is not a mismatch',
      [],
      'high',
      { source: 'spec', code: 'type_mismatch', level: 'non_breaking' },
      'non_breaking',
      'default',
    ],
  ];
  it.each(cases)('%s', (_name, rules, threshold, over, level, reason) => {
    const c = classifyFinding(finding(over), rules, { severity_threshold: threshold });
    expect(c.level).toBe(level);
    expect(c.reason.kind).toBe(reason);
  });

  it('names the first matching rule', () => {
    const c = classifyFinding(finding({ code: 'missing_required_field', severity: 'high' }), seedRules, {
      severity_threshold: 'critical',
    });
    expect(c.reason).toEqual({ kind: 'rule', rule_index: 0, rule_type: 'severity' });
  });
});
