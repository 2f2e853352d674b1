// A delivery worker as its own process (tests and bench/notify.ts): opens the store and the outbox from
// DRIFTGATE_WORKER (JSON), runs startDeliveryWorker, prints `ready`, stops cleanly on SIGTERM.
import { hmacSha256Hex } from '../../src/adapters/notifiers/hmac.js';
import { createHttpNotifier } from '../../src/adapters/notifiers/http.js';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { openNotificationOutbox } from '../../src/adapters/storage/outbox-open.js';
import { startDeliveryWorker } from '../../src/app/deliver-notifications.js';
import type { WebhookTarget } from '../../src/core/notifications/target.js';

export interface WorkerProcessConfig {
  readonly url: string;
  readonly dataDir: string;
  readonly schema?: string;
  readonly workerId: string;
  readonly targets: WebhookTarget[];
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly batchSize: number;
  /** Wait for a `go` line on stdin before claiming (benchmarks start several workers at once). */
  readonly waitForGo?: boolean;
}

const config = JSON.parse(process.env.DRIFTGATE_WORKER ?? '{}') as WorkerProcessConfig;
const where = {
  url: config.url,
  dataDir: config.dataDir,
  ...(config.schema ? { schema: config.schema } : {}),
};
const store = await openStore(where);
const outbox = await openNotificationOutbox(where);
const notifier = createHttpNotifier({ allowPrivateTargets: true });
if (config.waitForGo) {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.on('data', (d: Buffer) => {
      input += d.toString();
      if (input.includes('go')) resolve();
    });
  });
}
const worker = startDeliveryWorker(
  { outbox, incidents: store.incidents, notifier, hmac: hmacSha256Hex, now: Date.now, random: Math.random },
  {
    workerId: config.workerId,
    targets: config.targets,
    publicUrl: 'https://driftgate.example.com',
    retry: { baseMs: 50, capMs: 500 },
    leaseMs: config.leaseMs,
    pollMs: config.pollMs,
    batchSize: config.batchSize,
  },
);
if (!config.waitForGo) process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await worker.stop();
  await notifier.close();
  await outbox.close();
  await store.close();
  process.exit(0);
});
