// `driftgate analyze` run in-process as a user would: formats, exit codes, --patch-out, redaction.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'driftgate-analyze-'));

async function run(args: string[]) {
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
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

const caseArgs = (name: string) => [
  '--spec',
  join(GOLDEN, name, 'spec.yaml'),
  join(GOLDEN, name, 'exchanges.jsonl'),
];

describe('driftgate analyze', () => {
  it('prints the INTERFACES.md JSON shape and exits 0 by default', async () => {
    const r = await run(['analyze', ...caseArgs('response-body'), '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['summary', 'mismatches', 'corrections']);
    expect(json.summary).toEqual({
      exchanges: 12,
      matched: 12,
      unmatched: 0,
      malformed: 0,
      breaking: 4,
      potentially_breaking: 5,
      non_breaking: 2,
    });
    expect(json.mismatches[0]).toMatchObject({
      type: 'missing_required_field',
      direction: 'response',
      severity: 'high',
      level: 'breaking',
      operation: 'GET /users/{id}',
      status: 200,
      location: '/body/email',
      count: 2,
      first_seen: '2026-01-01T00:01:00Z',
      last_seen: '2026-01-01T00:02:00Z',
      sample_exchange: 'no-email',
    });
    for (const c of json.corrections)
      expect(Object.keys(c)).toEqual(['operation', 'patch', 'confidence', 'support', 'reason', 'kind']);
  });

  it('gates with --fail-on and writes --patch-out as one RFC 6902 array', async () => {
    const patchFile = join(dir, 'fix.json');
    const r = await run([
      'analyze',
      ...caseArgs('response-body'),
      '--fail-on',
      'breaking',
      '--patch-out',
      patchFile,
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^driftgate analyze: 12 exchanges \(12 matched, 0 unmatched, 0 malformed\)/);
    const patch = JSON.parse(readFileSync(patchFile, 'utf8')) as { op: string; path: string }[];
    expect(Array.isArray(patch)).toBe(true);
    expect(patch.length).toBeGreaterThan(0);
    expect(
      patch.every((p) => ['add', 'remove', 'replace', 'test'].includes(p.op) && p.path.startsWith('/')),
    ).toBe(true);
    const high = await run([
      'analyze',
      ...caseArgs('response-body'),
      '--min-confidence',
      '1',
      '--patch-out',
      patchFile,
    ]);
    expect(high.code).toBe(0);
    expect(JSON.parse(readFileSync(patchFile, 'utf8'))).toEqual([]);
  });

  it('renders markdown, and reports malformed lines on stderr while continuing', async () => {
    const r = await run(['analyze', ...caseArgs('matching'), '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('## driftgate analyze');
    expect(r.out).toContain('| unknown_endpoint | GET /owners | 404 | `/path` | 2 |');
    expect(r.err).toContain('exchanges.jsonl:10: skipped: not JSON');
    expect(r.err).toContain("exchanges.jsonl:11: skipped: 'request.url' must be a string");
  });

  it('exits 2 on a bad spec, a bad option or a missing traffic file, writing nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'openapi: 3.0.0\npaths: [1, 2\n');
    const patchFile = join(dir, 'never.json');
    const r1 = await run([
      'analyze',
      '--spec',
      bad,
      join(GOLDEN, 'matching', 'exchanges.jsonl'),
      '--patch-out',
      patchFile,
    ]);
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('bad.yaml');
    expect(r1.out).toBe('');
    expect(() => readFileSync(patchFile)).toThrow();
    expect((await run(['analyze', ...caseArgs('matching'), '--format', 'xml'])).code).toBe(2);
    expect((await run(['analyze', ...caseArgs('matching'), '--min-confidence', '2'])).code).toBe(2);
    const threads = await run(['analyze', ...caseArgs('matching'), '--threads', '0']);
    expect(threads.code).toBe(2);
    expect(threads.err).toContain("--threads '0' must be a whole number from 1 to 64");
    const missing = await run([
      'analyze',
      '--spec',
      join(GOLDEN, 'matching', 'spec.yaml'),
      join(dir, 'nope.jsonl'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.jsonl');
  });

  it('never lets secrets out: authorization, cookies, *token*, *secret*, *password* values', async () => {
    const patchFile = join(dir, 'redaction-patch.json');
    for (const format of ['text', 'json', 'markdown']) {
      const r = await run([
        'analyze',
        ...caseArgs('redaction'),
        '--format',
        format,
        '--patch-out',
        patchFile,
      ]);
      expect(r.code).toBe(0);
      expect(`${r.out}${r.err}${readFileSync(patchFile, 'utf8')}`).not.toContain('SECRET');
    }
  });
});

describe('driftgate analyze progress', () => {
  it('draws a progress bar on a terminal stderr for a large input, and clears it', async () => {
    const file = join(dir, 'big.jsonl');
    const pad = 'x'.repeat(4096);
    const line = JSON.stringify({
      request: { method: 'GET', url: '/v1/pets', headers: { 'x-pad': pad } },
      response: { status: 200, headers: {} },
    });
    writeFileSync(file, `${Array.from({ length: 4200 }, () => line).join('\n')}\n`);
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let err = '';
    stderr.on('data', (c) => {
      err += String(c);
    });
    stdout.resume();
    const code = await main(['analyze', '--spec', join(GOLDEN, 'matching', 'spec.yaml'), file], {
      stdout,
      stderr,
    });
    expect(code).toBe(0);
    expect(err).toMatch(/\[#*\.*\] \d+% \d+\/17 MB, \d+ exchanges/);
    expect(err.endsWith('\r\x1b[K')).toBe(true);
  });
});
