// `driftgate pr`: the GitOps PR from live incidents. Parse options -> config, store, git adapters ->
// generatePr -> print the outcome. Exit 0 when a PR is open (opened, updated, unchanged) or there is
// nothing to do; 1 when the PR could not be opened (the reason is printed and recorded on the incidents).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { gitopsAdapters } from '../adapters/git/from-config.js';
import { openStore } from '../adapters/storage/open-store.js';
import { type GeneratePrInput, type GeneratePrResult, generatePr } from '../app/generate-pr.js';
import { readConfigFile } from '../config/index.js';
import { INCIDENT_STATUSES, type IncidentStatus } from '../core/incidents/incident.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';

interface PrFlags {
  readonly config?: string;
  readonly workspace?: string;
  readonly incident?: string[];
  readonly status: string;
  readonly db?: string;
  readonly format: string;
}

export function registerPr(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('pr')
    .description(
      'open (or update) the GitOps pull request that fixes the spec and fixtures for live incidents',
    )
    .option('--config <file>', 'driftgate config with drift_budget.gitops (default: $DRIFTGATE_CONFIG)')
    .option('--workspace <id>', 'workspace whose incidents are included (default: default)')
    .option('--incident <ids...>', 'only these incident ids (default: every incident with --status)')
    .option(
      '--status <status>',
      `incident status to include without --incident: ${INCIDENT_STATUSES.join('|')}`,
      'open',
    )
    .option(
      '--db <url>',
      'database: a SQLite file, sqlite:PATH or postgres://... (default: $DATABASE_URL, the config, then <data dir>/driftgate.db)',
    )
    .option('--format <format>', 'output format: text|json', 'text')
    .action(async (flags: PrFlags) => {
      setExit(await runPr(flags, io));
    });
}

async function runPr(flags: PrFlags, io: CliIo): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json')
    throw usageError(`--format must be text or json, got '${flags.format}'`);
  if (!(INCIDENT_STATUSES as readonly string[]).includes(flags.status)) {
    throw usageError(`--status must be one of ${INCIDENT_STATUSES.join(', ')}, got '${flags.status}'`);
  }
  const env = process.env;
  const configPath = flags.config ?? env.DRIFTGATE_CONFIG;
  if (configPath === undefined)
    throw usageError('give --config FILE (or DRIFTGATE_CONFIG): the GitOps settings live there');
  const config = readConfigFile(configPath, env);
  const gitops = config.drift_budget.gitops;
  if (gitops === undefined) throw usageError(`${configPath} has no drift_budget.gitops section`);
  const dataDir = resolve(env.DRIFTGATE_DATA_DIR ?? config.storage.data_dir ?? '.driftgate');
  const url = flags.db === undefined ? (env.DATABASE_URL ?? config.storage.database_url) : dbUrl(flags.db);
  if (url === undefined || !/^postgres/i.test(url)) mkdirSync(dataDir, { recursive: true });
  const { host, repository } = gitopsAdapters({ gitops, env, dataDir, tmpDir: join(dataDir, 'tmp') });

  const input: GeneratePrInput =
    flags.incident !== undefined && flags.incident.length > 0
      ? {
          incident_ids: flags.incident,
          ...(flags.workspace === undefined ? {} : { workspace_id: flags.workspace }),
        }
      : { status: flags.status as IncidentStatus, workspace_id: flags.workspace ?? 'default' };
  const store = await openStore({ url, dataDir });
  try {
    const result = await generatePr(
      { store, gitops, host, repository, clock: { now: () => new Date() }, newId: randomUUID, actor: 'cli' },
      input,
    );
    io.stdout.write(flags.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderText(result));
    return result.outcome === 'not_opened' ? EXIT.gated : EXIT.ok;
  } finally {
    await store.close();
  }
}

/** A bare path is a SQLite file. */
function dbUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)
    ? value
    : `sqlite:${resolve(value)}`;
}

function renderText(r: GeneratePrResult): string {
  const lines: string[] = [];
  const n = r.incident_ids.length;
  switch (r.outcome) {
    case 'opened':
    case 'updated':
    case 'unchanged':
      lines.push(
        `PR ${r.outcome === 'unchanged' ? 'already up to date' : r.outcome}: ${r.pr?.url}`,
        `  title:     ${r.title}`,
        `  branch:    ${r.branch}${r.commit?.pushed ? ' (pushed)' : ' (no new commit to push)'}`,
        `  commit:    ${r.commit?.sha.slice(0, 12)} (${r.commit?.files.join(', ')})`,
        `  incidents: ${n} (${r.incident_ids.join(', ')})`,
      );
      break;
    case 'nothing_to_do':
      lines.push(`No PR: ${r.reason}`);
      break;
    case 'not_opened':
      lines.push(`PR not opened: ${r.reason}`, `  incidents: ${n} (the reason is recorded on each)`);
      break;
  }
  for (const s of r.skipped) lines.push(`  skipped ${s.id}: ${s.reason}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
