// One measured process of `npm run bench:analyze` (bench/analyze.ts starts it under bench/measure.ts).
// Modes (driftgate end to end runs from the built code: analyze-dist.mjs):
//   floor SPEC HAR N    pre-compiled Ajv validation of the same response bodies alone (the analyzer's own
//                       compiled validators), N validations cycling over the HAR's bodies; no parsing, no
//                       matching, no aggregation.
//   floor-input SPEC FILE
//                       the same validators on every body of FILE in input order, each its own parsed object
//                       (parsing and matching done ahead, outside the timing).
//   parse SPEC FILE     JSON.parse of every line of FILE alone (read in 1 MiB chunks, cut at newlines, decoded):
//                       what any analyzer of this input pays before it validates anything.
// Prints one JSON line: {exchanges, ms, ...}. Times exclude loading the spec (the same for every mode).
import { createReadStream } from 'node:fs';
import { loadSpec } from '../src/adapters/spec-source.js';
import { readTraffic } from '../src/adapters/traffic/read-traffic.js';
import type { Exchange } from '../src/core/traffic/exchange.js';
import { createTrafficAnalyzer, matchExchange } from '../src/core/traffic/index.js';
import { selectMedia, selectStatus } from '../src/core/traffic/media.js';

const [mode, specFile, file, count] = process.argv.slice(2);
if (!mode || !specFile || !file) throw new Error('usage: analyze-run.ts floor|floor-input SPEC FILE [N]');
const spec = await loadSpec(specFile);

if (mode === 'floor') {
  const analyzer = createTrafficAnalyzer(spec);
  const validatorOf = responseValidator(analyzer);
  const work: { fn: (b: unknown) => boolean; body: unknown }[] = [];
  for await (const ex of readTraffic([file])) {
    const fn = validatorOf(ex);
    if (fn) work.push({ fn, body: ex.response?.body });
  }
  for (const w of work) w.fn(w.body); // compile and warm up, outside the timing
  const n = Number(count ?? '200000');
  let invalid = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const w = work[i % work.length]!;
    if (!w.fn(w.body)) invalid++;
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ exchanges: n, ms, bodies: work.length, invalid })}\n`);
} else if (mode === 'floor-input') {
  // Every body of the input file, in input order, each a separately parsed object as the analyzer sees it
  // (not a few hot objects cycled): parsed and matched ahead in batches, outside the timing.
  const analyzer = createTrafficAnalyzer(spec);
  const validatorOf = responseValidator(analyzer);
  let ms = 0;
  let n = 0;
  let batch: { fn: (b: unknown) => boolean; body: unknown }[] = [];
  const run = () => {
    const t0 = performance.now();
    for (const w of batch) w.fn(w.body);
    ms += performance.now() - t0;
    n += batch.length;
    batch = [];
  };
  let warm = true;
  for await (const ex of readTraffic([file])) {
    const fn = validatorOf(ex);
    if (!fn) continue;
    if (warm) fn(ex.response?.body); // compile outside the timing
    batch.push({ fn, body: ex.response?.body });
    if (batch.length === 20_000) {
      warm = false;
      run();
    }
  }
  run();
  process.stdout.write(`${JSON.stringify({ exchanges: n, ms })}\n`);
} else if (mode === 'parse') {
  const decoder = new TextDecoder();
  let n = 0;
  let rest: Buffer | null = null;
  const t0 = performance.now();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      if (nl > start && JSON.parse(decoder.decode(buf.subarray(start, nl))) !== undefined) n++;
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest && JSON.parse(decoder.decode(rest)) !== undefined) n++;
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ exchanges: n, ms })}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}

/** The compiled validator of an exchange's response body (by operation, status and media type), or null. */
function responseValidator(analyzer: ReturnType<typeof createTrafficAnalyzer>) {
  const set = analyzer.validation.schemas;
  const memo = new Map<string, ((b: unknown) => boolean) | null>();
  return (ex: Exchange): ((b: unknown) => boolean) | null => {
    const res = ex.response;
    if (!res || res.body === undefined) return null;
    const match = matchExchange(analyzer, ex);
    if (match.kind !== 'matched') return null;
    const op = match.operation;
    const ct = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    const key = `${op.key} ${res.status} ${ct}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let fn: ((b: unknown) => boolean) | null = null;
    const opNode = set.at('response', op.uri, op.pointer) as Record<string, unknown>;
    const responses = set.resolve(opNode.responses) as Record<string, unknown>;
    const status = selectStatus(responses, res.status);
    if (status !== null) {
      const response = set.resolve(responses[status]) as Record<string, unknown>;
      const content = (response.content ?? {}) as Record<string, unknown>;
      const media = selectMedia(content, ct);
      if (media !== null) fn = set.compile((content[media] as Record<string, unknown>).schema);
    }
    memo.set(key, fn);
    return fn;
  };
}
