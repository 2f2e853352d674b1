// Child process of `npm run bench:proxy`: driftgate's recording proxy between autocannon and the upstream,
// MODE `thread` as `driftgate record` runs it (fixtures + live analysis on a RecorderThread), `inline` on
// the proxy's own event loop (TrafficRecorder through onExchange), `off` without analysis.
// Usage: proxy-driftgate.ts UPSTREAM [thread|inline|off]. Prints `listening <url>` when ready and its
// stats as JSON on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPEC_YAML } from '../demo/upstream.js';
import { FixtureRecorder } from '../src/adapters/fixtures/fs-fixtures.js';
import { RecorderThread } from '../src/adapters/proxy/recorder-thread.js';
import { startRecordingProxy } from '../src/adapters/proxy/recording-proxy.js';
import { loadSpecText } from '../src/adapters/spec-source.js';
import { TrafficRecorder } from '../src/app/record-traffic.js';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: proxy-driftgate.ts UPSTREAM');
const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-proxy-'));
const spec = loadSpecText(SPEC_YAML);
const fixturesDir = join(dir, 'fixtures');
const mode = process.argv[3] ?? 'thread';
if (!['thread', 'inline', 'off'].includes(mode)) throw new Error(`unknown mode ${mode}`);

let stats: () => Record<string, unknown>;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
if (mode === 'thread') {
  const thread = await RecorderThread.start({ spec, fixturesDir });
  proxy = await startRecordingProxy({ upstream, sink: thread.sink });
  stats = () => ({ ...proxy.stats(), ...thread.stats() });
} else {
  const recorder = new TrafficRecorder({
    spec,
    fixtures: new FixtureRecorder(fixturesDir),
    clock: { now: () => new Date() },
  });
  proxy = await startRecordingProxy({
    upstream,
    onExchange: mode === 'inline' ? (e) => recorder.handle(e) : () => {},
  });
  stats = () => ({ ...proxy.stats(), ...recorder.stats() });
}
process.stdout.write(`listening ${proxy.url}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`stats ${JSON.stringify({ mode, ...stats() })}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
