// `driftgate sync`: replay the recorded requests against the upstream, compare by shape and against the
// spec, feed the findings to the pipeline (budgets, incidents, notifications, GitOps) and print the cycle
// summary. Once, or every --interval until interrupted. Exit 0 when the cycle ran and no budget was
// exceeded, 1 when a budget was exceeded or the cycle failed, 2 on bad usage or config.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { deliverPending, runConfiguredSync, syncSettings } from '../adapters/proxy/sync-runner.js';
import { openStore } from '../adapters/storage/open-store.js';
import type { SyncCycleResult } from '../app/sync-cycle.js';
import { type Config, defaultConfig, readConfigFile } from '../config/index.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';

interface SyncFlags {
  readonly upstream?: string;
  readonly spec?: string;
  readonly fixtures?: string;
  readonly config?: string;
  readonly workspace?: string;
  readonly service?: string;
  readonly interval?: string;
  readonly db?: string;
  readonly format: string;
  readonly progress: boolean;
  readonly notify: boolean;
}

export function registerSync(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('sync')
    .description('replay recorded requests against the upstream and report what changed (API sync)')
    .option('--upstream <url>', 'the upstream base URL (default: sync.upstream)')
    .option('--spec <spec>', 'the contract to check the new responses against (default: sync.spec)')
    .option('--fixtures <dir>', 'recorded fixtures directory (default: sync.fixtures_dir)')
    .option('--config <file>', 'driftgate config (default: $DRIFTGATE_CONFIG)')
    .option('--workspace <id>', 'workspace the findings belong to (default: sync.workspace, else default)')
    .option('--service <name>', 'service name (default: sync.service)')
    .option('--interval <duration>', 'run every interval (30s, 5m, 1h) until interrupted')
    .option('--db <url>', 'database: a SQLite file, sqlite:PATH or postgres://... (default: $DATABASE_URL)')
    .option('--format <format>', 'output format: text|json', 'text')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--no-notify', 'leave enqueued notifications to the `serve` worker')
    .action(async (flags: SyncFlags) => {
      setExit(await runSync(flags, io));
    });
}

function dbUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)
    ? value
    : `sqlite:${resolve(value)}`;
}

async function runSync(flags: SyncFlags, io: CliIo): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw usageError(`--format must be text or json, got '${flags.format}'`);
  if (flags.interval !== undefined && !/^\d+(?:\.\d+)?(?:ms|s|m|h)?$/.test(flags.interval))
    throw usageError(`--interval must be a duration like 30s, 5m or 1h, got '${flags.interval}'`);
  const env = process.env;
  const configPath = flags.config ?? env.DRIFTGATE_CONFIG ?? null;
  const config: Config = configPath === null ? defaultConfig() : readConfigFile(configPath, env);
  const settings = syncSettings(config, configPath, {
    upstream: flags.upstream,
    spec: flags.spec,
    fixtures: flags.fixtures,
    workspace: flags.workspace,
    service: flags.service,
    interval: flags.interval,
  });
  const dataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
  const url = flags.db === undefined ? (env.DATABASE_URL ?? config.storage.database_url) : dbUrl(flags.db);
  if (url === undefined || !/^postgres/i.test(url)) mkdirSync(dataDir, { recursive: true });
  const store = await openStore({ url, dataDir });
  const stderrTty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const bar = flags.progress && stderrTty;
  let stop = false;
  let wake: (() => void) | null = null;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  if (settings.intervalMs !== null) process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    let code: number = EXIT.ok;
    for (;;) {
      const result = await runConfiguredSync({
        config,
        settings,
        store,
        env,
        dataDir,
        ...(bar
          ? {
              onProgress: (done: number, total: number) => {
                const width = 30;
                const filled = total === 0 ? width : Math.round((done / total) * width);
                io.stderr.write(
                  `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} replayed`,
                );
              },
            }
          : {}),
      });
      if (bar) io.stderr.write('\r\x1b[K');
      const delivered =
        flags.notify && result.summary.incident_ids.length > 0
          ? await deliverPending({ config, env, url, dataDir, store })
          : 0;
      io.stdout.write(
        flags.format === 'json'
          ? `${JSON.stringify({ ...result, notifications_delivered: delivered }, null, 2)}\n`
          : renderText(result, delivered),
      );
      code = result.status === 'failed' || result.summary.budget_exceeded ? EXIT.gated : EXIT.ok;
      if (settings.intervalMs === null || stop) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, settings.intervalMs!);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      if (stop) break;
    }
    return code;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await store.close();
  }
}

export function renderText(r: SyncCycleResult, delivered = 0): string {
  const s = r.summary;
  const lines = [
    `sync cycle ${r.sync_cycle_id} (${r.workspace_id}): ${r.status} in ${s.duration_ms} ms`,
    `  endpoints checked: ${s.endpoints_checked}, changed: ${s.changed}, errors: ${s.errors}, skipped: ${s.skipped}`,
  ];
  for (const c of r.changes)
    lines.push(`  ${c.severity.padEnd(8)} ${c.operation} ${c.code} ${c.location}: ${c.message}`);
  for (const e of s.error_details) lines.push(`  error ${e.fixture}: ${e.message}`);
  if (s.incident_ids.length > 0)
    lines.push(`  incidents: ${s.incident_ids.join(', ')}${s.budget_exceeded ? ' (budget exceeded)' : ''}`);
  if (delivered > 0) lines.push(`  notifications delivered: ${delivered}`);
  if (s.pull_request)
    lines.push(
      `  pull request: ${s.pull_request.outcome}${s.pull_request.url ? ` ${s.pull_request.url}` : ''}${s.pull_request.branch ? ` (branch ${s.pull_request.branch})` : ''}${s.pull_request.reason ? `: ${s.pull_request.reason}` : ''}`,
    );
  if (s.fixtures_updated.length > 0) lines.push(`  fixtures updated: ${s.fixtures_updated.join(', ')}`);
  if (r.changes.length === 0 && s.errors === 0) lines.push('  no drift');
  return `${lines.join('\n')}\n`;
}
