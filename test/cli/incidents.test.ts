// `driftgate incidents` against a real server on 127.0.0.1: list (with --all paging), show, ack, resolve,
// and the exit code and message for a missing incident and an unreachable server.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startTestServer, type TestServer } from '../server/harness.js';
import { TARGETS } from '../storage/targets.js';

function capture() {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(chunk.toString());
        cb();
      },
    });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) },
    out: () => out,
    err: () => err,
  };
}

async function run(...argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('driftgate incidents', () => {
  let t: TestServer;
  let base: string;
  beforeAll(async () => {
    t = await startTestServer(TARGETS[0]!);
    base = await t.server.listen();
    const spec = (paths: string[]) => ({
      openapi: '3.0.3',
      info: { title: 'S', version: '1' },
      paths: Object.fromEntries(
        paths.map((p) => [p, { get: { responses: { 200: { description: 'ok' } } } }]),
      ),
    });
    for (const v of [['/p1', '/p2', '/p3'], ['/p2', '/p3'], ['/p3'], []]) {
      await t.call('POST', '/api/v1/drift/specs', { body: { workspace_id: 'cli', spec: spec(v) } });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every page with --all, shows one, acknowledges and resolves it', async () => {
    const list = await run(
      'incidents',
      'list',
      '--url',
      base,
      '--workspace',
      'cli',
      '--limit',
      '2',
      '--all',
      '--format',
      'json',
    );
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.out) as { total: number; incidents: { id: string; endpoint: string }[] };
    expect(parsed.total).toBe(3);
    expect(parsed.incidents.map((i) => i.endpoint).sort()).toEqual(['/p1', '/p2', '/p3']);

    const text = await run('incidents', 'list', '--url', base, '--workspace', 'cli');
    expect(text.out.split('\n')[0]).toMatch(
      /^id\s+severity\s+status\s+type\s+operation\s+workspace\s+seen\s+last seen$/,
    );
    expect(text.out).toContain('3 of 3 incidents');

    const id = parsed.incidents[0]!.id;
    const show = await run('incidents', 'show', id, '--url', base);
    expect(show.code).toBe(0);
    expect(show.out).toContain(`${id}  high breaking_change  GET ${parsed.incidents[0]!.endpoint}`);
    expect(show.out).toContain('timeline:');

    expect((await run('incidents', 'ack', id, '--url', base, '--note', 'on it')).out).toBe(
      `${id} is acknowledged\n`,
    );
    expect((await run('incidents', 'resolve', id, '--url', base)).out).toBe(`${id} is resolved\n`);
    const again = await run('incidents', 'ack', id, '--url', base);
    expect(again.code).toBe(2);
    expect(again.err).toContain('answered 409');
  });

  it('exits 2 with a clear message for a missing incident and an unreachable server', async () => {
    const missing = await run('incidents', 'show', 'nope', '--url', base);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("answered 404: incident 'nope' not found");
    const down = await run('incidents', 'list', '--url', 'http://127.0.0.1:9');
    expect(down.code).toBe(2);
    expect(down.err).toContain('cannot reach the driftgate server at http://127.0.0.1:9');
  });
});
