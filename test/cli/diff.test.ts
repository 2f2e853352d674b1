// `driftgate diff` run in-process through main(argv, io): every format against golden files, the --fail-on
// table, ignore files in both formats, stdin, and every kind of bad input with its exact stderr and exit 2.
// Refresh goldens after an intended change: UPDATE_GOLDEN=1 npx vitest run test/cli/diff.test.ts
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DIFF_FORMATS } from '../../src/render/diff-format.js';

const F = 'test/fixtures/cli';
const TMP = 'test/.tmp/cli-diff';
const TODAY = ['--today', '2026-11-24'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
}

async function run(argv: readonly string[], stdin = '', isTTY = false): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: sink(out),
    stderr: sink(err),
    stdin: Readable.from([stdin]),
    isTTY,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Removes SGR colour sequences (`ESC [ ... m`). */
function stripAnsi(s: string): string {
  return s
    .split('\u001b[')
    .map((part, i) => (i === 0 ? part : part.replace(/^[\d;]*m/, '')))
    .join('');
}

function golden(name: string, actual: string): void {
  const file = `${F}/golden/${name}`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(`${F}/golden`, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('driftgate diff: formats', () => {
  it.each(DIFF_FORMATS)('--format %s', async (format) => {
    const r = await run(['diff', `${F}/base.yaml`, `${F}/revision.yaml`, '--format', format, ...TODAY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    golden(`diff.${format}.golden`, r.stdout);
  });

  it('colours text only on a terminal, never the other formats', async () => {
    const argv = ['diff', `${F}/base.yaml`, `${F}/revision.yaml`, ...TODAY];
    const tty = await run(argv, '', true);
    expect(tty.stdout).toContain('\u001b[1;31mbreaking (2)\u001b[0m');
    expect(stripAnsi(tty.stdout)).toBe(readFileSync(`${F}/golden/diff.text.golden`, 'utf8'));
    expect((await run([...argv, '--format', 'markdown'], '', true)).stdout).not.toContain('\u001b[');
  });

  it('defaults to text', async () => {
    const r = await run(['diff', `${F}/base.yaml`, `${F}/revision.yaml`, ...TODAY]);
    expect(r.stdout).toBe(readFileSync(`${F}/golden/diff.text.golden`, 'utf8'));
  });

  it('json is byte-identical across runs and has the INTERFACES.md keys in order', async () => {
    const argv = ['diff', `${F}/base.yaml`, `${F}/revision.yaml`, '--format', 'json', ...TODAY];
    const [a, b] = [await run(argv), await run(argv)];
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as { changes: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['base', 'revision', 'summary', 'changes']);
    for (const c of json.changes) {
      expect(Object.keys(c)).toEqual(['id', 'level', 'operation', 'location', 'message', 'before', 'after']);
    }
  });

  it('reads JSON documents too', async () => {
    const r = await run(['diff', `${F}/base.json`, `${F}/base.yaml`, '--format', 'json', ...TODAY]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: unknown }).summary).toEqual({
      breaking: 0,
      potentially_breaking: 0,
      non_breaking: 3,
    });
  });
});

describe('driftgate diff: --fail-on', () => {
  const table: [string, string, string, number][] = [
    ['base.yaml', 'revision.yaml', 'breaking', 1],
    ['base.yaml', 'revision.yaml', 'potentially_breaking', 1],
    ['base.yaml', 'revision.yaml', 'non_breaking', 1],
    ['base.yaml', 'revision.yaml', 'never', 0],
    ['base.yaml', 'added-only.yaml', 'breaking', 0],
    ['base.yaml', 'added-only.yaml', 'potentially_breaking', 0],
    ['base.yaml', 'added-only.yaml', 'non_breaking', 1],
    ['base.yaml', 'added-only.yaml', 'never', 0],
    ['base.yaml', 'base.yaml', 'non_breaking', 0],
    ['enum-base.yaml', 'enum-revision.yaml', 'breaking', 0],
    ['enum-base.yaml', 'enum-revision.yaml', 'potentially_breaking', 1],
    ['enum-base.yaml', 'enum-revision.yaml', 'non_breaking', 1],
    ['enum-base.yaml', 'enum-revision.yaml', 'never', 0],
  ];
  it.each(table)('%s -> %s with --fail-on %s exits %i', async (base, revision, failOn, code) => {
    const r = await run([
      'diff',
      `${F}/${base}`,
      `${F}/${revision}`,
      '--fail-on',
      failOn,
      '--format',
      'json',
      ...TODAY,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
  });
});

describe('driftgate diff: --today and deprecation windows reach the engine', () => {
  const table: [string, string, string[], string[], number][] = [
    [
      'sunset-base.yaml',
      'sunset-revision.yaml',
      ['--today', '2026-01-01'],
      ['api-path-removed-before-sunset'],
      1,
    ],
    [
      'sunset-base.yaml',
      'sunset-revision.yaml',
      ['--today', '2026-12-01'],
      ['api-path-removed-with-deprecation'],
      0,
    ],
    [
      'deprecate-base.yaml',
      'deprecate-revision.yaml',
      ['--today', '2026-12-01'],
      ['endpoint-deprecated-with-sunset'],
      0,
    ],
    [
      'deprecate-base.yaml',
      'deprecate-revision.yaml',
      ['--today', '2026-12-01', '--deprecation-days-stable', '30'],
      ['api-sunset-date-too-small'],
      1,
    ],
    [
      'deprecate-base.yaml',
      'deprecate-revision.yaml',
      ['--today', '2026-12-01', '--deprecation-days-stable', '5'],
      ['endpoint-deprecated-with-sunset'],
      0,
    ],
  ];
  it.each(table)('%s -> %s %j', async (base, revision, args, ids, code) => {
    const r = await run(['diff', `${F}/${base}`, `${F}/${revision}`, '--format', 'json', ...args]);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { changes: { id: string }[] }).changes.map((c) => c.id)).toEqual(ids);
    expect(r.code).toBe(code);
  });
});

describe('driftgate diff: --ignore', () => {
  it.each(['ignore-driftgate.txt', 'ignore-oasdiff.txt'])(
    '%s drops the two breaking changes',
    async (file) => {
      const r = await run([
        'diff',
        `${F}/base.yaml`,
        `${F}/revision.yaml`,
        '--ignore',
        `${F}/${file}`,
        ...TODAY,
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          `base:     ${F}/base.yaml (Pet Store 1.0.0)`,
          `revision: ${F}/revision.yaml (Pet Store 1.1.0)`,
          '',
          'non-breaking (2)',
          '  GET /owners',
          '    endpoint-added  endpoint added',
          '  GET /pets',
          '    endpoint-deprecated  endpoint deprecated',
          '',
          'summary: 0 breaking, 0 potentially breaking, 2 non-breaking; 2 ignored',
          'result: pass (nothing at or above --fail-on breaking)',
          '',
        ].join('\n'),
      );
    },
  );

  it('recounts the json summary', async () => {
    const r = await run([
      'diff',
      `${F}/base.yaml`,
      `${F}/revision.yaml`,
      '--ignore',
      `${F}/ignore-oasdiff.txt`,
      '--format',
      'json',
      ...TODAY,
    ]);
    expect((JSON.parse(r.stdout) as { summary: unknown }).summary).toEqual({
      breaking: 0,
      potentially_breaking: 0,
      non_breaking: 2,
    });
  });
});

describe('driftgate diff: stdin', () => {
  const expected = () => readFileSync(`${F}/golden/diff.json.golden`, 'utf8');
  it('reads BASE from -', async () => {
    const r = await run(
      ['diff', '-', `${F}/revision.yaml`, '--format', 'json', ...TODAY],
      readFileSync(`${F}/base.yaml`, 'utf8'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(expected());
  });
  it('reads REVISION from -', async () => {
    const r = await run(
      ['diff', `${F}/base.yaml`, '-', '--format', 'json', ...TODAY],
      readFileSync(`${F}/revision.yaml`, 'utf8'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(expected());
  });
  it('names <stdin> in errors', async () => {
    const r = await run(['diff', '-', `${F}/revision.yaml`], 'openapi: 3.0.3\npaths: {a: [}\n');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^driftgate: <stdin>:2:\d+: invalid YAML: /),
    });
  });
});

describe('driftgate diff: bad input exits 2, names the file and line or pointer, writes nothing to stdout', () => {
  beforeAll(() => {
    mkdirSync(TMP, { recursive: true });
    writeFileSync(
      `${TMP}/yaml-syntax.yaml`,
      'openapi: 3.0.3\ninfo:\n  title: x\n  version: 1\npaths:\n  /pets:\n    get: [unclosed\n',
    );
    writeFileSync(
      `${TMP}/json-syntax.json`,
      '{\n  "openapi": "3.0.3",\n  "info": {"title": "x", "version": "1"},\n  "paths": {\n    "/pets": {,}\n  }\n}\n',
    );
    // 50 MB of pseudo-random bytes (xorshift32, fixed seed: the same file every run).
    const garbage = Buffer.alloc(50 * 1024 * 1024);
    let x = 2463534242;
    for (let i = 0; i < garbage.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      garbage.writeUInt32LE(x >>> 0, i);
    }
    writeFileSync(`${TMP}/garbage.bin`, garbage);
  });
  afterAll(() => rmSync(TMP, { recursive: true, force: true }));

  const R = `${F}/revision.yaml`;
  const table: [string, string[], string][] = [
    ['missing file', ['diff', `${F}/missing.yaml`, R], `driftgate: ${F}/missing.yaml: no such file`],
    [
      'YAML syntax error',
      ['diff', `${TMP}/yaml-syntax.yaml`, R],
      `driftgate: ${TMP}/yaml-syntax.yaml:7:19: invalid YAML: unexpected end of the stream within a flow collection`,
    ],
    [
      'JSON syntax error',
      ['diff', R, `${TMP}/json-syntax.json`],
      `driftgate: ${TMP}/json-syntax.json:5:15: invalid JSON: Expected property name or '}'`,
    ],
    [
      'not a spec',
      ['diff', `${F}/bad/not-a-spec.yaml`, R],
      `driftgate: ${F}/bad/not-a-spec.yaml #: not an OpenAPI document: no 'openapi' or 'swagger' field at the top level`,
    ],
    [
      'dangling $ref',
      ['diff', R, `${F}/bad/dangling-ref.yaml`],
      `driftgate: ${F}/bad/dangling-ref.yaml #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: $ref '#/components/schemas/Pet' points to nothing`,
    ],
    [
      'duplicate operation',
      ['diff', `${F}/bad/duplicate-operation.yaml`, R],
      `driftgate: ${F}/bad/duplicate-operation.yaml #/paths/~1pets~1{id}/get: duplicate operation: GET /pets/{id} is the same operation as GET /pets/{petId} (paths differ only in parameter names)`,
    ],
    [
      '50 MB of random bytes',
      ['diff', `${TMP}/garbage.bin`, R],
      `driftgate: ${TMP}/garbage.bin: not a text document (binary content)`,
    ],
    [
      'unknown --format',
      ['diff', `${F}/base.yaml`, R, '--format', 'xml'],
      "driftgate: unknown --format 'xml' (expected one of: text, json, markdown, junit, sarif, github)",
    ],
    [
      'unknown --fail-on',
      ['diff', `${F}/base.yaml`, R, '--fail-on', 'minor'],
      "driftgate: unknown --fail-on 'minor' (expected one of: breaking, potentially_breaking, non_breaking, never)",
    ],
    ['both arguments -', ['diff', '-', '-'], "driftgate: only one of BASE and REVISION can be '-' (stdin)"],
    [
      'bad --today',
      ['diff', `${F}/base.yaml`, R, '--today', '2026-02-30'],
      "driftgate: --today '2026-02-30' is not a date (expected YYYY-MM-DD)",
    ],
    [
      'bad --deprecation-days-stable',
      ['diff', `${F}/base.yaml`, R, '--deprecation-days-stable', 'ten'],
      "driftgate: --deprecation-days-stable 'ten' is not a whole number of days",
    ],
    [
      'missing ignore file',
      ['diff', `${F}/base.yaml`, R, '--ignore', `${F}/nope.txt`],
      `driftgate: ${F}/nope.txt: no such file`,
    ],
    ['directory as spec', ['diff', F, R], `driftgate: ${F}: is a directory, not a spec file`],
  ];
  it.each(table)('%s', async (_name, argv, stderr) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: `${stderr}\n` });
  });

  it('a missing argument is a usage error', async () => {
    const r = await run(['diff', `${F}/base.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error: missing required argument 'revision'");
  });
});
