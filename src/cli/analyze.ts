// `driftgate analyze --spec SPEC TRAFFIC...`: traffic vs spec (INTERFACES.md). Parse options -> stream the
// traffic files through analyzeTraffic -> render -> exit code. Exit 1 only with --fail-on (default never:
// analysis reports, `driftgate check --traffic` gates); exit 2 on a bad spec, bad usage or unreadable input.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openAiCompatibleLlm } from '../adapters/llm/openai-compatible.js';
import { loadSpec } from '../adapters/spec-source.js';
import { analyzeTrafficFiles } from '../adapters/traffic/parallel-analyze.js';
import { type MalformedRecord, totalBytes } from '../adapters/traffic/read-traffic.js';
import type { TrafficAnalysis } from '../app/analyze-traffic.js';
import { explainDrift, withAiNote } from '../app/explain-drift.js';
import { type Config, readConfigFile, rulesFromConfig } from '../config/index.js';
import { LEVEL_RANK, LEVELS, type Level } from '../core/findings.js';
import { ANALYZE_FORMATS, type AnalyzeFormat, renderAnalysis } from '../render/analyze-render.js';
import { EXIT, usageError } from './exit.js';
import type { CliIo } from './io.js';

interface AnalyzeFlags {
  readonly spec: string;
  readonly format: string;
  readonly patchOut?: string;
  readonly minConfidence?: string;
  readonly failOn: string;
  readonly maxSamples?: string;
  readonly undocumented: boolean;
  readonly progress: boolean;
  readonly config?: string;
  readonly threads?: string;
}

const FAIL_ON = [...LEVELS, 'never'] as const;
/** Inputs at least this large get a progress bar (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

export function registerAnalyze(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('analyze')
    .description('validate recorded traffic (HAR 1.2 or exchange JSONL, optionally .gz) against a contract')
    .requiredOption(
      '--spec <spec>',
      'the contract: a JSON/YAML file (OpenAPI 3.0, 3.1, Swagger 2.0) or - for stdin',
    )
    .argument('<traffic...>', 'HAR or exchange JSONL files (.gz accepted)')
    .option('--format <format>', `output format: ${ANALYZE_FORMATS.join('|')}`, 'text')
    .option('--patch-out <file>', 'write the proposed corrections as one RFC 6902 JSON Patch array')
    .option('--min-confidence <n>', 'only corrections with at least this confidence (0..1)')
    .option('--fail-on <level>', `exit 1 on a mismatch at or above: ${FAIL_ON.join('|')}`, 'never')
    .option('--max-samples <n>', 'sample exchange ids kept per mismatch', '5')
    .option('--no-undocumented', 'do not report undocumented properties and query parameters')
    .option('--no-progress', 'no progress bar on stderr')
    .option(
      '--threads <n>',
      'threads for large plain JSONL inputs, this one and N-1 workers (default: one per core, at most 8; 1: one pass)',
    )
    .option(
      '--config <file>',
      'driftgate config: breaking_change_rules for levels, and the optional ai section',
    )
    .action(async (traffic: string[], flags: AnalyzeFlags) => {
      setExit(await runAnalyze(traffic, flags, io));
    });
}

function oneOf<T extends string>(allowed: readonly T[], value: string, flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`unknown ${flag} '${value}' (expected one of: ${allowed.join(', ')})`);
}

function fraction(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw usageError(`--min-confidence '${value}' must be a number from 0 to 1`);
  }
  return n;
}

async function runAnalyze(traffic: readonly string[], flags: AnalyzeFlags, io: CliIo): Promise<number> {
  const format = oneOf(ANALYZE_FORMATS, flags.format, '--format') as AnalyzeFormat;
  const failOn = oneOf(FAIL_ON, flags.failOn, '--fail-on');
  const minConfidence = fraction(flags.minConfidence);
  const maxSamples = Number(flags.maxSamples ?? '5');
  if (!Number.isInteger(maxSamples) || maxSamples < 1)
    throw usageError('--max-samples must be a whole number ≥ 1');
  const threads = flags.threads === undefined ? undefined : Number(flags.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64))
    throw usageError(`--threads '${flags.threads}' must be a whole number from 1 to 64`);
  if (traffic.includes('-') && flags.spec === '-')
    throw usageError("only one of --spec and TRAFFIC can be '-'");
  if (traffic.includes('-'))
    throw usageError("TRAFFIC must be files ('-' is not supported; use a file or /dev/stdin)");

  const spec = await loadSpec(flags.spec, io.stdin ? { stdin: io.stdin } : {});
  const total = await totalBytes(traffic);
  const stderrTty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const progress = flags.progress && stderrTty && total >= PROGRESS_MIN_BYTES ? progressBar(io, total) : null;

  let malformed = 0;
  const report = (m: MalformedRecord) => {
    malformed++;
    if (malformed <= 20)
      io.stderr.write(`${progress ? '\r\x1b[K' : ''}driftgate: ${m.file}:${m.line}: skipped: ${m.message}\n`);
    else if (malformed === 21)
      io.stderr.write('driftgate: (further malformed records are counted, not shown)\n');
  };
  const config = flags.config === undefined ? null : readConfigFile(flags.config, process.env);
  const analysis = await analyzeTrafficFiles(spec, traffic, {
    maxSamples,
    ...(config ? { rules: rulesFromConfig(config) } : {}),
    onMalformed: report,
    undocumentedFields: flags.undocumented,
    undocumentedQuery: flags.undocumented,
    ...(threads !== undefined ? { threads } : {}),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
    ...(progress ? { onProgress: (bytes: number, n: number) => progress.update(bytes, n) } : {}),
  });
  progress?.done();

  if (flags.patchOut !== undefined) {
    const patch = analysis.corrections.flatMap((c) => c.patch);
    await writeFile(flags.patchOut, `${JSON.stringify(patch, null, 2)}\n`);
  }
  // The AI layer runs after the deterministic result and never changes it (docs/ai.md).
  const ai = config?.ai.enabled ? await explainWithConfig(config, analysis) : undefined;
  io.stdout.write(renderAnalysis(format, ai ? withAiNote(analysis, ai) : analysis));
  if (failOn === 'never') return EXIT.ok;
  const gate = LEVEL_RANK[failOn as Level];
  return analysis.mismatches.some((m) => LEVEL_RANK[m.level] >= gate) ? EXIT.gated : EXIT.ok;
}

function progressBar(io: CliIo, total: number) {
  let last = 0;
  let lastN = 0;
  const mb = (n: number) => (n / 1048576).toFixed(0);
  const draw = (bytes: number, n: number) => {
    const pct = Math.min(100, Math.floor((bytes / total) * 100));
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    io.stderr.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${mb(bytes)}/${mb(total)} MB, ${n} exchanges`,
    );
  };
  return {
    update(bytes: number, n: number) {
      // Called per exchange on one thread, per part with several: look at the clock rarely.
      if (n - lastN < 256) return;
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      lastN = n;
      draw(bytes, n);
    },
    done() {
      io.stderr.write('\r\x1b[K');
    },
  };
}

async function explainWithConfig(config: Config, analysis: TrafficAnalysis) {
  const ai = config.ai;
  const llm =
    ai.base_url && ai.model
      ? openAiCompatibleLlm({
          baseUrl: ai.base_url,
          model: ai.model,
          timeoutMs: ai.timeout_ms,
          ...(ai.api_key_env && process.env[ai.api_key_env] ? { apiKey: process.env[ai.api_key_env]! } : {}),
        })
      : null;
  return explainDrift({ llm }, analysis, { enabled: true, timeoutMs: ai.timeout_ms });
}
