// Analysis on several threads (adapters/traffic/parallel-analyze.ts: the calling thread and N-1 workers)
// against the one-pass analysis of the same files: for every golden case (Swagger 2.0 included), the case's exchanges repeated, with records without
// ids, malformed lines and CRLF endings, cut into many small parts, must give byte-identical JSON, the same
// malformed records (file and absolute line) and the same sample ids.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { planParts } from '../../src/adapters/traffic/jsonl-parts.js';
import { analyzeTrafficFiles } from '../../src/adapters/traffic/parallel-analyze.js';
import type { MalformedRecord } from '../../src/adapters/traffic/read-traffic.js';
import { analysisToJson } from '../../src/render/analyze-json.js';

const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const cases = readdirSync(GOLDEN).filter((d) => existsSync(join(GOLDEN, d, 'exchanges.jsonl')));
const dir = mkdtempSync(join(tmpdir(), 'driftgate-parallel-'));

/** The case's exchanges 12 times over; every 3rd copy without ids, malformed lines in between, CRLF. */
function repeated(name: string): string {
  const lines = readFileSync(join(GOLDEN, name, 'exchanges.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const out: string[] = [];
  for (let copy = 0; copy < 12; copy++) {
    for (const l of lines) {
      if (!l.startsWith('{')) {
        out.push(l);
        continue;
      }
      const rec = JSON.parse(l) as Record<string, unknown>;
      if (copy % 3 === 2) delete rec.id;
      else if (rec.id !== undefined) rec.id = `${String(rec.id)}-${copy}`;
      out.push(JSON.stringify(rec));
    }
    out.push(copy % 2 === 0 ? 'not json' : '{"request":{"method":"GET"}}', '');
  }
  return `${out.join('\r\n')}\r\n`;
}

async function both(spec: string, files: string[], withThree = false) {
  const doc = await loadSpec(spec);
  const run = async (threads: number) => {
    const malformed: MalformedRecord[] = [];
    const r = await analyzeTrafficFiles(doc, files, {
      threads,
      minParallelBytes: 0,
      partBytes: 1500,
      onMalformed: (m) => malformed.push(m),
    });
    return { json: analysisToJson(r), malformed, threads: r.threads };
  };
  return { one: await run(1), two: await run(2), three: withThree ? await run(3) : undefined };
}

describe('analysis on several threads', () => {
  it.each(cases)('%s: the same analysis as one pass', async (name) => {
    const file = join(dir, `${name}.jsonl`);
    writeFileSync(file, repeated(name));
    const { one, two } = await both(join(GOLDEN, name, 'spec.yaml'), [file]);
    expect(one.threads).toBe(0);
    expect(two.threads).toBe(2);
    expect(two.json).toEqual(one.json);
    expect(two.malformed).toEqual(one.malformed);
    // 12 lines broken on purpose, plus 12 copies of the case's own malformed lines.
    const own: MalformedRecord[] = [];
    const doc = await loadSpec(join(GOLDEN, name, 'spec.yaml'));
    await analyzeTrafficFiles(doc, [join(GOLDEN, name, 'exchanges.jsonl')], {
      threads: 1,
      onMalformed: (m) => own.push(m),
    });
    expect(one.malformed).toHaveLength(12 + 12 * own.length);
  });

  it('numbers lines per file across several files and names id-less records by file and line', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, repeated('response-body'));
    writeFileSync(b, repeated('response-body'));
    const { one, two, three } = await both(join(GOLDEN, 'response-body', 'spec.yaml'), [a, b], true);
    expect(two.json).toEqual(one.json);
    // Two workers besides the calling thread: parts finish out of order and still merge in input order.
    expect(three?.threads).toBe(3);
    expect(three?.json).toEqual(one.json);
    expect(three?.malformed).toEqual(one.malformed);
    expect(two.malformed.map((m) => [m.file, m.line])).toEqual(one.malformed.map((m) => [m.file, m.line]));
    expect(two.malformed.filter((m) => m.file === b)).toHaveLength(12);
    const ids = (two.json as { mismatches: { sample_exchanges: string[] }[] }).mismatches.flatMap(
      (m) => m.sample_exchanges,
    );
    expect(ids.some((id) => id.startsWith(`${a}:`) || id.startsWith(`${b}:`))).toBe(true);
    expect(ids.some((id) => id.includes('\u0000'))).toBe(false);
  });

  it('reads gzip and HAR inputs in one pass on the calling thread', async () => {
    const gz = join(dir, 'c.jsonl.gz');
    writeFileSync(gz, gzipSync(repeated('response-body')));
    const doc = await loadSpec(join(GOLDEN, 'response-body', 'spec.yaml'));
    const r = await analyzeTrafficFiles(doc, [gz], { threads: 2, minParallelBytes: 0 });
    expect(r.threads).toBe(0);
    expect(r.summary.exchanges).toBeGreaterThan(0);
  });

  it('cuts parts only after a newline and covers every byte once', async () => {
    const file = join(dir, 'parts.jsonl');
    const text = repeated('matching');
    writeFileSync(file, text);
    const parts = await planParts([file], 700);
    expect(parts[0]!.start).toBe(0);
    expect(parts.at(-1)!.end).toBe(Buffer.byteLength(text));
    const bytes = readFileSync(file);
    for (let i = 1; i < parts.length; i++) {
      expect(parts[i]!.start).toBe(parts[i - 1]!.end);
      expect(bytes[parts[i]!.start - 1]).toBe(0x0a);
    }
  });
});
