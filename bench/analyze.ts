// `npm run bench:analyze`: traffic-vs-spec throughput and memory. driftgate end to end as `driftgate analyze`
// runs it, from the built code in dist/ (stream a JSONL file, parse, match, validate, aggregate, propose
// corrections; on every core, and once more on one thread) on Stripe's 190 fixture exchanges and GitHub's 71
// octokit recordings, each replicated to 200k and to a quarter of that (the difference gives the
// steady-state rate and the setup);
// in the same run two floors, the same pre-compiled Ajv validators on the response bodies alone (a) the
// distinct bodies cycled, (b) every body of the input, each its own parsed object, parsed ahead; the parse
// floor (JSON.parse of every line alone, what validating this input costs before any validation); and the
// peer `redocly drift` (@redocly/cli, not a dependency: installed into bench/.peers on first use, run under a
// time and memory cap). Peak RSS at 50k vs 200k, and both under a 256 MB heap cap, show whether memory stays
// flat as the input grows.
// Usage: npm run bench:analyze -- [--stripe N] [--github N] [--no-peer] [--no-build] [--max-rss-mb 4096]

import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { readTraffic } from '../src/adapters/traffic/read-traffic.js';
import { buildDist, type Measurement, measure } from './measure.js';
import { ensurePeer, type Peer } from './peers/index.js';

const ROOT = new URL('../', import.meta.url).pathname;
const CORPUS = new URL('../../shared/corpus/traffic/', import.meta.url).pathname;
const OUT = `${ROOT}bench/.out/analyze/`;

const { values } = parseArgs({
  options: {
    stripe: { type: 'string', default: '200000' },
    github: { type: 'string', default: '200000' },
    peer: { type: 'boolean', default: true },
    'max-rss-mb': { type: 'string', default: '4096' },
    build: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const STRIPE_N = Number(values.stripe);
const GITHUB_N = Number(values.github);
const MAX_RSS = Number(values['max-rss-mb']);

const SOURCES = {
  stripe: { spec: `${CORPUS}stripe/spec3.yaml`, har: `${CORPUS}stripe/stripe-fixtures-get.har` },
  github: { spec: `${CORPUS}github/api.github.com.json`, har: `${CORPUS}github/octokit-fixtures.har` },
} as const;

const REDOCLY: Peer = {
  name: 'redocly',
  label: 'Redocly CLI `redocly drift`',
  pkg: '@redocly/cli',
  version: '2.77.0',
  bin: 'redocly',
  args: () => [],
  timeoutMs: 300_000,
  slow: true,
  okExitCodes: [0, 1],
};

/** Writes the HAR's exchanges, replicated with unique ids and increasing timestamps, as exchange JSONL. */
async function replicate(har: string, n: number, file: string): Promise<number> {
  if (existsSync(file)) return readFileSync(`${file}.count`, 'utf8') === String(n) ? n : write();
  return write();
  async function write(): Promise<number> {
    const base: unknown[] = [];
    for await (const e of readTraffic([har])) base.push(e);
    const out = createWriteStream(file);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < n; i++) {
      const e = base[i % base.length] as Record<string, unknown>;
      const line = `${JSON.stringify({ ...e, id: `x${i}`, timestamp: new Date(t0 + i * 1000).toISOString() })}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    writeFileSync(`${file}.count`, String(n));
    return n;
  }
}

interface Row {
  readonly what: string;
  readonly exchanges: number;
  readonly ms: number | null;
  readonly m: Measurement;
  readonly note: string;
}

async function worker(mode: string, spec: string, file: string, extra: string[] = [], maxRssMb = MAX_RSS) {
  const outFile = `${OUT}run-${mode}-${Date.now()}.json`;
  // driftgate itself runs from dist/ in a plain node, as bin/driftgate.js does; the floors from src/ (tsx).
  const args =
    mode === 'analyze'
      ? [`${ROOT}bench/analyze-dist.mjs`, spec, file, ...extra]
      : ['--import', 'tsx', `${ROOT}bench/analyze-run.ts`, mode, spec, file, ...extra];
  const m = await measure(process.execPath, args, {
    timeoutMs: 900_000,
    maxRssMb,
    okExitCodes: [0],
    stdoutFile: outFile,
    cwd: ROOT,
  });
  await new Promise((r) => setTimeout(r, 100));
  const text = existsSync(outFile) ? readFileSync(outFile, 'utf8').trim() : '';
  const json = text
    ? (JSON.parse(text) as { exchanges: number; ms: number } & Record<string, unknown>)
    : null;
  return { m, json };
}

const rate = (n: number, ms: number | null) =>
  ms === null || ms <= 0 ? '—' : Math.round((n / ms) * 1000).toLocaleString('en-US');
const mb = (kb: number | null) => (kb === null ? '—' : `${Math.round(kb / 1024)} MB`);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (values.build) buildDist(log);
  log(
    `bench:analyze on ${cpus().length} CPU(s), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const stripe200 = `${OUT}stripe-${STRIPE_N}.jsonl`;
  const stripe50 = `${OUT}stripe-${Math.round(STRIPE_N / 4)}.jsonl`;
  const github = `${OUT}github-${GITHUB_N}.jsonl`;
  const github50 = `${OUT}github-${Math.round(GITHUB_N / 4)}.jsonl`;
  await replicate(SOURCES.stripe.har, STRIPE_N, stripe200);
  await replicate(SOURCES.stripe.har, Math.round(STRIPE_N / 4), stripe50);
  await replicate(SOURCES.github.har, GITHUB_N, github);
  await replicate(SOURCES.github.har, Math.round(GITHUB_N / 4), github50);
  log('inputs ready');

  const rows: Row[] = [];
  const ratios: string[] = [];
  const quarters = { stripe: stripe50, github: github50 } as const;
  for (const [name, file, n] of [
    ['stripe', stripe200, STRIPE_N],
    ['github', github, GITHUB_N],
  ] as const) {
    const src = SOURCES[name];
    log(`${name}: floor`);
    const floor = await worker('floor', src.spec, src.har, [String(n)]);
    rows.push({
      what: `${name}: floor (pre-compiled Ajv, response bodies only)`,
      exchanges: n,
      ms: floor.json?.ms ?? null,
      m: floor.m,
      note: floor.json ? `${floor.json.bodies} distinct bodies cycled` : floor.m.detail,
    });
    log(`${name}: floor over every body of the input`);
    const floorInput = await worker('floor-input', src.spec, file);
    rows.push({
      what: `${name}: floor (pre-compiled Ajv, every body of the input parsed ahead)`,
      exchanges: floorInput.json?.exchanges ?? n,
      ms: floorInput.json?.ms ?? null,
      m: floorInput.m,
      note: floorInput.json ? 'each body its own object, in input order' : floorInput.m.detail,
    });
    log(`${name}: parse floor (JSON.parse of every line alone)`);
    const parse = await worker('parse', src.spec, file);
    rows.push({
      what: `${name}: JSON.parse of every line alone (no validation)`,
      exchanges: parse.json?.exchanges ?? n,
      ms: parse.json?.ms ?? null,
      m: parse.m,
      note: parse.json ? 'one thread; what any analyzer of this input pays first' : parse.m.detail,
    });
    log(`${name}: driftgate analyze`);
    const dg = await worker('analyze', src.spec, file);
    rows.push({
      what: `${name}: driftgate analyze (end to end)`,
      exchanges: dg.json?.exchanges ?? n,
      ms: dg.json?.ms ?? null,
      m: dg.m,
      note: dg.json
        ? `${dg.json.threads} threads; ${dg.json.distinct} distinct mismatches, ${dg.json.corrections} corrections`
        : dg.m.detail,
    });
    log(`${name}: driftgate analyze, one thread`);
    const one = await worker('analyze', src.spec, file, ['1']);
    rows.push({
      what: `${name}: driftgate analyze, one thread (--threads 1)`,
      exchanges: one.json?.exchanges ?? n,
      ms: one.json?.ms ?? null,
      m: one.m,
      note: one.json ? 'no worker threads' : one.m.detail,
    });
    if (floor.json && dg.json) {
      const pct = (run: { ms: number; exchanges: number }) =>
        ((floor.json!.ms / n / (run.ms / run.exchanges)) * 100).toFixed(0);
      ratios.push(
        `${name}: driftgate end to end = ${pct(dg.json)}% of the floor's throughput (${one.json ? `${pct(one.json)}% on one thread` : 'one thread failed'})`,
      );
      if (parse.json) {
        ratios.push(
          `${name}: JSON.parse of the lines alone takes ${(parse.json.ms / floor.json.ms).toFixed(2)}x the floor's time on one thread (${pct(parse.json)}% of the floor's throughput)`,
        );
      }
      if (floorInput.json) {
        const inputRate = floorInput.json.exchanges / floorInput.json.ms;
        ratios.push(
          `${name}: against the floor over every body of the input: ${((dg.json.exchanges / dg.json.ms / inputRate) * 100).toFixed(0)}% (the cycled floor validates ${Math.round(floor.json.ms > 0 ? (n / floor.json.ms / inputRate) * 100 : 0)}% as fast as this one)`,
        );
      }
    }
    log(`${name}: driftgate at 1/4 of the input (setup and memory growth)`);
    const quarter = await worker('analyze', src.spec, quarters[name]);
    rows.push({
      what: `${name}: driftgate analyze, 1/4 of the input`,
      exchanges: quarter.json?.exchanges ?? Math.round(n / 4),
      ms: quarter.json?.ms ?? null,
      m: quarter.m,
      note: 'with the full input: setup, steady state, memory growth',
    });
    if (dg.json && quarter.json && floor.json && dg.json.exchanges > quarter.json.exchanges) {
      // The marginal rate between the two input sizes: what each further exchange costs once the workers
      // are up and the validators compiled (setup is the same for both sizes and cancels out).
      const marginal = (dg.json.exchanges - quarter.json.exchanges) / ((dg.json.ms - quarter.json.ms) / 1000);
      const floorRate = n / (floor.json.ms / 1000);
      ratios.push(
        `${name}: steady state (full input minus 1/4 of it) ${Math.round(marginal).toLocaleString('en-US')} exchanges/s = ${((marginal / floorRate) * 100).toFixed(0)}% of the floor; setup (worker start, model, validator compilation) ≈ ${((dg.json.ms - (dg.json.exchanges / marginal) * 1000) / 1000).toFixed(1)} s`,
      );
    }
    if (name === 'stripe' && dg.m.peakRssKb && quarter.m.peakRssKb) {
      ratios.push(
        `memory: peak RSS ${mb(quarter.m.peakRssKb)} at ${quarter.json?.exchanges ?? '?'} exchanges vs ${mb(dg.m.peakRssKb)} at ${dg.json?.exchanges ?? n} (×${(dg.m.peakRssKb / quarter.m.peakRssKb).toFixed(2)} for ×4 input)`,
      );
    }
  }
  // Uncapped, V8 grows its heap with the allocation rate, so peak RSS says little about live memory. Under a
  // small heap cap (measure() passes --max-old-space-size = cap - 512 MB, so 768 → 256 MB) both sizes must
  // finish, in about the same RSS, if memory really does not grow with the input.
  for (const [file, label] of [
    [stripe50, 'stripe: driftgate analyze, 1/4 of the input, 256 MB heap cap'],
    [stripe200, 'stripe: driftgate analyze, full input, 256 MB heap cap'],
  ] as const) {
    log(label);
    const capped = await worker('analyze', SOURCES.stripe.spec, file, [], 768);
    rows.push({
      what: label,
      exchanges: capped.json?.exchanges ?? 0,
      ms: capped.json?.ms ?? null,
      m: capped.m,
      note: capped.json ? 'completed under the cap' : capped.m.outcome,
    });
  }

  if (values.peer) {
    const bin = ensurePeer(REDOCLY, log);
    for (const name of ['stripe', 'github'] as const) {
      const src = SOURCES[name];
      log(`${name}: redocly drift (cap ${REDOCLY.timeoutMs / 1000}s, ${MAX_RSS} MB)`);
      const outFile = `${OUT}redocly-${name}.json`;
      const m = await measure(bin, ['drift', src.har, '--api', src.spec, '--format', 'json'], {
        timeoutMs: REDOCLY.timeoutMs,
        maxRssMb: MAX_RSS,
        okExitCodes: REDOCLY.okExitCodes,
        stdoutFile: outFile,
        cwd: ROOT,
      });
      await new Promise((r) => setTimeout(r, 100));
      rows.push({
        what: `${name}: redocly drift (HAR, ${name === 'stripe' ? 190 : 71} exchanges)`,
        exchanges: name === 'stripe' ? 190 : 71,
        ms: m.outcome === 'ok' ? m.wallMs : null,
        m,
        note:
          m.outcome === 'ok' ? summarizeRedocly(outFile) : `${m.outcome}${m.detail ? `: ${m.detail}` : ''}`,
      });
    }
  }

  const table = [
    '| run | exchanges | time | exchanges/s | peak RSS | note |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${r.exchanges.toLocaleString('en-US')} | ${r.ms === null ? r.m.outcome : `${(r.ms / 1000).toFixed(1)} s`} | ${rate(r.exchanges, r.ms)} | ${mb(r.m.peakRssKb)} | ${r.note} |`,
    ),
  ].join('\n');
  const report = `${table}\n\n${ratios.map((r) => `- ${r}`).join('\n')}\n`;
  writeFileSync(`${OUT}report.md`, report);
  process.stdout.write(report);
}

function summarizeRedocly(file: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text.slice(text.indexOf('{'))) as Record<string, unknown>;
    const list = (json.issues ?? json.problems ?? json.drifts ?? json.results) as unknown[] | undefined;
    return Array.isArray(list)
      ? `${list.length} reported issues`
      : `keys: ${Object.keys(json).slice(0, 6).join(', ')}`;
  } catch {
    return 'output not JSON';
  }
}

await main();
