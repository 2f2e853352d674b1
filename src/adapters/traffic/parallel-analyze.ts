// Traffic files analysed on every core: plain JSONL inputs are cut into parts at line starts (jsonl-parts.ts);
// this thread and N-1 worker threads (analyze-worker.ts) each compile their own analyzer and take parts one
// at a time, and this thread merges the parts' tallies in input order, so the result does not depend on the
// number of threads or on which thread finished first. Gzip, HAR and small inputs are read in one pass on
// this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type AnalyzeTrafficOptions,
  analyzeTraffic,
  createAnalyzerFor,
  type TrafficAnalysis,
  TrafficTally,
} from '../../app/analyze-traffic.js';
import { DriftgateError } from '../../core/errors.js';
import type { ApiDocument } from '../../core/openapi/index.js';
import { sibling, workerScript } from '../worker-script.js';
import { analyzePart, type PartResult } from './analyze-part.js';
import { type FromWorker, LINE_ID, type ToWorker, type WorkerSetup } from './analyze-protocol.js';
import { type JsonlPart, planParts, splittable } from './jsonl-parts.js';
import { type MalformedRecord, readTraffic, totalBytes } from './read-traffic.js';

export interface AnalyzeFilesOptions extends Omit<AnalyzeTrafficOptions, 'malformed' | 'onExchange'> {
  /**
   * Threads that analyse, this one included (N-1 workers); default: the available parallelism (at most 8).
   * 1 reads everything on this thread, as does passing `analyzer` or `onResult` (both live on this thread).
   */
  readonly threads?: number;
  /**
   * Inputs smaller than this are read on this thread (default 16 MiB): each worker first rebuilds the model
   * and compiles its validators, which costs about as much as analysing tens of thousands of exchanges.
   */
  readonly minParallelBytes?: number;
  /** Size of the parts handed to the workers (default: about 8 per thread, 1 to 16 MiB). */
  readonly partBytes?: number;
  readonly onMalformed?: (m: MalformedRecord) => void;
  /** Progress: bytes read and exchanges analysed so far. */
  readonly onProgress?: (bytes: number, exchanges: number) => void;
}

export interface FilesAnalysis extends TrafficAnalysis {
  /** Threads that analysed parts, the calling one included (0: one pass on the calling thread). */
  readonly threads: number;
}

const MIB = 1024 * 1024;

export async function analyzeTrafficFiles(
  spec: ApiDocument,
  files: readonly string[],
  options: AnalyzeFilesOptions = {},
): Promise<FilesAnalysis> {
  const total = await totalBytes(files);
  const threads = Math.max(1, Math.floor(options.threads ?? Math.min(8, availableParallelism())));
  // A caller's compiled analyzer or per-exchange callback lives on this thread: one pass here.
  const parallel =
    threads > 1 &&
    options.analyzer === undefined &&
    options.onResult === undefined &&
    total >= (options.minParallelBytes ?? 16 * MIB) &&
    (await Promise.all(files.map(splittable))).every(Boolean);
  if (!parallel) return { ...(await analyzeInline(spec, files, options)), threads: 0 };
  const partBytes = options.partBytes ?? Math.min(16 * MIB, Math.max(MIB, Math.ceil(total / (threads * 8))));
  const parts = await planParts(files, partBytes);
  const used = Math.min(threads, parts.length);
  return { ...(await analyzeParts(spec, parts, used, options)), threads: used };
}

async function analyzeInline(
  spec: ApiDocument,
  files: readonly string[],
  options: AnalyzeFilesOptions,
): Promise<TrafficAnalysis> {
  let malformed = 0;
  let bytes = 0;
  const exchanges = readTraffic(files, {
    onMalformed: (m) => {
      malformed++;
      options.onMalformed?.(m);
    },
    onBytes: (b) => {
      bytes = b;
    },
  });
  const { onProgress } = options;
  return analyzeTraffic(spec, exchanges, {
    ...options,
    malformed: () => malformed,
    ...(onProgress ? { onExchange: (n: number) => onProgress(bytes, n) } : {}),
  });
}

function analyzeParts(
  spec: ApiDocument,
  parts: readonly JsonlPart[],
  threads: number,
  options: AnalyzeFilesOptions,
): Promise<TrafficAnalysis> {
  const maxSamples = options.maxSamples ?? 5;
  const setup: WorkerSetup = {
    entry: spec.uri,
    documents: [...spec.documents],
    options: {
      maxSamples,
      ...(options.undocumentedFields === undefined ? {} : { undocumentedFields: options.undocumentedFields }),
      ...(options.undocumentedQuery === undefined ? {} : { undocumentedQuery: options.undocumentedQuery }),
    },
  };
  const source = workerScript(sibling(import.meta.url, 'analyze-worker'));
  const tally = new TrafficTally(maxSamples);
  const results = new Map<number, PartResult>();
  /** Lines read so far per file (to number the next part's lines). */
  const linesBefore = new Map<number, number>();
  const workers: Worker[] = [];
  let next = 0;
  let merged = 0;
  let malformed = 0;
  let bytes = 0;
  let settled = false;

  return new Promise<TrafficAnalysis>((resolve, reject) => {
    const stop = () => {
      settled = true;
      for (const w of workers) void w.terminate();
    };
    const fail = (e: Error) => {
      if (settled) return;
      stop();
      reject(
        e instanceof DriftgateError
          ? e
          : new DriftgateError('io.read_failed', `traffic analysis worker failed: ${e.message}`, {}),
      );
    };
    const take = (): JsonlPart | undefined => (settled ? undefined : parts[next++]);
    const feed = (w: Worker) => {
      const part = take();
      if (part !== undefined) w.postMessage({ part } satisfies ToWorker);
    };
    const done = (r: PartResult) => {
      results.set(r.index, r);
      mergeReady();
    };
    const mergeReady = () => {
      for (;;) {
        const r = results.get(merged);
        const part = parts[merged];
        if (r === undefined || part === undefined) break;
        results.delete(merged);
        const base = linesBefore.get(part.fileIndex) ?? 0;
        tally.merge(r.tally, (id) =>
          id.startsWith(LINE_ID) ? `${part.file}:${base + Number(id.slice(LINE_ID.length))}` : id,
        );
        for (const m of r.malformed)
          options.onMalformed?.({ file: part.file, line: base + m.line, message: m.message });
        malformed += r.malformedCount;
        linesBefore.set(part.fileIndex, base + r.lines);
        bytes += part.end - part.start;
        merged++;
        options.onProgress?.(bytes, tally.total);
      }
      if (merged === parts.length && !settled) {
        stop();
        try {
          resolve(tally.finish(spec, { ...options, malformed: () => malformed }));
        } catch (e) {
          reject(e);
        }
      }
    };
    for (let i = 1; i < threads; i++) {
      const w = new Worker(source.script, { workerData: setup, eval: source.eval });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.kind === 'error') return fail(new Error(m.message));
        if (m.kind === 'ready') {
          // One part queued behind the one it works on: this thread hands out parts only between its
          // own reads, so a worker never waits for it.
          feed(w);
          feed(w);
          return;
        }
        done(m);
        feed(w);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!settled && code !== 0) fail(new Error(`worker exited with code ${code}`));
      });
    }
    // This thread analyses too, starting while the workers boot: it already holds the model, and on two
    // cores a worker in its place would only add its start-up and a third thread competing for them.
    (async () => {
      const analyzer = createAnalyzerFor(spec, setup.options);
      for (let part = take(); part !== undefined; part = take()) {
        const r = await analyzePart(analyzer, part, maxSamples);
        if (settled) return;
        done(r);
      }
    })().catch(fail);
  });
}
