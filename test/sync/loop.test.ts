// The API sync loop with real parts, on SQLite and PostgreSQL: a real upstream on 127.0.0.1 that drifts
// (field removed, type changed, field added, status changed, and a volatile timestamp that must not count),
// recorded fixtures in a real directory, two sync cycles, then the pipeline: incidents carrying the cycle
// id with the recorded response as before and the new one as after, a signed webhook received by a local
// receiver (verified with the library helper), and a PR branch pushed to a bare git repository.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DriftingUpstream,
  SPEC_YAML,
  startDriftingUpstream,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../demo/upstream.js';
import { FixtureRecorder } from '../../src/adapters/fixtures/fs-fixtures.js';
import { startRecordingProxy } from '../../src/adapters/proxy/recording-proxy.js';
import { deliverPending, runConfiguredSync, syncSettings } from '../../src/adapters/proxy/sync-runner.js';
import { loadSpecText } from '../../src/adapters/spec-source.js';
import { TrafficRecorder } from '../../src/app/record-traffic.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { verifyWebhookSignature } from '../../src/verify-webhook.js';
import { makeRemote, type Remote } from '../gitops/repo.js';
import { TARGETS } from '../storage/targets.js';

const SECRET = 'sync-loop-secret';
const RECORDED = ['/api/users/1', '/api/orders/7', '/api/health'];

/** Real traffic through the recording proxy: the fixtures it writes are what the cycles replay. */
async function record(upstream: DriftingUpstream, dir: string): Promise<readonly string[]> {
  const recorder = new TrafficRecorder({
    spec: loadSpecText(SPEC_YAML),
    fixtures: new FixtureRecorder(dir),
    clock: { now: () => new Date() },
  });
  const proxy = await startRecordingProxy({ upstream: upstream.url, onExchange: (e) => recorder.handle(e) });
  try {
    for (const url of RECORDED) {
      const res = await fetch(`${proxy.url}${url}`, {
        headers: { accept: 'application/json', authorization: 'Bearer t0ken' },
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  } finally {
    await proxy.close();
  }
  return recorder.written;
}

describe.each(TARGETS)('sync loop on $name', (target) => {
  let upstream: DriftingUpstream;
  let receiver: WebhookReceiver;
  let remote: Remote;
  let dir: string;

  beforeAll(async () => {
    upstream = await startDriftingUpstream();
    receiver = await startWebhookReceiver();
    remote = await makeRemote({ 'specs/users.yaml': SPEC_YAML, 'README.md': '# users\n' });
    dir = await mkdtemp(join(tmpdir(), 'driftgate-sync-'));
  });
  afterAll(async () => {
    await upstream?.close();
    await receiver?.close();
    await remote?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(target.skipReason !== null)('drift → incidents, signed webhook, PR branch', async () => {
    const loc = await target.fresh();
    const store = await loc.open();
    try {
      const fixtures = join(dir, 'fixtures');
      const specPath = join(dir, 'users.yaml');
      await writeFile(specPath, SPEC_YAML);
      expect(await record(upstream, fixtures)).toEqual([
        'get/api__users__{id}/200.json',
        'get/api__orders__{id}/200.json',
        'get/api__health/200.json',
      ]);
      const config = ConfigSchema.parse({
        incidents: {
          webhooks: [{ url: receiver.url, secret_env: 'SYNC_SECRET', events: ['incident.created'] }],
          allow_private_targets: true,
        },
        drift_budget: {
          gitops: {
            enabled: true,
            auto_open: true,
            provider: 'git',
            clone_url: remote.url,
            openapi_spec_dir: 'specs',
            fixtures_dir: 'fixtures',
          },
        },
        sync: {
          upstream: upstream.url,
          spec: specPath,
          fixtures_dir: fixtures,
          workspace: 'shop',
          service: 'users',
        },
      });
      const env = { SYNC_SECRET: SECRET };
      const settings = syncSettings(config, null, {});
      const dataDir = loc.dataDir || dir;
      const opts = { config, settings, store, env, dataDir };

      const first = await runConfiguredSync(opts);
      expect(first.status).toBe('succeeded');
      expect(first.summary).toMatchObject({ endpoints_checked: 3, changed: 0, errors: 0, findings: 0 });
      expect(first.changes).toEqual([]);

      upstream.version = 2;
      const second = await runConfiguredSync(opts);
      expect(second.status).toBe('succeeded');
      expect(second.summary).toMatchObject({
        endpoints_checked: 3,
        changed: 2,
        errors: 0,
        budget_exceeded: true,
      });
      expect(second.changes.map((c) => `${c.fixture} ${c.code} ${c.location}`)).toEqual([
        'get/api__orders__{id}/200.json status_changed /status',
        'get/api__orders__{id}/200.json field_removed /body/id',
        'get/api__orders__{id}/200.json field_removed /body/total',
        'get/api__orders__{id}/200.json field_added /body/error',
        'get/api__orders__{id}/200.json undocumented_status /status',
        'get/api__users__{id}/200.json type_mismatch /body/id',
        'get/api__users__{id}/200.json field_removed /body/email',
        'get/api__users__{id}/200.json field_added /body/nickname',
        'get/api__users__{id}/200.json missing_required_field /body/email',
        'get/api__users__{id}/200.json type_mismatch /body/id',
        'get/api__users__{id}/200.json unexpected_field /body/nickname',
      ]);
      // The volatile timestamps (updated_at, checked_at) changed value on every call: not drift.
      expect(second.changes.some((c) => /updated_at|checked_at|health/.test(c.location + c.fixture))).toBe(
        false,
      );

      // Incidents: one per drifted operation, with the cycle id and real before/after samples.
      const ids = second.summary.incident_ids;
      expect(ids).toHaveLength(2);
      const incidents = await Promise.all(ids.map((id) => store.incidents.get(id)));
      const users = incidents.find((i) => i?.endpoint === '/api/users/{id}')!;
      expect(users).toMatchObject({
        workspace_id: 'shop',
        method: 'GET',
        sync_cycle_id: second.sync_cycle_id,
      });
      const sample = (s: unknown) =>
        (s as { value: { response: { status: number; body: Record<string, unknown> } } }).value.response;
      expect(sample(users.before_sample).body).toMatchObject({ id: 1, email: 'ada@example.com' });
      expect(sample(users.after_sample).body).toMatchObject({ id: '1', nickname: 'ada' });
      const orders = incidents.find((i) => i?.endpoint === '/api/orders/{id}')!;
      expect(sample(orders.before_sample).status).toBe(200);
      expect(sample(orders.after_sample).status).toBe(404);

      // GitOps: the PR branch on the bare remote carries the new responses as fixtures.
      const pr = second.summary.pull_request!;
      expect(pr.outcome).toBe('opened');
      expect(await remote.head(pr.branch!)).not.toBeNull();
      const fixture = JSON.parse(await remote.show(pr.branch!, 'fixtures/get/api__users__{id}/200.json'));
      expect(fixture.response.body).toMatchObject({ id: '1', nickname: 'ada' });
      expect(fixture.request.url).toBe('/api/users/1');
      // With a PR the fixtures directory is left alone.
      expect(second.summary.fixtures_updated).toEqual([]);
      expect(
        JSON.parse(await readFile(join(fixtures, 'get/api__users__{id}/200.json'), 'utf8')).response.body.id,
      ).toBe(1);

      // Notifications: incident.created, signed, verified with the library helper.
      const delivered = await deliverPending({
        config,
        env,
        url: loc.url,
        dataDir: loc.dataDir,
        ...(loc.schema === undefined ? {} : { schema: loc.schema }),
        store,
      });
      expect(delivered).toBe(2);
      expect(receiver.received).toHaveLength(2);
      for (const r of receiver.received) {
        const verdict = verifyWebhookSignature({
          secret: SECRET,
          body: r.body,
          timestamp: r.headers['x-driftgate-timestamp'] ?? '',
          signature: r.headers['x-driftgate-signature'] ?? '',
        });
        expect(verdict).toEqual({ ok: true });
        const payload = JSON.parse(r.body);
        expect(payload.event).toBe('incident.created');
        expect(payload.data.incident.sync_cycle_id ?? second.sync_cycle_id).toBe(second.sync_cycle_id);
      }

      // The cycles are stored, newest first.
      const cycles = await store.syncCycles.list('shop', 10);
      expect(cycles.map((c) => c.id)).toEqual([second.sync_cycle_id, first.sync_cycle_id]);
      expect(cycles[0]!.summary).toMatchObject({ endpoints_checked: 3, changed: 2 });
    } finally {
      await store.close();
      await loc.cleanup();
    }
  });
});
