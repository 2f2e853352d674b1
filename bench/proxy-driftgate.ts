// Child process of `npm run bench:proxy`: driftgate's recording proxy between autocannon and the upstream,
// as `driftgate record` runs it (startRecording: fixtures + live analysis), with MODE `thread` (analysis on
// a worker thread, --analysis-thread on), `inline` (on the proxy's event loop, --analysis-thread off) or
// `off` (no analysis at all). Usage: proxy-driftgate.ts UPSTREAM [thread|inline|off]. Prints
// `listening <url>` when ready and its stats as JSON on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPEC_YAML } from '../demo/upstream.js';
import { startRecording } from '../src/adapters/proxy/recording.js';
import { startRecordingProxy } from '../src/adapters/proxy/recording-proxy.js';
import { guardRegExpBacktracking } from '../src/adapters/regexp-guard.js';
import { loadSpecText } from '../src/adapters/spec-source.js';

guardRegExpBacktracking(); // as bin/driftgate.js does
const upstream = process.argv[2];
if (!upstream) throw new Error('usage: proxy-driftgate.ts UPSTREAM [thread|inline|off]');
const mode = process.argv[3] ?? 'thread';
if (!['thread', 'inline', 'off'].includes(mode)) throw new Error(`unknown mode ${mode}`);
const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-proxy-'));

let url: string;
let stats: () => Record<string, unknown>;
if (mode === 'off') {
  const proxy = await startRecordingProxy({ upstream, onExchange: () => {} });
  url = proxy.url;
  stats = () => ({ ...proxy.stats(), fixtures_written: 0 });
} else {
  const recording = await startRecording({
    upstream,
    spec: loadSpecText(SPEC_YAML),
    fixturesDir: join(dir, 'fixtures'),
    thread: mode === 'thread',
  });
  url = recording.url;
  stats = () => ({ ...recording.stats() });
}
process.stdout.write(`listening ${url}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`stats ${JSON.stringify({ mode, ...stats() })}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
