// `driftgate check` end to end, in process: real files, real config, real SQLite history.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const SEED = new URL('../config/seed-config.verbatim', import.meta.url).pathname;
const NOW = '2026-03-01T00:00:00Z';
const tmp = mkdtempSync(join(tmpdir(), 'driftgate-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += String(c);
  });
  stderr.on('data', (c) => {
    err += String(c);
  });
  const code = await main(['check', ...args], { stdout, stderr, isTTY: false });
  return { code, stdout: out, stderr: err };
}

const f = (name: string) => join(FIX, name);

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('driftgate check: the seed example workflow', () => {
  const cfg = ['--config', f('seed-workflow.yaml'), '--now', NOW];

  it('a non-breaking change within the service budget passes (exit 0)', async () => {
    const r = await run(...cfg, '--base', f('users-v1.yaml'), '--revision', f('users-v2-tag.yaml'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden('tag-added.txt', r.stdout);
  });

  it('a breaking change exceeds max_breaking_changes 0 (exit 1)', async () => {
    const r = await run(...cfg, '--base', f('users-v1.yaml'), '--revision', f('users-get-removed.yaml'));
    expect(r.code).toBe(1);
    golden('get-removed.txt', r.stdout);
  });

  it('--format json carries the PRODUCT.md result shape', async () => {
    const r = await run(
      ...cfg,
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-get-removed.yaml'),
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      workspace: 'default',
      service: 'user-service',
      budget_exceeded: true,
      should_create_incident: true,
      summary: {
        operations: 1,
        exceeded: 1,
        findings: { breaking: 1, potentially_breaking: 0, non_breaking: 0 },
      },
    });
    const e = report.evaluations[0];
    expect(e).toMatchObject({
      operation: 'GET /api/users',
      counts: { breaking: 1, potentially_breaking: 0, non_breaking: 0 },
      budget_exceeded: true,
      should_create_incident: true,
      incident_type: 'breaking_change',
      severity: 'high',
      budget: { id: 'service:user-service', level: 'service' },
    });
    expect(e.budget.sources.max_non_breaking_changes).toEqual({
      level: 'service',
      budget_id: 'service:user-service',
    });
    expect(e.budget.sources.severity_threshold).toEqual({ level: 'builtin', budget_id: 'builtin' });
    expect(e.findings_by_level.breaking.map((x: { code: string }) => x.code)).toEqual([
      'api-removed-without-deprecation',
    ]);
    // before/after are the diff engine's business (and change with it); the golden pins the budget shape.
    const stable = JSON.stringify(
      report,
      (k, v) => (k === 'before' || k === 'after' ? '<diff engine value>' : v),
      2,
    );
    golden('get-removed.golden.json', `${stable}\n`);
  });

  it('--format markdown for CI comments', async () => {
    const r = await run(
      ...cfg,
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-get-removed.yaml'),
      '--format',
      'markdown',
    );
    expect(r.code).toBe(1);
    golden('get-removed.md.golden', r.stdout);
  });

  it('no changes at all: within budget', async () => {
    const r = await run(...cfg, '--base', f('users-v1.yaml'), '--revision', f('users-v1.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no drift found');
  });
});

describe('driftgate check: no config at all', () => {
  it('the built-in default budget gates (max_breaking_changes 0)', async () => {
    const r = await run(
      '--now',
      NOW,
      '--format',
      'json',
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-get-removed.yaml'),
    );
    expect(r.code).toBe(1);
    const e = JSON.parse(r.stdout).evaluations[0];
    expect(e.budget).toMatchObject({ id: 'builtin', level: 'builtin', enabled: true });
    expect(e.incident_type).toBe('breaking_change');
  });

  it('a disabled default with nothing else ungates', async () => {
    const cfg = join(tmp, 'off.yaml');
    writeFileSync(cfg, 'drift_budget:\n  default_budget:\n    enabled: false\n');
    const r = await run(
      '--config',
      cfg,
      '--now',
      NOW,
      '--format',
      'json',
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-get-removed.yaml'),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).evaluations[0].budget).toMatchObject({
      enabled: false,
      disabled_reason: 'no_enabled_budget',
    });
  });

  it('the master switch off ungates everything', async () => {
    const cfg = join(tmp, 'master-off.yaml');
    writeFileSync(cfg, 'drift_budget:\n  enabled: false\n');
    const r = await run(
      '--config',
      cfg,
      '--now',
      NOW,
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-get-removed.yaml'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('drift_budget.enabled is false: nothing is gated');
  });
});

describe('driftgate check: the seed config verbatim', () => {
  it('resolves the endpoint budget and inherits the rest field by field', async () => {
    const r = await run(
      '--config',
      SEED,
      '--now',
      NOW,
      '--workspace',
      'workspace-1',
      '--format',
      'json',
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout).evaluations[0];
    expect(e.operation).toBe('POST /api/users');
    expect(
      e.budget.chain.map((c: { budget_id: string; status: string }) => `${c.budget_id}:${c.status}`),
    ).toEqual([
      'endpoint:POST /api/users:applied',
      'tag:users:applied',
      'service:user-service:applied',
      'workspace:workspace-1:applied',
      'default:applied',
      'builtin:applied',
    ]);
    expect(e.budget.effective).toEqual({
      max_breaking_changes: 0,
      max_potentially_breaking_changes: null,
      max_non_breaking_changes: 3,
      severity_threshold: 'high',
      max_field_churn_percent: 5,
      time_window_days: 30,
    });
    expect(e.counts).toEqual({ breaking: 0, potentially_breaking: 0, non_breaking: 2 });
  });
});

describe('driftgate check --history: the window across runs (real SQLite file)', () => {
  const db = () => join(tmp, 'history.db');
  const cfg = () => ['--config', f('tight.yaml'), '--history', db(), '--format', 'json'];
  const counts = (stdout: string) => JSON.parse(stdout).evaluations[0]?.counts;

  it('spends the endpoint allowance across runs, counts repeats once, and forgets outside the window', async () => {
    const first = await run(
      ...cfg(),
      '--now',
      '2026-03-01T00:00:00Z',
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-v2-tag.yaml'),
    );
    expect(first.stderr).toBe('');
    expect([first.code, counts(first.stdout)]).toEqual([
      0,
      { breaking: 0, potentially_breaking: 0, non_breaking: 1 },
    ]);

    const second = await run(
      ...cfg(),
      '--now',
      '2026-03-05T00:00:00Z',
      '--base',
      f('users-v2-tag.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    expect([second.code, counts(second.stdout)]).toEqual([
      1,
      { breaking: 0, potentially_breaking: 0, non_breaking: 2 },
    ]);
    expect(JSON.parse(second.stdout).evaluations[0]).toMatchObject({
      incident_type: 'threshold_exceeded',
      severity: 'medium',
    });

    const again = await run(
      ...cfg(),
      '--now',
      '2026-03-06T00:00:00Z',
      '--base',
      f('users-v2-tag.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    expect([again.code, counts(again.stdout)]).toEqual([
      1,
      { breaking: 0, potentially_breaking: 0, non_breaking: 2 },
    ]);

    // 2026-04-02: the tag change (first seen 03-01) left the 30-day window; the operationId change (03-05) did not.
    const later = await run(
      ...cfg(),
      '--now',
      '2026-04-02T00:00:00Z',
      '--base',
      f('users-v2-tag.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    expect([later.code, counts(later.stdout)]).toEqual([
      0,
      { breaking: 0, potentially_breaking: 0, non_breaking: 1 },
    ]);

    // 2026-04-10: the operationId change is still reported but was first seen before the window: not spent.
    const much = await run(
      ...cfg(),
      '--now',
      '2026-04-10T00:00:00Z',
      '--base',
      f('users-v2-tag.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    const e = JSON.parse(much.stdout).evaluations[0];
    expect([much.code, e.counts.non_breaking, e.findings_by_level.non_breaking[0].in_window]).toEqual([
      0,
      0,
      false,
    ]);
  });

  it('without --history every run is stateless', async () => {
    const r = await run(
      '--config',
      f('tight.yaml'),
      '--format',
      'json',
      '--now',
      '2026-03-05T00:00:00Z',
      '--base',
      f('users-v2-tag.yaml'),
      '--revision',
      f('users-v3-opid.yaml'),
    );
    expect([r.code, counts(r.stdout)]).toEqual([
      0,
      { breaking: 0, potentially_breaking: 0, non_breaking: 1 },
    ]);
  });
});

describe('driftgate check --traffic: recorded exchanges against the contract', () => {
  const cfg = ['--config', f('seed-workflow.yaml'), '--now', NOW, '--format', 'json'];

  it('aggregates mismatches into distinct changes per operation', async () => {
    const r = await run(...cfg, '--traffic', f('users-traffic.jsonl'), '--spec', f('users-v1.yaml'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const rows = report.evaluations.map(
      (e: {
        operation: string;
        counts: unknown;
        incident_type: string | null;
        findings_by_level: Record<string, { code: string; count: number }[]>;
      }) => [
        e.operation,
        e.counts,
        e.incident_type,
        Object.values(e.findings_by_level)
          .flat()
          .map((x) => `${x.code}x${x.count}`),
      ],
    );
    expect(rows).toEqual([
      [
        'GET /api/users/{id}',
        { breaking: 0, potentially_breaking: 1, non_breaking: 0 },
        null,
        ['undocumented_statusx2'],
      ],
      [
        'POST /api/users',
        { breaking: 1, potentially_breaking: 0, non_breaking: 1 },
        'breaking_change',
        ['type_mismatchx1', 'unexpected_fieldx2'],
      ],
    ]);
  });

  it('takes the contract from --revision and adds the traffic findings to the spec changes', async () => {
    const r = await run(
      ...cfg,
      '--base',
      f('users-v1.yaml'),
      '--revision',
      f('users-v2-tag.yaml'),
      '--traffic',
      f('users-traffic.jsonl'),
    );
    const post = JSON.parse(r.stdout).evaluations.find(
      (e: { operation: string }) => e.operation === 'POST /api/users',
    );
    expect(post.counts).toEqual({ breaking: 1, potentially_breaking: 0, non_breaking: 2 });
  });

  it('takes the contract from the config contracts entry', async () => {
    const cfgFile = join(tmp, 'contracts.yaml');
    writeFileSync(cfgFile, `contracts:\n  - service: user-service\n    spec: ${f('users-v1.yaml')}\n`);
    const r = await run(
      '--config',
      cfgFile,
      '--now',
      NOW,
      '--format',
      'json',
      '--traffic',
      f('users-traffic.jsonl'),
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).service).toBe('user-service');
  });

  it('a malformed traffic line is bad input (exit 2) naming file and line', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync(f('users-traffic.jsonl'), 'utf8')}{not json\n`);
    const r = await run(...cfg, '--traffic', bad, '--spec', f('users-v1.yaml'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}:6`);
  });
});

describe('driftgate check: bad input exits 2 with the reason on stderr', () => {
  const v1 = f('users-v1.yaml');
  it.each([
    ['no input', [], 'nothing to check'],
    ['--base without --revision', ['--base', v1], '--base and --revision go together'],
    ['unknown format', ['--base', v1, '--revision', v1, '--format', 'xml'], "unknown --format 'xml'"],
    [
      'bad --now',
      ['--base', v1, '--revision', v1, '--now', 'yesterday'],
      "--now 'yesterday' is not an ISO 8601 instant",
    ],
    ['traffic without a contract', ['--traffic', f('users-traffic.jsonl')], '--traffic needs a contract'],
    [
      '--spec without --traffic',
      ['--base', v1, '--revision', v1, '--spec', v1],
      '--spec is the contract for --traffic',
    ],
    [
      'two stdin inputs',
      ['--base', '-', '--revision', '-'],
      "only one of --base, --revision and --spec can be '-'",
    ],
    [
      'missing config',
      ['--config', join(tmp, 'nope.yaml'), '--base', v1, '--revision', v1],
      'cannot read the config file',
    ],
    ['missing spec', ['--base', v1, '--revision', join(tmp, 'nope.yaml')], 'nope.yaml'],
  ])('%s', async (_name, args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('an invalid config names file, line and key', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'drift_budget:\n  default_budget:\n    max_breaking_change: 0\n');
    const r = await run('--config', bad, '--base', v1, '--revision', v1);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `driftgate: ${bad}: invalid config (1 problem)\n  ${bad}:3:5 drift_budget.default_budget.max_breaking_change: unknown key "max_breaking_change" (did you mean "max_breaking_changes"?); expected one of: max_breaking_changes, max_potentially_breaking_changes, max_non_breaking_changes, severity_threshold, max_field_churn_percent, time_window_days, enabled, description\n`,
    );
  });
});
