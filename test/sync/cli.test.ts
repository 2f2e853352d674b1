// `driftgate sync` in-process: JSON output with the cycle id and changes, fixtures rewritten in place when
// no GitOps PR carries them (so the next cycle is clean), exit codes, and usage errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriftingUpstream, SPEC_YAML, startDriftingUpstream } from '../../demo/upstream.js';
import { FixtureRecorder } from '../../src/adapters/fixtures/fs-fixtures.js';
import { main } from '../../src/cli/main.js';

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      into.push(String(chunk));
      cb();
    },
  });
}

async function run(argv: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: sink(out), stderr: sink(err), isTTY: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('driftgate sync (CLI)', () => {
  let upstream: DriftingUpstream;
  let dir: string;
  beforeAll(async () => {
    upstream = await startDriftingUpstream();
    dir = await mkdtemp(join(tmpdir(), 'driftgate-sync-cli-'));
    await writeFile(join(dir, 'users.yaml'), SPEC_YAML);
    const recorder = new FixtureRecorder(join(dir, 'fixtures'));
    await recorder.record('GET', '/api/users/{id}', {
      request: { method: 'GET', url: '/api/users/1', headers: {} },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { id: 1, name: 'Ada', email: 'ada@example.com', updated_at: '2026-01-01T00:00:00.000Z' },
      },
    });
    // Not replayed: an unsafe method without replay_unsafe_methods.
    await recorder.record('POST', '/api/echo', {
      request: { method: 'POST', url: '/api/echo', headers: {}, body: { a: 1 } },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: { received: { a: 1 } },
      },
    });
  });
  afterAll(async () => {
    await upstream?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const argv = () => [
    'sync',
    '--upstream',
    upstream.url,
    '--spec',
    join(dir, 'users.yaml'),
    '--fixtures',
    join(dir, 'fixtures'),
    '--db',
    join(dir, 'driftgate.db'),
    '--workspace',
    'cli',
    '--format',
    'json',
  ];

  it('reports no drift, then the drift (json), rewrites the fixture in place, then is clean again', async () => {
    const clean = await run(argv());
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const a = JSON.parse(clean.stdout);
    expect(a.summary).toMatchObject({ endpoints_checked: 1, changed: 0, skipped: 1, errors: 0 });
    expect(a.sync_cycle_id).toMatch(/\S/);

    upstream.version = 2;
    const drift = await run(argv());
    expect(drift.code).toBe(1); // the built-in budget allows no breaking change
    const b = JSON.parse(drift.stdout);
    expect(b.changes.map((c: { code: string; location: string }) => `${c.code} ${c.location}`)).toEqual([
      'type_mismatch /body/id',
      'field_removed /body/email',
      'field_added /body/nickname',
      'missing_required_field /body/email',
      'type_mismatch /body/id',
      'unexpected_field /body/nickname',
    ]);
    expect(b.summary.fixtures_updated).toEqual(['get/api__users__{id}/200.json']);
    const fixture = JSON.parse(await readFile(join(dir, 'fixtures/get/api__users__{id}/200.json'), 'utf8'));
    expect(fixture.request.url).toBe('/api/users/1');
    expect(fixture.response.body).toMatchObject({ id: '1', nickname: 'ada' });

    // The fixture now holds the new shape: only the spec still disagrees.
    const again = JSON.parse((await run(argv())).stdout);
    expect(again.changes.map((c: { code: string }) => c.code)).toEqual([
      'missing_required_field',
      'type_mismatch',
      'unexpected_field',
    ]);
    upstream.version = 1;
  });

  it('text output and usage errors', async () => {
    const text = await run(argv().slice(0, -2));
    expect(text.stdout).toMatch(
      /^sync cycle \S+ \(cli\): succeeded in \d+ ms\n {2}endpoints checked: 1, changed: 1/,
    );
    const bad = await run(['sync', '--upstream', upstream.url, '--fixtures', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--spec');
    const interval = await run([...argv(), '--interval', 'soon']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('--interval');
  });
});
