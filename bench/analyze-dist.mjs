// One measured process of `npm run bench:analyze`: driftgate end to end as `driftgate analyze` runs it, from
// the built code (dist/, what bin/driftgate.js runs) in a plain `node` without tsx, whose loader would also
// be registered in every worker thread. Stream FILE (JSONL/HAR), parse, match, validate, aggregate, propose
// corrections; plain JSONL on THREADS threads (default: one per core), 1 = one pass on the main thread.
// Usage: node bench/analyze-dist.mjs SPEC FILE [THREADS]. Prints one JSON line; the time excludes loading
// the spec (the floors in analyze-run.ts exclude it too).
import { guardRegExpBacktracking } from '../dist/adapters/regexp-guard.js';
import { loadSpec } from '../dist/adapters/spec-source.js';
import { analyzeTrafficFiles } from '../dist/adapters/traffic/parallel-analyze.js';

guardRegExpBacktracking(); // as bin/driftgate.js does (no measurable cost: 3 alternating runs each)
const [specFile, file, threads] = process.argv.slice(2);
if (!specFile || !file) throw new Error('usage: analyze-dist.mjs SPEC FILE [THREADS]');
const spec = await loadSpec(specFile);
const t0 = performance.now();
const result = await analyzeTrafficFiles(
  spec,
  [file],
  threads === undefined ? {} : { threads: Number(threads) },
);
const ms = performance.now() - t0;
const byType = {};
for (const m of result.mismatches) byType[m.type] = (byType[m.type] ?? 0) + m.count;
process.stdout.write(
  `${JSON.stringify({ exchanges: result.summary.exchanges, ms, threads: result.threads, summary: result.summary, distinct: result.mismatches.length, byType, corrections: result.corrections.length })}\n`,
);
