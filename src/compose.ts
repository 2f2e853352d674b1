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
import { openStore } from './adapters/storage/open-store.js';
import { exchangesFromJsonl } from './adapters/traffic/read-traffic.js';
import {
  autoOpenPullRequest,
  type GeneratePrDeps,
  type GeneratePrInput,
  generatePr,
} from './app/generate-pr.js';
import { AnalyzerCache } from './app/ingest-exchanges.js';
import { RetentionScheduler } from './app/retention.js';
import { type ExampleFiles, seedExample } from './app/seed-example.js';
import {
  budgetSetFromConfig,
  type Config,
  defaultConfig,
  type Env,
  readConfigFile,
  rulesFromConfig,
} from './config/index.js';
import { parseSpecText } from './core/openapi/index.js';
import type { Clock } from './ports/clock.js';
import type { Store } from './ports/store.js';
import { buildApp } from './server/app.js';
import { parseTokens } from './server/auth.js';
import type { ServerContext } from './server/context.js';
import { ServerMetrics } from './server/metrics.js';
import { RateLimiter } from './server/rate-limit.js';
import { budgetRoutes } from './server/routes/budgets.js';
import { exchangeRoutes } from './server/routes/exchanges.js';
import { incidentRoutes } from './server/routes/incidents.js';
import { metricsRoutes } from './server/routes/metrics.js';
import { opsRoutes } from './server/routes/ops.js';
import { gitopsRoutes, specRoutes } from './server/routes/specs.js';

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
  const store = await openStore({ url: databaseUrl, dataDir });
  try {
    return assembleServer({ ...options, store, config, example });
  } catch (e) {
    await store.close();
    throw e;
  }
}

export interface AssembleOptions extends ServeOptions {
  readonly store: Store;
  readonly config: Config;
  /** Directory of the example workspace to seed at listen, or null. */
  readonly example: string | null;
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
    publicUrl: env.DRIFTGATE_PUBLIC_URL ?? `http://localhost:${port}`,
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
  const app = buildApp({
    routes: [
      ...opsRoutes(ctx, ready),
      ...budgetRoutes(ctx),
      ...incidentRoutes(ctx),
      ...metricsRoutes(ctx),
      ...specRoutes(ctx),
      ...exchangeRoutes(ctx, analyzers),
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
      retention.start();
      void retention.tick();
      return address;
    },
    async close() {
      await retention.stop();
      await app.close();
      await store.close();
    },
  };
}
