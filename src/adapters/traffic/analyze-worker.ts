// Worker thread of parallel-analyze.ts: rebuilds the contract model from the documents it is sent, compiles
// its own analyzer, then analyses the JSONL parts the main thread hands it, one at a time, returning each
// part's tally as plain data (analyze-part.ts, the code the main thread runs on its own parts).
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzerFor } from '../../app/analyze-traffic.js';
import { buildApiDocument } from '../../core/openapi/index.js';
import { analyzePart } from './analyze-part.js';
import type { FromWorker, ToWorker, WorkerSetup } from './analyze-protocol.js';

const port = parentPort;
if (!port) throw new Error('analyze-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const spec = buildApiDocument(setup.entry, new Map(setup.documents));
  const analyzer = createAnalyzerFor(spec, setup.options);
  // Parts arrive one ahead of the one in work (parallel-analyze.ts): they run one after the other.
  let queue = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    queue = queue
      .then(() => analyzePart(analyzer, msg.part, setup.options.maxSamples))
      .then(send, (e: Error) => send({ kind: 'error', message: e.message }));
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', message: (e as Error).message });
}
