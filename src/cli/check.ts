// `driftgate check`: the budget gate. Parse options -> load config, specs, traffic -> checkBudgets ->
// render -> exit 1 when a budget is exceeded (INTERFACES.md "CLI").
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadSpec } from '../adapters/spec-source.js';
import { openStore } from '../adapters/storage/open-store.js';
import { type MalformedRecord, readTraffic } from '../adapters/traffic/read-traffic.js';
import { checkBudgets, type OperationInfo } from '../app/check-budgets.js';
import { createMemoryDriftHistory } from '../app/check-memory-history.js';
import { contractService, specCheckInput } from '../app/check-specs.js';
import { budgetFromStored } from '../app/check-stored-budgets.js';
import { trafficCheckInput } from '../app/check-traffic.js';
import { budgetSetFromConfig, defaultConfig, readConfigFile, rulesFromConfig } from '../config/index.js';
import type { Config } from '../config/schema.js';
import { mergeBudgetSets } from '../core/budgets/hierarchy.js';
import type { BudgetCheckReport } from '../core/budgets/report.js';
import { DriftgateError } from '../core/errors.js';
import type { Finding } from '../core/findings.js';
import type { ApiDocument } from '../core/openapi/index.js';
import type { DriftHistory } from '../ports/drift-history.js';
import type { Store } from '../ports/store.js';
import { renderBudgetJson } from '../render/budget-json.js';
import { renderBudgetMarkdown } from '../render/budget-markdown.js';
import { renderBudgetText } from '../render/budget-text.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';

export const CHECK_FORMATS = ['text', 'json', 'markdown'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

interface CheckFlags {
  readonly config?: string;
  readonly base?: string;
  readonly revision?: string;
  readonly traffic?: string[];
  readonly spec?: string;
  readonly workspace?: string;
  readonly service?: string;
  readonly format: string;
  readonly history?: string;
  readonly now?: string;
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('spend drift against the configured budgets; exit 1 when a budget is exceeded')
    .option(
      '--config <file>',
      'driftgate config (YAML); default: $DRIFTGATE_CONFIG, else the built-in defaults',
    )
    .option('--base <spec>', 'base contract (with --revision): a file or - for stdin')
    .option('--revision <spec>', 'revised contract (with --base)')
    .option('--traffic <files...>', 'recorded traffic: HAR 1.2 or exchange JSONL files')
    .option(
      '--spec <spec>',
      'contract the traffic is checked against (default: --revision, else the config contract)',
    )
    .option('--workspace <id>', 'workspace id for workspace budgets', 'default')
    .option(
      '--service <name>',
      'service name for service budgets (default: the contract entry, x-service, info.title)',
    )
    .option('--format <format>', `output format: ${CHECK_FORMATS.join('|')}`, 'text')
    .option(
      '--history <db>',
      'count the window across runs: a SQLite file, sqlite:PATH or postgres://... (records this run)',
    )
    .option('--now <instant>', 'evaluate as of this ISO 8601 instant (default: now)')
    .action(async (flags: CheckFlags) => {
      setExit(await runCheck(flags, io));
    });
}

async function runCheck(flags: CheckFlags, io: CliIo): Promise<number> {
  const format = oneOf(CHECK_FORMATS, flags.format, '--format');
  const now = flags.now === undefined ? new Date() : instant(flags.now);
  const traffic = flags.traffic ?? [];
  if ((flags.base === undefined) !== (flags.revision === undefined)) {
    throw usageError('--base and --revision go together (give both, or neither and use --traffic)');
  }
  if (flags.base === undefined && traffic.length === 0) {
    throw usageError('nothing to check: give --base and --revision, and/or --traffic');
  }
  if (flags.spec !== undefined && traffic.length === 0)
    throw usageError('--spec is the contract for --traffic');
  const stdinUsers = [flags.base, flags.revision, flags.spec].filter((x) => x === '-').length;
  if (stdinUsers > 1) throw usageError("only one of --base, --revision and --spec can be '-' (stdin)");
  if (traffic.includes('-')) throw usageError("--traffic reads files, not stdin ('-')");

  const configPath = flags.config ?? process.env.DRIFTGATE_CONFIG;
  const config: Config = configPath ? readConfigFile(configPath, process.env) : defaultConfig();
  const rules = rulesFromConfig(config);
  const contract = config.contracts.find(
    (c) => c.workspace === flags.workspace && (flags.service === undefined || c.service === flags.service),
  );
  const load = (source: string) => loadSpec(source, io.stdin ? { stdin: io.stdin } : {});

  const findings: Finding[] = [];
  const operations: OperationInfo[] = [];
  let named: ApiDocument | undefined;
  if (flags.base !== undefined && flags.revision !== undefined) {
    const base = await load(flags.base);
    const revision = await load(flags.revision);
    const input = specCheckInput(base, revision, now.toISOString().slice(0, 10));
    findings.push(...input.findings);
    operations.push(...input.operations);
    named = revision;
  }
  if (traffic.length > 0) {
    const specSource =
      flags.spec ?? flags.revision ?? (contract ? resolve(configDir(configPath), contract.spec) : undefined);
    if (specSource === undefined) {
      throw usageError(
        '--traffic needs a contract: give --spec, --revision, or a contracts entry for the workspace',
      );
    }
    const spec = specSource === flags.revision && named ? named : await load(specSource);
    const malformed: MalformedRecord[] = [];
    const input = await trafficCheckInput(
      spec,
      readTraffic(traffic, { onMalformed: (m) => malformed.push(m) }),
      rules,
    );
    if (malformed.length > 0) {
      throw new DriftgateError(
        'traffic.parse',
        `${malformed.length} malformed traffic record${malformed.length === 1 ? '' : 's'}`,
        {},
        malformed.slice(0, 20).map((m) => ({ message: m.message, location: { file: m.file, line: m.line } })),
      );
    }
    findings.push(...input.findings);
    const known = new Set(operations.map((o) => `${o.method} ${o.path}`));
    operations.push(...input.operations.filter((o) => !known.has(`${o.method} ${o.path}`)));
    named ??= spec;
  }
  const service = flags.service ?? contract?.service ?? (named ? contractService(named) : null);

  let store: Store | undefined;
  try {
    let history: DriftHistory = createMemoryDriftHistory();
    let budgets = budgetSetFromConfig(config);
    if (flags.history !== undefined) {
      store = await openStore({ url: historyUrl(flags.history), dataDir: configDir(configPath) });
      history = store.history;
      budgets = mergeBudgetSets(budgets, (await store.budgets.list()).map(budgetFromStored));
    }
    const report: BudgetCheckReport = await checkBudgets(
      { history },
      {
        budgets,
        rules,
        workspace: flags.workspace ?? 'default',
        service,
        findings,
        operations,
        now,
        record: store !== undefined,
      },
    );
    io.stdout.write(render(format, report));
    return report.budget_exceeded ? EXIT.gated : EXIT.ok;
  } finally {
    await store?.close();
  }
}

function render(format: CheckFormat, report: BudgetCheckReport): string {
  switch (format) {
    case 'json':
      return renderBudgetJson(report);
    case 'markdown':
      return renderBudgetMarkdown(report);
    case 'text':
      return renderBudgetText(report);
  }
}

/** A bare path is a SQLite file. */
function historyUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)
    ? value
    : `sqlite:${resolve(value)}`;
}

function configDir(configPath: string | undefined): string {
  return configPath ? dirname(resolve(configPath)) : process.cwd();
}

function oneOf<T extends string>(allowed: readonly T[], value: string, flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`unknown ${flag} '${value}' (expected one of: ${allowed.join(', ')})`);
}

function instant(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
    throw usageError(`--now '${value}' is not an ISO 8601 instant (e.g. 2026-01-31T12:00:00Z)`);
  }
  return d;
}
