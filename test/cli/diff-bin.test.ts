// `driftgate diff` through the real bin (bin/driftgate.js -> dist/, built by `npm test`): exit codes,
// stdout/stderr separation and stdin piping as a CI job sees them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/driftgate.js', import.meta.url).pathname;
const F = 'test/fixtures/cli';

function driftgate(args: readonly string[], input?: string) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8', input: input ?? '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('driftgate diff (bin)', () => {
  it('exits 1 on a breaking change and prints the same json as in-process', () => {
    const r = driftgate([
      'diff',
      `${F}/base.yaml`,
      `${F}/revision.yaml`,
      '--format',
      'json',
      '--today',
      '2026-11-24',
    ]);
    expect(r).toEqual({ code: 1, stdout: readFileSync(`${F}/golden/diff.json.golden`, 'utf8'), stderr: '' });
  });

  it('reads the base from a pipe and exits 0 with --fail-on never', () => {
    const r = driftgate(
      [
        'diff',
        '-',
        `${F}/revision.yaml`,
        '--format',
        'github',
        '--fail-on',
        'never',
        '--today',
        '2026-11-24',
      ],
      readFileSync(`${F}/base.yaml`, 'utf8'),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[2]).toBe(
      `::warning file=${F}/revision.yaml,title=api-path-removed-without-deprecation GET /stores::api path removed without deprecation (#/paths/~1stores/get)`,
    );
  });

  it('exits 2 on bad input with the message on stderr only', () => {
    const r = driftgate(['diff', `${F}/bad/not-a-spec.yaml`, `${F}/revision.yaml`]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftgate: ${F}/bad/not-a-spec.yaml #: not an OpenAPI document: no 'openapi' or 'swagger' field at the top level\n`,
    });
  });
});
