// Streaming readers over real files: JSONL (plain and gzip, CRLF, malformed lines), HAR 1.2 (bodies,
// base64, mime types, malformed entries), and the errors that stop a run (missing file, not a HAR).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type MalformedRecord, readTraffic } from '../../src/adapters/traffic/read-traffic.js';
import type { Exchange } from '../../src/core/traffic/exchange.js';

const dir = mkdtempSync(join(tmpdir(), 'driftgate-readers-'));
mkdirSync(dir, { recursive: true });

async function read(files: string[]) {
  const malformed: MalformedRecord[] = [];
  const out: Exchange[] = [];
  for await (const e of readTraffic(files, { onMalformed: (m) => malformed.push(m) })) out.push(e);
  return { out, malformed };
}

const line = (i: number) =>
  JSON.stringify({ request: { method: 'GET', url: `/items/${i}`, headers: { Accept: 'application/json' } } });

describe('exchange JSONL', () => {
  it('reads line by line, skips and reports malformed lines with their numbers, accepts CRLF', async () => {
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        line(1),
        '{"request": {"method": "GET"}}',
        '',
        'not json',
        line(2),
        '{"request":{"method":"GET","url":"/x"},"response":{"status":9}}',
      ].join('\r\n'),
    );
    const { out, malformed } = await read([file]);
    expect(out.map((e) => [e.id, e.request.url])).toEqual([
      [`${file}:1`, '/items/1'],
      [`${file}:5`, '/items/2'],
    ]);
    expect(malformed.map((m) => [m.line, m.message.split(':')[0]])).toEqual([
      [2, "'request.url' must be a string"],
      [4, 'not JSON'],
      [6, "'response.status' must be an HTTP status code"],
    ]);
  });

  it('reads gzip (by extension and by magic bytes) and many files in order', async () => {
    const text = `${Array.from({ length: 5000 }, (_, i) => line(i)).join('\n')}\n`;
    writeFileSync(join(dir, 'b.jsonl.gz'), gzipSync(text));
    writeFileSync(join(dir, 'c.data'), gzipSync(line(9999)));
    const { out, malformed } = await read([join(dir, 'b.jsonl.gz'), join(dir, 'c.data')]);
    expect(malformed).toEqual([]);
    expect(out).toHaveLength(5001);
    expect(out[4999]!.request.url).toBe('/items/4999');
    expect(out[5000]!.request.url).toBe('/items/9999');
  });

  it('fails clearly on a missing file', async () => {
    await expect(read([join(dir, 'missing.jsonl')])).rejects.toThrow(/does not exist/);
  });
});

describe('HAR 1.2', () => {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        {
          startedDateTime: '2026-01-01T00:00:00.000Z',
          request: {
            method: 'POST',
            url: 'https://api.example.com/v1/users?x=1',
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            postData: { mimeType: 'application/json', text: '{"name":"A"}' },
          },
          response: {
            status: 201,
            headers: [{ name: 'Content-Type', value: 'application/json; charset=utf-8' }],
            content: {
              mimeType: 'application/json; charset=utf-8',
              text: Buffer.from('{"id":1}').toString('base64'),
              encoding: 'base64',
            },
          },
        },
        { request: { method: 'GET' } },
        {
          request: { method: 'GET', url: '/page', headers: [] },
          response: { status: 200, headers: [], content: { mimeType: 'text/html', text: '<p>hi</p>' } },
        },
        {
          request: { method: 'GET', url: '/aborted', headers: [] },
          response: { status: 0, headers: [], content: {} },
        },
      ],
    },
  };

  it('maps entries to exchanges: JSON bodies parsed, base64 decoded, text kept, aborted responses absent', async () => {
    const file = join(dir, 'x.har');
    writeFileSync(file, JSON.stringify(har, null, 2));
    const { out, malformed } = await read([file]);
    expect(out).toEqual([
      {
        id: `${file}#0`,
        timestamp: '2026-01-01T00:00:00.000Z',
        request: {
          method: 'POST',
          url: 'https://api.example.com/v1/users?x=1',
          headers: { 'content-type': 'application/json' },
          body: { name: 'A' },
        },
        response: {
          status: 201,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: { id: 1 },
        },
      },
      {
        id: `${file}#2`,
        request: { method: 'GET', url: '/page', headers: {} },
        response: { status: 200, headers: { 'content-type': 'text/html' }, bodyText: '<p>hi</p>' },
      },
      { id: `${file}#3`, request: { method: 'GET', url: '/aborted', headers: {} } },
    ]);
    expect(malformed).toEqual([
      { file, line: 40, message: "entry 1: an entry needs 'request.method' and 'request.url'" },
    ]);
  });

  it('reads a gzipped HAR and rejects a JSON file that is not a HAR', async () => {
    writeFileSync(join(dir, 'y.har.gz'), gzipSync(JSON.stringify(har)));
    expect((await read([join(dir, 'y.har.gz')])).out).toHaveLength(3);
    writeFileSync(join(dir, 'z.har'), '{"notlog": {}}');
    await expect(read([join(dir, 'z.har')])).rejects.toThrow(/not a HAR file/);
  });
});
