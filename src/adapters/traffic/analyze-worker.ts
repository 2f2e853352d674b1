// Worker thread of parallel-analyze.ts: rebuilds the contract model from the documents it is sent, compiles
// its own analyzer, then analyses the JSONL parts the main thread hands it, one at a time, returning each
// part's tally as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzerFor, TrafficTally } from '../../app/analyze-traffic.js';
import { buildApiDocument } from '../../core/openapi/index.js';
import { analyzeExchange } from '../../core/traffic/index.js';
import {
  type FromWorker,
  LINE_ID,
  MAX_MALFORMED,
  type ToWorker,
  type WorkerSetup,
} from './analyze-protocol.js';
import { forEachJsonlRecord } from './read-traffic.js';

const port = parentPort;
if (!port) throw new Error('analyze-worker.ts runs as a worker thread');
const setup = workerData as WorkerSetup;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const spec = buildApiDocument(setup.entry, new Map(setup.documents));
  const analyzer = createAnalyzerFor(spec, setup.options);
  port.on('message', (msg: ToWorker) => {
    void (async () => {
      const part = msg.part;
      const tally = new TrafficTally(setup.options.maxSamples);
      const malformed: { line: number; message: string }[] = [];
      let malformedCount = 0;
      try {
        const lines = await forEachJsonlRecord(
          part.file,
          part.start,
          part.end,
          (line) => `${LINE_ID}${line}`,
          {
            onMalformed: (m) => {
              malformedCount++;
              if (malformed.length < MAX_MALFORMED) malformed.push({ line: m.line, message: m.message });
            },
          },
          (ex) => tally.add(ex, analyzeExchange(analyzer, ex)),
        );
        send({
          kind: 'part',
          index: part.index,
          tally: tally.snapshot(),
          lines,
          malformed,
          malformedCount,
        });
      } catch (e) {
        send({ kind: 'error', message: (e as Error).message });
      }
    })();
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', message: (e as Error).message });
}
