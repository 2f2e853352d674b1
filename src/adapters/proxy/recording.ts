// What `driftgate record` runs: the recording proxy with its recording and analysis either on a worker
// thread (RecorderThread: nothing can hold up forwarding) or on the proxy's own event loop, in slices
// between forwarding (TrafficRecorder through onExchange: no copy across threads, so faster when the
// machine has no core to spare for the worker). Either way: one surface for stats, the aggregate and
// shutdown.
import type { RecordStats } from '../../app/record-traffic.js';
import { TrafficRecorder } from '../../app/record-traffic.js';
import type { ApiDocument } from '../../core/openapi/index.js';
import type { SlotSnapshot } from '../../core/traffic/index.js';
import { FixtureRecorder } from '../fixtures/fs-fixtures.js';
import type { QueueStats } from './queue.js';
import { RecorderThread } from './recorder-thread.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

export interface RecordingOptions {
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  readonly spec: ApiDocument;
  readonly fixturesDir: string;
  /** Analyse on a worker thread (true) or on the proxy's event loop (false). */
  readonly thread: boolean;
  readonly onError?: (message: string) => void;
}

export type RecordingStats = QueueStats &
  RecordStats & { readonly proxied: number; readonly upstreamErrors: number };

export interface Recording {
  readonly url: string;
  readonly thread: boolean;
  stats(): RecordingStats;
  /** The mismatches aggregated since the last take (after everything proxied so far was analysed). */
  takeAggregate(): Promise<readonly SlotSnapshot[]>;
  /** Stops accepting, answers what is in flight and waits for its analysis (the aggregate stays). */
  stop(): Promise<void>;
  /** Releases the analysis (its thread); after stop and the last take. */
  dispose(): Promise<void>;
}

export async function startRecording(options: RecordingOptions): Promise<Recording> {
  const onError = options.onError ?? (() => {});
  const listen = {
    upstream: options.upstream,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  };
  if (options.thread) {
    const recorder = await RecorderThread.start({
      spec: options.spec,
      fixturesDir: options.fixturesDir,
      onError,
    });
    let proxy: RecordingProxy;
    try {
      proxy = await startRecordingProxy({ ...listen, sink: recorder.sink });
    } catch (e) {
      await recorder.abort();
      throw e;
    }
    return {
      url: proxy.url,
      thread: true,
      stats: () => ({
        ...recorder.stats(),
        proxied: proxy.stats().proxied,
        upstreamErrors: proxy.stats().upstreamErrors,
      }),
      takeAggregate: () => recorder.takeAggregate(),
      async stop() {
        await proxy.close();
        await recorder.drained();
      },
      dispose: () => recorder.close(),
    };
  }
  const recorder = new TrafficRecorder({
    spec: options.spec,
    fixtures: new FixtureRecorder(options.fixturesDir),
    clock: { now: () => new Date() },
  });
  const proxy = await startRecordingProxy({
    ...listen,
    onExchange: (e) => recorder.handle(e),
    onError: (e) => onError((e as Error).message),
  });
  return {
    url: proxy.url,
    thread: false,
    stats: () => ({ ...proxy.stats(), ...recorder.stats() }),
    takeAggregate: async () => recorder.takeAggregate(),
    stop: () => proxy.close(),
    dispose: async () => {},
  };
}
