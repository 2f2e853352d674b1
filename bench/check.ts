// `npm run bench:check`: the budget gate's cost over the spec diff it consumes. For each large pair of
// ../shared/corpus/bench, the floor is `driftgate diff` (the same load + diff, no budgets); `check` adds
// classification, hierarchy lookup per operation and evaluation; `check --history` also reads and records
// the window in a fresh SQLite file. Wall time is the median of --runs; peak RSS from /usr/bin/time.
// Usage: npm run bench:check -- [--runs N] [--pairs stripe-1,github] [--no-build]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildDist, type Measurement, measure, median } from './measure.js';
import { PAIRS } from './pairs.js';

const ROOT = new URL('../', import.meta.url).pathname;
const CORPUS = new URL('../../shared/corpus/bench/', import.meta.url).pathname;
const OUT = `${ROOT}bench/.out/`;
const CONFIG = `${ROOT}examples/driftgate.yaml`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    pairs: { type: 'string', default: PAIRS.map((p) => p.id).join(',') },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
const pairs = PAIRS.filter((p) => values.pairs.split(',').includes(p.id));
const log = (s: string) => process.stderr.write(`${s}\n`);

async function repeat(n: number, run: (i: number) => Promise<Measurement>): Promise<Measurement> {
  const ms: Measurement[] = [];
  for (let i = 0; i < n; i++) ms.push(await run(i));
  const ok = ms.filter((m) => m.outcome === 'ok');
  if (ok.length === 0) return ms[0] as Measurement;
  return { ...(ok[0] as Measurement), wallMs: median(ok.map((m) => m.wallMs)) };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (!values['no-build']) buildDist(log);
  const env = { DRIFTGATE_WEBHOOK_SECRET: 'x' };
  const cap = { maxRssMb: 4096, timeoutMs: 120_000, cwd: ROOT, env };
  const lines = [
    `driftgate check benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, Node ${process.version}, median of ${runs} runs`,
    '',
    '| pair | command | wall | peak RSS | result | ÷ diff (floor) |',
    '|---|---|---:|---:|---|---:|',
  ];
  for (const pair of pairs) {
    const a = `${CORPUS}${pair.base}`;
    const b = `${CORPUS}${pair.revision}`;
    log(`${pair.label}: driftgate diff (floor)`);
    const floor = await repeat(runs, () =>
      measure('node', ['bin/driftgate.js', 'diff', a, b, '--format', 'json', '--fail-on', 'never'], {
        ...cap,
        okExitCodes: [0],
      }),
    );
    const out = `${OUT}check-${pair.id}.json`;
    log(`${pair.label}: driftgate check`);
    const check = await repeat(runs, () =>
      measure(
        'node',
        ['bin/driftgate.js', 'check', '--config', CONFIG, '--base', a, '--revision', b, '--format', 'json'],
        {
          ...cap,
          okExitCodes: [0, 1],
          stdoutFile: out,
        },
      ),
    );
    let note = '';
    if (check.outcome === 'ok') {
      const r = JSON.parse(readFileSync(out, 'utf8')) as {
        summary: { operations: number; exceeded: number };
      };
      note = `${r.summary.operations} operations evaluated, ${r.summary.exceeded} over budget`;
    }
    log(`${pair.label}: driftgate check --history (fresh SQLite file each run)`);
    const history = await repeat(runs, (i) => {
      const db = `${OUT}check-${pair.id}-${i}.db`;
      rmSync(db, { force: true });
      return measure(
        'node',
        [
          'bin/driftgate.js',
          'check',
          '--config',
          CONFIG,
          '--base',
          a,
          '--revision',
          b,
          '--format',
          'json',
          '--history',
          db,
        ],
        {
          ...cap,
          okExitCodes: [0, 1],
        },
      );
    });
    const row = (name: string, m: Measurement, result: string) => {
      const ratio =
        floor.outcome === 'ok' && m.outcome === 'ok' ? `${(m.wallMs / floor.wallMs).toFixed(2)}x` : '';
      const rss = m.peakRssKb === null ? '' : `${Math.round(m.peakRssKb / 1024)} MB`;
      lines.push(
        `| ${pair.label} | ${name} | ${(m.wallMs / 1000).toFixed(2)} s | ${rss} | ${m.outcome === 'ok' ? result : `${m.outcome}: ${m.detail}`} | ${ratio} |`,
      );
    };
    row('diff --format json', floor, 'floor');
    row('check --format json', check, note);
    row('check --history (SQLite)', history, 'window read + recorded');
  }
  const table = `${lines.join('\n')}\n`;
  process.stdout.write(table);
  writeFileSync(`${OUT}check.md`, table);
}

await main();
