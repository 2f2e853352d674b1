// The recording proxy's analysis on its own thread: the proxy hands each exchange's bytes to `sink` (a
// copy into a batch, nothing else on the request path), batches go to a worker (recorder-worker.ts) that
// parses, analyses and records them. A slow analysis (a large body, a pathological `pattern` in the spec)
// or a failing one never holds up forwarding; when the worker falls `capacity` exchanges behind, further
// ones are not analysed and are counted as dropped (load shedding, never silent).
import { Worker } from 'node:worker_threads';
import type { RecordStats } from '../../app/record-traffic.js';
import type { ApiDocument } from '../../core/openapi/index.js';
import type { SlotSnapshot } from '../../core/traffic/index.js';
import { sibling, workerScript } from '../worker-script.js';
import { ExchangePacker } from './exchange-pack.js';
import type { QueueStats } from './queue.js';
import type { FromRecorder, RecorderSetup, ToRecorder } from './recorder-protocol.js';
import type { ExchangeBytes } from './recording-proxy.js';

export interface RecorderThreadOptions {
  readonly spec: ApiDocument;
  readonly fixturesDir: string;
  /** Exchanges handed over and not yet analysed before new ones are dropped (default 1000). */
  readonly capacity?: number;
  /** An exchange whose analysis failed (the worker goes on), or the worker itself failing. */
  readonly onError?: (message: string) => void;
}

const MAX_BATCH = 256;

export class RecorderThread {
  private readonly batch = new ExchangePacker();
  private scheduled = false;
  private inflight = 0;
  private processed = 0;
  private dropped = 0;
  private failed = 0;
  private dead = false;
  private record: RecordStats = { exchanges: 0, matched: 0, fixtures_written: 0, mismatches: 0 };
  private idle: (() => void)[] = [];
  private takes = new Map<number, (slots: readonly SlotSnapshot[]) => void>();
  private nextTake = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly capacity: number,
    private readonly onError: (message: string) => void,
  ) {}

  static start(options: RecorderThreadOptions): Promise<RecorderThread> {
    const setup: RecorderSetup = {
      entry: options.spec.uri,
      documents: [...options.spec.documents],
      fixturesDir: options.fixturesDir,
    };
    const source = workerScript(sibling(import.meta.url, 'recorder-worker'));
    const worker = new Worker(source.script, { workerData: setup, eval: source.eval });
    const thread = new RecorderThread(worker, options.capacity ?? 1000, options.onError ?? (() => {}));
    return new Promise((resolve, reject) => {
      worker.once('message', (m: FromRecorder) => {
        if (m.kind === 'ready') {
          worker.on('message', (next: FromRecorder) => thread.received(next));
          resolve(thread);
        } else {
          void worker.terminate();
          reject(new Error(m.kind === 'error' ? m.message : `unexpected ${m.kind} from the recorder`));
        }
      });
      worker.once('error', reject);
      worker.on('error', (e) => thread.died(e.message));
      worker.on('exit', (code) => {
        if (code !== 0) thread.died(`the recorder thread exited with code ${code}`);
      });
    });
  }

  /** For startRecordingProxy({ sink }): queues the exchange for the worker, or drops it when full. */
  readonly sink = (bytes: ExchangeBytes): void => {
    if (this.dead || this.inflight >= this.capacity) {
      this.dropped++;
      return;
    }
    this.inflight++;
    this.batch.add(bytes);
    if (this.batch.count >= MAX_BATCH) this.send();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.send());
    }
  };

  stats(): QueueStats & RecordStats {
    return {
      queued: this.inflight,
      processed: this.processed,
      dropped: this.dropped,
      failed: this.failed,
      ...this.record,
    };
  }

  /** The mismatches aggregated since the last take, after everything handed over so far was analysed. */
  takeAggregate(): Promise<readonly SlotSnapshot[]> {
    if (this.dead) return Promise.resolve([]);
    this.send();
    const id = this.nextTake++;
    return new Promise((resolve) => {
      this.takes.set(id, resolve);
      this.post({ kind: 'take', id });
    });
  }

  /** Resolves when everything handed over so far was analysed (or the worker is gone). */
  drained(): Promise<void> {
    this.send();
    if (this.inflight === 0 || this.dead) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Waits for everything handed over, then stops the worker. */
  async close(): Promise<void> {
    await this.drained();
    await this.abort();
  }

  /** Stops the worker now; what it had not analysed yet counts as dropped. */
  async abort(): Promise<void> {
    this.dropped += this.inflight;
    this.inflight = 0;
    this.batch.take();
    this.dead = true;
    for (const f of this.idle.splice(0)) f();
    await this.worker.terminate();
  }

  private send(): void {
    this.scheduled = false;
    if (this.batch.count === 0 || this.dead) return;
    const { buffer, count } = this.batch.take();
    this.worker.postMessage({ kind: 'batch', buffer, count } satisfies ToRecorder, [buffer]);
  }

  private post(m: ToRecorder): void {
    this.worker.postMessage(m);
  }

  private received(m: FromRecorder): void {
    switch (m.kind) {
      case 'done':
        this.inflight -= m.n;
        this.processed += m.n - m.failed;
        this.failed += m.failed;
        this.record = m.stats;
        for (const e of m.errors) this.onError(e);
        if (this.inflight === 0) for (const f of this.idle.splice(0)) f();
        return;
      case 'aggregate': {
        const resolve = this.takes.get(m.id);
        this.takes.delete(m.id);
        resolve?.(m.slots);
        return;
      }
      case 'error':
        this.died(m.message);
        return;
      case 'ready':
        return;
    }
  }

  private died(message: string): void {
    if (this.dead) return;
    this.dead = true;
    this.onError(`the recorder thread failed: ${message}`);
    this.dropped += this.inflight; // the batch not yet sent is part of it
    this.inflight = 0;
    this.batch.take();
    for (const f of this.idle.splice(0)) f();
    for (const resolve of this.takes.values()) resolve([]);
    this.takes.clear();
  }
}
