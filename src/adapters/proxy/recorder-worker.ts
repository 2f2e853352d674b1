// Worker thread of recorder-thread.ts: turns exchange bytes into exchanges, analyses and records them
// (TrafficRecorder: the analyzer, the fixtures, the mismatch aggregate) one batch after another, and
// hands its aggregate over when asked. Nothing it does can hold up the proxy's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { TrafficRecorder } from '../../app/record-traffic.js';
import { buildApiDocument } from '../../core/openapi/index.js';
import { FixtureRecorder } from '../fixtures/fs-fixtures.js';
import { unpackExchanges } from './exchange-pack.js';
import type { FromRecorder, RecorderSetup, ToRecorder } from './recorder-protocol.js';
import { exchangeFromBytes } from './recording-proxy.js';

const port = parentPort;
if (!port) throw new Error('recorder-worker.ts runs as a worker thread');
const setup = workerData as RecorderSetup;
const send = (m: FromRecorder) => port.postMessage(m);
const MAX_ERRORS = 5;

try {
  const recorder = new TrafficRecorder({
    spec: buildApiDocument(setup.entry, new Map(setup.documents)),
    fixtures: new FixtureRecorder(setup.fixturesDir),
    clock: { now: () => new Date() },
  });
  const handle = async (m: ToRecorder): Promise<void> => {
    if (m.kind === 'take') {
      send({ kind: 'aggregate', id: m.id, slots: recorder.takeAggregate() });
      return;
    }
    let failed = 0;
    const errors: string[] = [];
    for (const bytes of unpackExchanges(m.buffer, m.count)) {
      try {
        const pending = recorder.handle(exchangeFromBytes(bytes));
        if (pending) await pending;
      } catch (e) {
        failed++;
        if (errors.length < MAX_ERRORS) errors.push((e as Error).message);
      }
    }
    send({ kind: 'done', n: m.count, failed, errors, stats: recorder.stats() });
  };
  // One message after another: a `take` answers after every batch sent before it.
  let queue = Promise.resolve();
  port.on('message', (m: ToRecorder) => {
    queue = queue.then(() => handle(m));
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', message: (e as Error).message });
}
