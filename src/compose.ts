// The only place concrete adapters are built: config + env → store, server, workers. The CLI's `serve`
// and the black-box tests call `composeServer`; nothing else reads the environment.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { gitopsAdapters } from './adapters/git/from-config.js';
import { hmacSha256Hex } from './adapters/notifiers/hmac.js';
import { createHttpNotifier } from './adapters/notifiers/http.js';
import { serveSync } from './adapters/proxy/sync-service.js';
import { type OpenStoreOptions, openStore } from './adapters/storage/open-store.js';
import { openNotificationOutbox } from './adapters/storage/outbox-open.js';
import { openLeaseStore } from './adapters/storage/sql/leases.js';
import { exchangesFromJsonl } from './adapters/traffic/read-traffic.js';
import { type DeliveryWorker, startDeliveryWorker } from './app/deliver-notifications.js';
import {
  autoOpenPullRequest,
  type GeneratePrDeps,
  type GeneratePrInput,
  generatePr,
} from './app/generate-pr.js';
import { AnalyzerCache } from './app/ingest-exchanges.js';
import { webhookTargets } from './app/notify-targets.js';
import { RetentionScheduler } from './app/retention.js';
import { type ExampleFiles, seedExample } from './app/seed-example.js';
import {
  budgetSetFromConfig,
  type Config,
  type Env,
  readConfigFile,
  rulesFromConfig,
} from './config/index.js';
import { DEFAULT_RETRY_POLICY } from './core/notifications/retry.js';
import { parseSpecText } from './core/openapi/index.js';
import type { Clock } from './ports/clock.js';
import type { LeaseStore } from './ports/lease-store.js';
import type { NotificationOutbox } from './ports/outbox.js';
import type { Store } from './ports/store.js';
import { buildApp } from './server/app.js';
import { parseTokens } from './server/auth.js';
import type { ServerContext } from './server/context.js';
import { ServerMetrics } from './server/metrics.js';
import { RateLimiter } from './server/rate-limit.js';
import { budgetRoutes } from './server/routes/budgets.js';
import { deliveryRoutes } from './server/routes/deliveries.js';
import { exchangeRoutes } from './server/routes/exchanges.js';
import { incidentRoutes } from './server/routes/incidents.js';
import { metricsRoutes } from './server/routes/metrics.js';
import { opsRoutes } from './server/routes/ops.js';
import { gitopsRoutes, specRoutes } from './server/routes/specs.js';
import { syncRoutes } from './server/routes/sync.js';

export interface ServeOptions {
  readonly env: Env;
  /** --config; falls back to DRIFTGATE_CONFIG. */
  readonly configPath?: string | undefined;
  /** --port; falls back to PORT, then the config's server.port. */
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  /** pino destination; default stdout. `false` silences logs (tests). */
  readonly log?: boolean;
  readonly clock?: Clock;
}

export interface ComposedServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly config: Config;
  readonly host: string;
  readonly port: number;
  /** Why the server binds where it does, for the start banner. */
  readonly notes: readonly string[];
  /** Starts listening and the background workers; resolves to the bound address. */
  listen(): Promise<string>;
  /** Graceful: stop accepting, finish in-flight requests, stop workers, close the store. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

/** The bundled example workspace, served when no config is given (examples/quickstart/). */
export const EXAMPLE_DIR = fileURLToPath(new URL('../examples/quickstart', import.meta.url));

function readExample(dir: string): ExampleFiles {
  const specs = ['users-api.v1.yaml', 'users-api.v2.yaml'].map((f) => {
    const path = `${dir}/${f}`;
    return { name: path, document: parseSpecText(readFileSync(path, 'utf8'), path) };
  });
  const trafficPath = `${dir}/traffic.jsonl`;
  return { specs, traffic: [...exchangesFromJsonl(readFileSync(trafficPath, 'utf8'), trafficPath)] };
}

export async function composeServer(options: ServeOptions): Promise<ComposedServer> {
  const env = options.env;
  const configPath = options.configPath ?? env.DRIFTGATE_CONFIG;
  const example = configPath ? null : EXAMPLE_DIR;
  const config = configPath
    ? readConfigFile(configPath, env)
    : readConfigFile(`${EXAMPLE_DIR}/driftgate.yaml`, env);
  const dataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
  const databaseUrl = env.DATABASE_URL ?? config.storage.database_url;
  if (!databaseUrl || !/^postgres/i.test(databaseUrl)) mkdirSync(dataDir, { recursive: true });
  const location: OpenStoreOptions = { url: databaseUrl, dataDir };
  const store = await openStore(location);
  let outbox: NotificationOutbox | undefined;
  try {
    outbox = await openNotificationOutbox(location);
    return assembleServer({ ...options, store, config, example, outbox });
  } catch (e) {
    await outbox?.close();
    await store.close();
    throw e;
  }
}

export interface AssembleOptions extends ServeOptions {
  readonly store: Store;
  readonly config: Config;
  /** Directory of the example workspace to seed at listen, or null. */
  readonly example: string | null;
  /** API sync's lease store (default: opened on first use on DATABASE_URL / the config's database). */
  readonly leases?: () => Promise<LeaseStore>;
  /** The webhook outbox (its own handle on the store's database); absent: no delivery worker or routes. */
  readonly outbox?: NotificationOutbox;
}

/** Builds the server around an open store (tests pass their own store and config). */
export function assembleServer(options: AssembleOptions): ComposedServer {
  const { env, store, config, example } = options;
  const tokens = parseTokens(env[config.server.tokens_env], config.server.tokens_env);
  const notes: string[] = [];
  let host = options.host ?? config.server.host;
  if (tokens.length === 0 && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    notes.push(
      `no API tokens configured (${config.server.tokens_env}): binding to 127.0.0.1 only, every caller is admin`,
    );
    host = '127.0.0.1';
  }
  const port = options.port ?? (env.PORT ? Number(env.PORT) : config.server.port);

  const clock: Clock = options.clock ?? { now: () => new Date() };
  const logger =
    options.log === false
      ? false
      : pino({ level: env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization'] });
  const metrics = new ServerMetrics();
  const analyzers = new AnalyzerCache();
  const gitops = config.drift_budget.gitops;
  const dataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
  // GitOps deps are built (and their config checked) at start, so a bad token_env fails fast.
  const prDeps: GeneratePrDeps | null =
    gitops?.enabled === true
      ? {
          store,
          gitops,
          ...gitopsAdapters({ gitops, env, dataDir, tmpDir: join(dataDir, 'tmp') }),
          clock,
          newId: randomUUID,
          actor: 'server',
        }
      : null;
  const ctx: ServerContext = {
    store,
    config,
    configBudgets: budgetSetFromConfig(config),
    rules: rulesFromConfig(config),
    clock,
    newId: randomUUID,
    metrics,
    ingestLimitBytes: Number(env.DRIFTGATE_INGEST_LIMIT_BYTES ?? 64 * MiB),
    publicUrl: env.DRIFTGATE_PUBLIC_URL ?? config.server.public_url ?? `http://localhost:${port}`,
    onIncidents: (workspaceId, incidentIds) => {
      if (!prDeps) return;
      // Off the request path: the PR is the slow part (clone, commands, push); failures are logged.
      void autoOpenPullRequest(prDeps, { workspace_id: workspaceId, incident_ids: incidentIds }).then(
        (r) => r && app.log.info({ outcome: r.outcome, pr: r.pr?.url, reason: r.reason }, 'auto PR'),
        (err: unknown) => app.log.error({ err }, 'auto PR failed'),
      );
    },
  };
  const ready = async () => {
    try {
      await store.workspaces.list();
      return { ok: true, detail: `${store.dialect} reachable, migrations applied` };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  };
  // Webhooks (issue 7): targets are checked at start (a missing secret env var fails fast); the outbox is
  // its own database handle (options.outbox), used by the worker and the delivery routes.
  const targets = webhookTargets(config.incidents.webhooks, env);
  const outbox = options.outbox ?? null;
  const notifier = createHttpNotifier({ allowPrivateTargets: config.incidents.allow_private_targets });
  let worker: DeliveryWorker | null = null;

  // API sync (issue 9): POST /api/v1/drift/sync/run and the `sync.interval` scheduler, one instance per
  // workspace at a time (a lease row in the database).
  const syncDataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
  const sync = serveSync({
    config,
    configPath: options.configPath ?? env.DRIFTGATE_CONFIG ?? null,
    store,
    env,
    dataDir: syncDataDir,
    clock,
    leases:
      options.leases ??
      (() => openLeaseStore({ url: env.DATABASE_URL ?? config.storage.database_url, dataDir: syncDataDir })),
    onRun: (o) => {
      if ('error' in o) app.log.error({ err: o.error }, 'sync cycle failed');
      else if ('skipped' in o) app.log.info(o.skipped);
      else app.log.info({ sync_cycle_id: o.result.sync_cycle_id, summary: o.result.summary }, 'sync cycle');
    },
  });
  const app = buildApp({
    routes: [
      ...opsRoutes(ctx, ready),
      ...budgetRoutes(ctx),
      ...incidentRoutes(ctx),
      ...metricsRoutes(ctx),
      ...specRoutes(ctx),
      ...exchangeRoutes(ctx, analyzers),
      ...syncRoutes(ctx, sync?.service ?? null),
      ...(outbox ? deliveryRoutes(ctx, { outbox, targets }) : []),
      ...gitopsRoutes(ctx, prDeps ? (body) => generatePr(prDeps, body as GeneratePrInput) : null),
    ],
    tokens,
    metrics,
    version: '1',
    bodyLimit: ctx.ingestLimitBytes,
    ingestLimiter: new RateLimiter(Number(env.DRIFTGATE_INGEST_RATE_PER_MINUTE ?? 600)),
    requestTimeoutMs: Number(env.DRIFTGATE_REQUEST_TIMEOUT_MS ?? 30_000),
    logger,
  });

  const retention = new RetentionScheduler({
    store,
    clock,
    holder: `${hostname()}:${process.pid}`,
    retentionDays: config.drift_budget.incident_retention_days,
    intervalMs: 3_600_000,
    timer: {
      setInterval: (fn, ms) => setInterval(fn, ms).unref(),
      clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    },
    onRun: (o) => {
      if ('error' in o) app.log.error({ err: o.error }, 'retention run failed');
      else if (o.removed) app.log.info({ removed: o.removed }, 'retention removed incidents');
    },
  });

  return {
    app,
    store,
    config,
    host,
    port,
    notes,
    async listen() {
      if (example) {
        const seeded = await seedExample(
          { store, newId: randomUUID, configBudgets: ctx.configBudgets, rules: ctx.rules, analyzers },
          readExample(example),
          clock.now(),
        );
        if (seeded.seeded)
          notes.push(`seeded the example workspace: ${seeded.incident_ids.length} incidents`);
      }
      const address = await app.listen({ port, host });
      if (targets.length > 0 && outbox) {
        worker = startDeliveryWorker(
          {
            outbox,
            incidents: store.incidents,
            notifier,
            hmac: hmacSha256Hex,
            now: Date.now,
            random: Math.random,
            log: (e) => app.log[e.level]?.(e, e.msg),
          },
          {
            workerId: `${hostname()}:${process.pid}:${randomUUID()}`,
            targets,
            publicUrl: ctx.publicUrl,
            retry: DEFAULT_RETRY_POLICY,
          },
        );
      }
      retention.start();
      sync?.start();
      void retention.tick();
      return address;
    },
    async close() {
      await retention.stop();
      await sync?.stop();
      await app.close();
      await worker?.stop();
      await notifier.close();
      await outbox?.close();
      await store.close();
    },
  };
}
