// `driftgate diff BASE REVISION`: parse options -> diffSpecFilesWith -> render -> exit code (INTERFACES.md).
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadSpec } from '../adapters/spec-source.js';
import { readTextFile } from '../adapters/text-file.js';
import { diffSpecFilesWith } from '../app/diff-specs.js';
import type { Change } from '../core/findings.js';
import { DIFF_FORMATS, FAIL_ON, gatedChanges } from '../render/diff-format.js';
import { renderDiffJsonChunks } from '../render/diff-json.js';
import { locatePointers } from '../render/diff-lines.js';
import { renderDiff } from '../render/diff-render.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

interface DiffFlags {
  readonly format: string;
  readonly failOn: string;
  readonly ignore?: string;
  readonly today?: string;
  readonly deprecationDaysStable?: string;
  readonly deprecationDaysBeta?: string;
}

export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two contracts (spec vs spec); exit 1 on a change at or above --fail-on')
    .argument('<base>', 'base contract: a JSON/YAML file (OpenAPI 3.0, 3.1, Swagger 2.0) or - for stdin')
    .argument('<revision>', 'revised contract: a file or - for stdin')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join('|')}`, 'text')
    .option('--fail-on <level>', `exit 1 on a change at or above: ${FAIL_ON.join('|')}`, 'breaking')
    .option('--ignore <file>', 'ignore file (driftgate or oasdiff lines, docs/ignore-file.md)')
    .option('--today <date>', 'date for sunset and deprecation checks, YYYY-MM-DD (default: today, UTC)')
    .option('--deprecation-days-stable <n>', 'minimum days from deprecation to removal of a stable operation')
    .option('--deprecation-days-beta <n>', 'minimum days from deprecation to removal of a beta operation')
    .action(async (base: string, revision: string, flags: DiffFlags) => {
      setExit(await runDiff(base, revision, flags, io));
    });
}

async function runDiff(base: string, revision: string, flags: DiffFlags, io: CliIo): Promise<number> {
  const format = oneOf(DIFF_FORMATS, flags.format, '--format');
  const failOn = oneOf(FAIL_ON, flags.failOn, '--fail-on');
  if (base === '-' && revision === '-') throw usageError("only one of BASE and REVISION can be '-' (stdin)");
  const today = flags.today === undefined ? new Date().toISOString().slice(0, 10) : isoDate(flags.today);
  const stable = days(flags.deprecationDaysStable, '--deprecation-days-stable');
  const beta = days(flags.deprecationDaysBeta, '--deprecation-days-beta');

  const { result, ignored } = await diffSpecFilesWith(
    {
      loadSpec: (source) => loadSpec(source, io.stdin ? { stdin: io.stdin } : {}),
      readText: readTextFile,
    },
    base,
    revision,
    {
      today,
      ...(stable !== undefined ? { deprecationDaysStable: stable } : {}),
      ...(beta !== undefined ? { deprecationDaysBeta: beta } : {}),
      ...(flags.ignore !== undefined ? { ignore: flags.ignore } : {}),
    },
  );
  // SARIF regions and GitHub annotations want lines: re-read the files (not stdin) only for those formats.
  const lineOf =
    format === 'sarif' || format === 'github' ? await lineLookup(base, revision, result.changes) : undefined;
  const context = {
    failOn,
    baseFile: base === '-' ? '<stdin>' : base,
    revisionFile: revision === '-' ? '<stdin>' : revision,
    color: format === 'text' && (io.isTTY ?? (io.stdout as { isTTY?: boolean }).isTTY) === true,
    ignored: ignored.length,
    toolVersion: VERSION,
    ...(lineOf ? { lineOf } : {}),
  };
  // A reader that stops early (`| head`) is not an error of ours: keep the exit code, drop the rest.
  io.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  // json can be tens of MB: stream it change by change rather than hold it as one string and one buffer.
  if (format === 'json') await writeChunks(io.stdout, renderDiffJsonChunks(result));
  else io.stdout.write(renderDiff(format, result, context));
  return gatedChanges(result.changes, failOn).length > 0 ? EXIT.gated : EXIT.ok;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`unknown ${flag} '${value}' (expected one of: ${allowed.join(', ')})`);
}

function isoDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== value) {
    throw usageError(`--today '${value}' is not a date (expected YYYY-MM-DD)`);
  }
  return value;
}

function days(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw usageError(`${flag} '${value}' is not a whole number of days`);
  return Number(value);
}

async function lineLookup(
  base: string,
  revision: string,
  changes: readonly Change[],
): Promise<(side: 'base' | 'revision', pointer: string) => number | undefined> {
  const lines = async (file: string, pointers: (string | null)[]) => {
    if (file === '-') return new Map<string, number>();
    try {
      return locatePointers(
        await readTextFile(file),
        pointers.filter((p): p is string => p !== null),
      );
    } catch {
      return new Map<string, number>(); // lines are a nicety; the diff itself already succeeded
    }
  };
  const baseLines = await lines(
    base,
    changes.map((c) => c.location.base),
  );
  const revisionLines = await lines(
    revision,
    changes.map((c) => c.location.revision),
  );
  return (side, pointer) => (side === 'base' ? baseLines : revisionLines).get(pointer);
}

/** Writes chunks in ~64 KiB batches, waiting for 'drain' when the stream asks for it. */
async function writeChunks(out: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length < 65_536) continue;
    if (!out.write(batch)) {
      try {
        await once(out, 'drain');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw e;
      }
    }
    batch = '';
  }
  if (batch !== '') out.write(batch);
}
