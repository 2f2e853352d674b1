// `driftgate record --upstream URL --spec SPEC`: the recording proxy. Forwards every request to the
// upstream, records each exchange as a fixture (one file per operation, status and response shape, secrets
// redacted) and analyses it against the spec off the request path. With --workspace the mismatches go
// through the pipeline (budgets, incidents, notifications) every --flush-interval and at exit. Runs until
// SIGINT/SIGTERM, then prints what it recorded.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startRecording } from '../adapters/proxy/recording.js';
import { loadSpec } from '../adapters/spec-source.js';
import { openStore } from '../adapters/storage/open-store.js';
import { ingestRecorded } from '../app/record-traffic.js';
import {
  budgetSetFromConfig,
  type Config,
  defaultConfig,
  readConfigFile,
  rulesFromConfig,
} from '../config/index.js';
import type { Store } from '../ports/store.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';

export interface RecordFlags {
  readonly upstream?: string;
  readonly spec?: string;
  readonly port?: string;
  readonly host?: string;
  readonly fixtures?: string;
  readonly workspace?: string;
  readonly service?: string;
  readonly config?: string;
  readonly db?: string;
  readonly flushInterval?: string;
  readonly analysisThread?: string;
}

export function registerRecord(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('record')
    .description(
      'recording proxy: forward to the upstream, record fixtures, analyse traffic against the spec',
    )
    .option('--upstream <url>', 'the upstream base URL, http:// (default: sync.upstream)')
    .option('--spec <spec>', 'the contract (default: sync.spec)')
    .option('--port <n>', 'port to listen on (default 8080; 0 picks a free one)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--fixtures <dir>', 'fixtures directory (default: sync.fixtures_dir, else fixtures)')
    .option('--workspace <id>', 'send the mismatches through budgets and incidents for this workspace')
    .option('--service <name>', 'service name (with --workspace)')
    .option('--config <file>', 'driftgate config (default: $DRIFTGATE_CONFIG)')
    .option('--db <url>', 'database (with --workspace): SQLite file, sqlite:PATH or postgres://...')
    .option('--flush-interval <seconds>', 'seconds between pipeline flushes (with --workspace)', '30')
    .option(
      '--analysis-thread <mode>',
      'where recording and analysis run: on (a worker thread; nothing can hold up forwarding), off (the proxy event loop, in slices), auto (on with 3 or more cores)',
      'auto',
    )
    .action(async (flags: RecordFlags) => {
      setExit(await runRecord(flags, io));
    });
}

function dbUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)
    ? value
    : `sqlite:${resolve(value)}`;
}

/** Runs the proxy until `stop` aborts (default: SIGINT/SIGTERM). Prints the listening URL first. */
export async function runRecord(flags: RecordFlags, io: CliIo, stop?: AbortSignal): Promise<number> {
  const env = process.env;
  const configPath = flags.config ?? env.DRIFTGATE_CONFIG ?? null;
  const config: Config = configPath === null ? defaultConfig() : readConfigFile(configPath, env);
  const upstream = flags.upstream ?? config.sync?.upstream;
  if (!upstream) throw usageError('give --upstream URL (or sync.upstream in the config)');
  const specSource = flags.spec ?? config.sync?.spec;
  if (!specSource) throw usageError('give --spec SPEC (or sync.spec in the config)');
  const port = Number(flags.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usageError(`--port must be 0..65535, got '${flags.port}'`);
  const flushSeconds = Number(flags.flushInterval ?? '30');
  if (!(flushSeconds > 0))
    throw usageError(`--flush-interval must be a positive number, got '${flags.flushInterval}'`);
  const mode = flags.analysisThread ?? 'auto';
  if (!['on', 'off', 'auto'].includes(mode))
    throw usageError(`--analysis-thread must be on, off or auto, got '${mode}'`);
  // Measured on 2 vCPUs: the worker competes with the proxy for the cores and serves ~10% fewer
  // requests/s; with a core to spare it takes the analysis off the proxy's core.
  const thread = mode === 'on' || (mode === 'auto' && availableParallelism() >= 3);
  try {
    new URL(upstream);
  } catch {
    throw usageError(`--upstream must be a URL, got '${upstream}'`);
  }
  const spec = await loadSpec(specSource);
  const fixturesDir = resolve(flags.fixtures ?? config.sync?.fixtures_dir ?? 'fixtures');
  const workspace = flags.workspace ?? null;

  let store: Store | null = null;
  if (workspace !== null) {
    const dataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
    const url = flags.db === undefined ? (env.DATABASE_URL ?? config.storage.database_url) : dbUrl(flags.db);
    if (url === undefined || !/^postgres/i.test(url)) mkdirSync(dataDir, { recursive: true });
    store = await openStore({ url, dataDir });
  }
  const ingest =
    store === null || workspace === null
      ? null
      : {
          deps: {
            store,
            newId: randomUUID,
            configBudgets: budgetSetFromConfig(config),
            rules: rulesFromConfig(config),
          },
          workspaceId: workspace,
          service: flags.service ?? '',
        };
  const recording = await startRecording({
    upstream,
    port,
    host: flags.host ?? '127.0.0.1',
    spec,
    fixturesDir,
    thread,
    onError: (message) => io.stderr.write(`driftgate record: analysis failed: ${message}\n`),
  });
  io.stdout.write(
    `recording proxy on ${recording.url} -> ${upstream} (fixtures: ${fixturesDir}; analysis on ${thread ? 'its own thread' : 'the proxy thread'})\n`,
  );
  const clock = { now: () => new Date() };
  const flush = async () => {
    try {
      const r = await ingestRecorded({ spec, clock, ingest }, await recording.takeAggregate());
      if (r && r.incident_ids.length > 0) io.stdout.write(`incidents: ${r.incident_ids.join(', ')}\n`);
    } catch (e) {
      io.stderr.write(`driftgate record: pipeline flush failed: ${(e as Error).message}\n`);
    }
  };
  const timer = store === null ? null : setInterval(() => void flush(), flushSeconds * 1000);
  await new Promise<void>((done) => {
    if (stop) {
      if (stop.aborted) return done();
      stop.addEventListener('abort', () => done(), { once: true });
    } else {
      process.once('SIGINT', () => done()).once('SIGTERM', () => done());
    }
  });
  if (timer) clearInterval(timer);
  // Stop first (in-flight answered and analysed), then the last flush: nothing recorded is left out.
  await recording.stop();
  if (store !== null) {
    await flush();
    await store.close();
  }
  await recording.dispose();
  const r = recording.stats();
  io.stdout.write(
    `proxied ${r.proxied} (upstream errors ${r.upstreamErrors}); analysed ${r.processed}, dropped ${r.dropped}, failed ${r.failed}; ` +
      `matched ${r.matched}, mismatches ${r.mismatches}, fixtures written ${r.fixtures_written}\n`,
  );
  return EXIT.ok;
}
