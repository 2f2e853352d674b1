// Child process of `npm run bench:proxy`: driftgate's recording proxy between autocannon and the upstream,
// from the built code (dist/) in a plain `node`, as `driftgate record` runs it (the regexp guard, then
// startRecording: fixtures + live analysis), with MODE `thread` (analysis on a worker thread,
// --analysis-thread on), `inline` (on the proxy's event loop, --analysis-thread off) or `off` (no
// analysis at all). Usage: node bench/proxy-dist.mjs UPSTREAM SPEC [thread|inline|off]. Prints
// `listening <url>` when ready and its stats as JSON on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecording } from '../dist/adapters/proxy/recording.js';
import { startRecordingProxy } from '../dist/adapters/proxy/recording-proxy.js';
import { guardRegExpBacktracking } from '../dist/adapters/regexp-guard.js';
import { loadSpec } from '../dist/adapters/spec-source.js';

guardRegExpBacktracking();
const [upstream, specFile, mode = 'thread'] = process.argv.slice(2);
if (!upstream || !specFile) throw new Error('usage: proxy-dist.mjs UPSTREAM SPEC [thread|inline|off]');
if (!['thread', 'inline', 'off'].includes(mode)) throw new Error(`unknown mode ${mode}`);
const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-proxy-'));

let url;
let stats;
if (mode === 'off') {
  const proxy = await startRecordingProxy({ upstream, onExchange: () => {} });
  url = proxy.url;
  stats = () => ({ ...proxy.stats(), fixtures_written: 0 });
} else {
  const recording = await startRecording({
    upstream,
    spec: await loadSpec(specFile),
    fixturesDir: join(dir, 'fixtures'),
    thread: mode === 'thread',
  });
  url = recording.url;
  stats = () => recording.stats();
}
process.stdout.write(`listening ${url}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`stats ${JSON.stringify({ mode, ...stats() })}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
