// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config interpolation syntax under test
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DriftgateError } from '../core/errors.js';
import { budgetSetFromConfig, rulesFromConfig } from './budgets.js';
import { defaultConfig, parseConfig } from './load.js';
import { webhookKind } from './schema.js';

const SEED = readFileSync(new URL('../../test/config/seed-config.verbatim', import.meta.url), 'utf8');

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, { file: 'c.yaml', env });
  } catch (e) {
    if (!(e instanceof DriftgateError)) throw e;
    return e.details.map(
      (d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.location.pointer}: ${d.message}`,
    );
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig: the seed config verbatim', () => {
  const config = parseConfig(SEED, { file: 'seed-config.yaml' });

  it('loads every seed key with its value', () => {
    expect(config.drift_budget.default_budget).toEqual({
      max_breaking_changes: 0,
      max_non_breaking_changes: 10,
      severity_threshold: 'high',
      enabled: true,
    });
    expect(config.drift_budget.per_service_budgets['user-service']).toEqual({
      max_breaking_changes: 0,
      max_non_breaking_changes: 15,
      max_field_churn_percent: 5,
      time_window_days: 30,
      enabled: true,
    });
    expect(config.drift_budget.per_endpoint_budgets['POST /api/users']?.max_non_breaking_changes).toBe(3);
    expect(config.drift_budget.breaking_change_rules).toEqual([
      { type: 'severity', severity: 'high', include_higher: true, enabled: true },
      { type: 'mismatch_type', mismatch_type: 'missing_required_field', enabled: true },
    ]);
    expect(config.drift_budget.incident_retention_days).toBe(90);
    expect(config.drift_budget.gitops).toMatchObject({
      enabled: true,
      openapi_spec_dir: 'specs',
      branch_prefix: 'mockforge/drift-fix',
      base_branch: 'main',
    });
    expect(config.incidents.webhooks.map(webhookKind)).toEqual(['slack', 'jira']);
    expect(config.incidents.webhooks[1]?.headers['X-Jira-Project']).toBe('PROJ');
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(config.drift_budget.per_tag_budgets.users)).toBe(true);
  });

  it('becomes a budget set with stable ids and the seed rules', () => {
    expect(budgetSetFromConfig(config).budgets.map((b) => [b.id, b.enabled])).toEqual([
      ['default', true],
      ['workspace:workspace-1', true],
      ['service:user-service', true],
      ['tag:users', true],
      ['endpoint:POST /api/users', true],
    ]);
    expect(rulesFromConfig(config)).toHaveLength(2);
  });
});

describe('parseConfig: YAML conveniences', () => {
  it('anchors, aliases and merge keys share budget fields', () => {
    const c = parseConfig(
      [
        'drift_budget:',
        '  default_budget: &strict',
        '    max_breaking_changes: 0',
        '    max_non_breaking_changes: 2',
        '  per_service_budgets:',
        '    billing:',
        '      <<: *strict',
        '      max_non_breaking_changes: 1',
        '    users: *strict',
        '',
      ].join('\n'),
    );
    expect(c.drift_budget.per_service_budgets).toEqual({
      billing: { max_breaking_changes: 0, max_non_breaking_changes: 1 },
      users: { max_breaking_changes: 0, max_non_breaking_changes: 2 },
    });
  });
});

describe('parseConfig: defaults', () => {
  it.each([[''], ['# only a comment\n'], ['{}']])('%j is the default config', (text) => {
    expect(parseConfig(text)).toEqual(defaultConfig());
  });

  it('has the documented defaults', () => {
    const c = defaultConfig();
    expect(c.drift_budget).toMatchObject({
      enabled: true,
      incident_retention_days: 90,
      breaking_change_rules: [],
    });
    expect(c.drift_budget.default_budget).toBeUndefined();
    expect(c.server).toEqual({ port: 3000, host: '0.0.0.0', tokens_env: 'DRIFTGATE_TOKENS' });
    expect(c.incidents).toEqual({ webhooks: [], allow_private_targets: false });
  });
});

describe('parseConfig: ${ENV} interpolation', () => {
  it.each([
    [
      'server:\n  port: ${PORT}\n',
      { PORT: '8080' },
      (c: ReturnType<typeof parseConfig>) => c.server.port,
      8080,
    ],
    ['server:\n  port: ${PORT:-9000}\n', {}, (c: ReturnType<typeof parseConfig>) => c.server.port, 9000],
    [
      'server:\n  port: ${PORT:-9000}\n',
      { PORT: '' },
      (c: ReturnType<typeof parseConfig>) => c.server.port,
      9000,
    ],
    [
      'storage:\n  database_url: "postgres://${U}@db/${DB:-app}"\n',
      { U: 'me' },
      (c: ReturnType<typeof parseConfig>) => c.storage.database_url,
      'postgres://me@db/app',
    ],
    [
      'storage:\n  database_url: "$${NOT_A_VAR}"\n',
      {},
      (c: ReturnType<typeof parseConfig>) => c.storage.database_url,
      '${NOT_A_VAR}',
    ],
    [
      'drift_budget:\n  enabled: ${ON}\n',
      { ON: 'false' },
      (c: ReturnType<typeof parseConfig>) => c.drift_budget.enabled,
      false,
    ],
  ] as const)('%j with %j', (text, env, pick, expected) => {
    expect(pick(parseConfig(text, { env }))).toEqual(expected);
  });

  it('a quoted ${VAR} stays a string', () => {
    expect(problems('server:\n  port: "${PORT}"\n', { PORT: '80' })).toEqual([
      'c.yaml:2:9 server.port: expected number, got string "80"',
    ]);
  });

  it('a missing variable names the key and the line', () => {
    expect(problems('incidents:\n  webhooks:\n    - url: ${HOOK_URL}\n')).toEqual([
      'c.yaml:3:12 incidents.webhooks[0].url: environment variable HOOK_URL is not set (use ${VAR:-default} for a default)',
    ]);
  });
});

describe('parseConfig: errors name file, line, key path and what was expected', () => {
  it.each([
    [
      'unknown key with a suggestion',
      'drift_budget:\n  default_budget:\n    max_breaking_change: 1\n',
      [
        'c.yaml:3:5 drift_budget.default_budget.max_breaking_change: unknown key "max_breaking_change" (did you mean "max_breaking_changes"?); expected one of: max_breaking_changes, max_potentially_breaking_changes, max_non_breaking_changes, severity_threshold, max_field_churn_percent, time_window_days, enabled, description',
      ],
    ],
    [
      'unknown key inside a record entry',
      'drift_budget:\n  per_tag_budgets:\n    users:\n      enabeld: true\n',
      [
        'c.yaml:4:7 drift_budget.per_tag_budgets.users.enabeld: unknown key "enabeld" (did you mean "enabled"?); expected one of: max_breaking_changes, max_potentially_breaking_changes, max_non_breaking_changes, severity_threshold, max_field_churn_percent, time_window_days, enabled, description',
      ],
    ],
    [
      'unknown top-level key',
      'drift_budgets: {}\n',
      [
        'c.yaml:1:1 drift_budgets: unknown key "drift_budgets" (did you mean "drift_budget"?); expected one of: drift_budget, incidents, contracts, sync, storage, server, ai',
      ],
    ],
    [
      'wrong type',
      'drift_budget:\n  default_budget:\n    max_breaking_changes: "zero"\n',
      ['c.yaml:3:27 drift_budget.default_budget.max_breaking_changes: expected number, got string "zero"'],
    ],
    [
      'negative limit',
      'drift_budget:\n  default_budget:\n    max_non_breaking_changes: -1\n',
      [
        'c.yaml:3:31 drift_budget.default_budget.max_non_breaking_changes: Too small: expected number to be >=0',
      ],
    ],
    [
      'bad severity',
      'drift_budget:\n  default_budget:\n    severity_threshold: hihg\n',
      [
        'c.yaml:3:25 drift_budget.default_budget.severity_threshold: expected one of critical, high, medium, low, info, got string "hihg" (did you mean "high"?)',
      ],
    ],
    [
      'bad rule type',
      'drift_budget:\n  breaking_change_rules:\n    - type: mismatch\n',
      [
        'c.yaml:3:13 drift_budget.breaking_change_rules[0].type: expected type to be one of severity, mismatch_type, check_id, custom, got string "mismatch" (did you mean "mismatch_type"?)',
      ],
    ],
    [
      'unknown key in a rule, narrowed by its type',
      'drift_budget:\n  breaking_change_rules:\n    - type: check_id\n      checkid: endpoint-removed\n',
      [
        'c.yaml:3:7 drift_budget.breaking_change_rules[0].check_id: required: expected string',
        'c.yaml:4:7 drift_budget.breaking_change_rules[0].checkid: unknown key "checkid" (did you mean "check_id"?); expected one of: type, check_id, enabled, name, description',
      ],
    ],
    [
      'unknown mismatch type',
      'drift_budget:\n  breaking_change_rules:\n    - type: mismatch_type\n      mismatch_type: missing_field\n',
      [
        'c.yaml:4:22 drift_budget.breaking_change_rules[0].mismatch_type: expected one of missing_required_field, type_mismatch, unexpected_field, format_mismatch, constraint_violation, enum_violation, nullability_violation, unknown_endpoint, method_not_allowed, undocumented_status, undocumented_content_type, header_mismatch, query_param_mismatch, path_param_mismatch, field_removed, field_added, status_changed, got string "missing_field"',
      ],
    ],
    [
      'bad endpoint key',
      'drift_budget:\n  per_endpoint_budgets:\n    "POST api/users": {}\n',
      [
        'c.yaml:3:5 drift_budget.per_endpoint_budgets["POST api/users"]: invalid key "POST api/users": expected "METHOD /path/template" or "/path/template"',
      ],
    ],
    [
      'bad webhook event and url',
      'incidents:\n  webhooks:\n    - url: not a url\n      events: [incident.create]\n',
      [
        'c.yaml:3:12 incidents.webhooks[0].url: Invalid URL',
        'c.yaml:4:16 incidents.webhooks[0].events[0]: expected one of incident.created, incident.updated, incident.acknowledged, incident.resolved, incident.closed, budget.exceeded, pr.opened, got string "incident.create" (did you mean "incident.created"?)',
      ],
    ],
    [
      'a list where a mapping belongs',
      'storage: [1]\n',
      ['c.yaml:1:10 storage: expected object, got a list'],
    ],
    ['top level not a mapping', '- 1\n', ['c.yaml:1:1 (root): expected object, got a list']],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('lists every problem at once, in line order', () => {
    const p = problems('server:\n  port: x\n  hots: a\ndrift_budget:\n  enabled: maybe\n');
    expect(p.map((x) => x.split(' ')[0])).toEqual(['c.yaml:2:9', 'c.yaml:3:3', 'c.yaml:5:12']);
  });

  it('bad YAML is config.parse with the line', () => {
    try {
      parseConfig('drift_budget:\n  enabled: true\n\tgitops: x\n', { file: 'c.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DriftgateError);
      const err = e as DriftgateError;
      expect(err.code).toBe('config.parse');
      expect(err.details[0]).toEqual({
        message: 'Tabs are not allowed as indentation',
        location: { file: 'c.yaml', line: 3, column: 1 },
      });
    }
  });

  it('duplicate keys are a YAML error', () => {
    expect(() => parseConfig('server: {}\nserver: {}\n')).toThrow(/not valid YAML/);
  });

  it('the error is config.invalid naming the file', () => {
    try {
      parseConfig('x: 1\n', { file: 'my.yaml' });
      expect.unreachable();
    } catch (e) {
      expect((e as DriftgateError).code).toBe('config.invalid');
      expect((e as DriftgateError).location).toEqual({ file: 'my.yaml' });
    }
  });
});
