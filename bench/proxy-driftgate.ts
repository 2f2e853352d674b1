// Child process of `npm run bench:proxy`: driftgate's recording proxy (fixtures + live analysis) between
// autocannon and the upstream. Prints `listening <url>` when ready and its queue stats as JSON on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPEC_YAML } from '../demo/upstream.js';
import { FixtureRecorder } from '../src/adapters/fixtures/fs-fixtures.js';
import { startRecordingProxy } from '../src/adapters/proxy/recording-proxy.js';
import { loadSpecText } from '../src/adapters/spec-source.js';
import { TrafficRecorder } from '../src/app/record-traffic.js';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: proxy-driftgate.ts UPSTREAM');
const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-proxy-'));
writeFileSync(join(dir, 'spec.yaml'), SPEC_YAML);
const fixtures = new FixtureRecorder(join(dir, 'fixtures'));
const recorder = new TrafficRecorder({
  spec: loadSpecText(SPEC_YAML),
  fixtures,
  clock: { now: () => new Date() },
});
const analyse = process.env.BENCH_NO_ANALYSIS !== '1';
const share = process.env.BENCH_ANALYSIS_SHARE; // unset: the product default
const proxy = await startRecordingProxy({
  upstream,
  ...(share ? { analysisShare: Number(share) } : {}),
  onExchange: analyse ? (e) => recorder.handle(e) : () => {},
});
process.stdout.write(`listening ${proxy.url}\n`);
process.once('SIGTERM', () => {
  const stats = { ...proxy.stats(), ...recorder.stats(), quick_hits: fixtures.quickHits };
  process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
