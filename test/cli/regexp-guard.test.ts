// A spec `pattern` with nested quantifiers backtracks exponentially on a near-miss: `^(a+)+$` against
// 40 letters and a '!' would run for days. The bin turns on V8's linear-time fallback before anything
// compiles (adapters/regexp-guard.ts), so `driftgate analyze` finishes at once and still reports the
// violation; the same value checked without the guard, in a child process with a budget, does not finish.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/driftgate.js', import.meta.url).pathname;
const spec = new URL('../fixtures/redos/spec.yaml', import.meta.url).pathname;
const value = `${'a'.repeat(40)}!`;
const line = JSON.stringify({
  id: 'e1',
  request: { method: 'GET', url: '/codes', headers: {} },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: { code: value } },
});

describe('catastrophic spec patterns', () => {
  it('driftgate analyze reports the pattern violation without backtracking for days', () => {
    const traffic = join(mkdtempSync(join(tmpdir(), 'driftgate-redos-')), 'traffic.jsonl');
    writeFileSync(traffic, `${line}\n`);
    const started = performance.now();
    const r = spawnSync('node', [bin, 'analyze', '--spec', spec, traffic, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { mismatches: { type: string; location: string; message: string }[] };
    expect(out.mismatches.map((m) => [m.type, m.location, m.message])).toEqual([
      ['constraint_violation', '/body/code', "response 200 body /code: violates 'pattern'"],
    ]);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('the same pattern without the guard is still running after two seconds (the test is not vacuous)', () => {
    const r = spawnSync(
      'node',
      ['-e', `new RegExp('^(a+)+$').test(${JSON.stringify(value)}); console.log('finished')`],
      { encoding: 'utf8', timeout: 2_000 },
    );
    expect(r.stdout).toBe('');
    expect(r.signal).toBe('SIGTERM');
  });
});
