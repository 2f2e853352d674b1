// `npm run bench:diff`: driftgate's whole `diff` process against the npm peers on the three large pairs of
// ../shared/corpus/bench (README there), plus the floor (a fresh node that only JSON.parses both files).
// Wall time is the median of --runs for fast tools, one run for slow peers; peak RSS from /usr/bin/time.
// Usage: npm run bench:diff -- [--runs N] [--peers redocly,openapi-diff,optic] [--pairs stripe-1,github]
//        [--max-rss-mb 6144] [--no-build]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { buildDist, type Measurement, measure, median } from './measure.js';
import { PAIRS } from './pairs.js';
import { ensurePeer, PEERS, type Peer } from './peers/index.js';

const ROOT = new URL('../', import.meta.url).pathname;
const CORPUS = new URL('../../shared/corpus/bench/', import.meta.url).pathname;
const OUT = `${ROOT}bench/.out/`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    peers: { type: 'string', default: PEERS.map((p) => p.name).join(',') },
    pairs: { type: 'string', default: PAIRS.map((p) => p.id).join(',') },
    'max-rss-mb': { type: 'string', default: '6144' },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const maxRssMb = Number(values['max-rss-mb']);
const peers = PEERS.filter((p) => values.peers.split(',').includes(p.name));
const pairs = PAIRS.filter((p) => values.pairs.split(',').includes(p.id));
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Row {
  readonly pair: string;
  readonly tool: string;
  readonly kind: 'ours' | 'floor' | 'peer';
  readonly wallMs: number | null;
  readonly peakRssKb: number | null;
  readonly cpuMs: number | null;
  readonly status: string;
  readonly runs: number;
  readonly note?: string;
}

async function repeat(
  n: number,
  once: () => Promise<Measurement>,
): Promise<{ m: Measurement; walls: number[] }> {
  const walls: number[] = [];
  let last: Measurement | undefined;
  const cpus: number[] = [];
  let peak = 0;
  for (let i = 0; i < n; i++) {
    last = await once();
    if (last.outcome !== 'ok') return { m: last, walls };
    walls.push(last.wallMs);
    if (last.cpuMs !== null) cpus.push(last.cpuMs);
    peak = Math.max(peak, last.peakRssKb ?? 0);
  }
  const cpuMs = cpus.length > 0 ? median(cpus) : null;
  return { m: { ...last!, wallMs: median(walls), cpuMs, peakRssKb: peak || null }, walls };
}

function row(pair: string, tool: string, kind: Row['kind'], m: Measurement, n: number, note?: string): Row {
  const status =
    m.outcome === 'ok'
      ? 'ok'
      : m.outcome === 'crash'
        ? `crash: ${m.detail}`
        : m.outcome === 'oom'
          ? 'OOM'
          : 'timeout';
  return {
    pair,
    tool,
    kind,
    wallMs: m.outcome === 'ok' ? m.wallMs : null,
    peakRssKb: m.peakRssKb,
    cpuMs: m.outcome === 'ok' ? m.cpuMs : null,
    status,
    runs: n,
    ...(note ? { note } : {}),
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (!values['no-build']) buildDist(log);
  const bins = new Map(peers.map((p) => [p.name, ensurePeer(p, log)]));
  const rows: Row[] = [];
  log('startup: driftgate --version');
  const startup = await repeat(runs, () =>
    measure('node', ['bin/driftgate.js', '--version'], {
      maxRssMb,
      okExitCodes: [0],
      timeoutMs: 60_000,
      cwd: ROOT,
    }),
  );
  rows.push(row('(startup)', 'driftgate --version', 'floor', startup.m, runs));
  for (const pair of pairs) {
    const a = `${CORPUS}${pair.base}`;
    const b = `${CORPUS}${pair.revision}`;
    const cap = { maxRssMb, okExitCodes: [0] as const };

    log(`${pair.label}: floor (JSON.parse both, fresh node)`);
    const floorJs = `const fs=require('fs');JSON.parse(fs.readFileSync(${JSON.stringify(a)},'utf8'));JSON.parse(fs.readFileSync(${JSON.stringify(b)},'utf8'))`;
    const floor = await repeat(runs, () => measure('node', ['-e', floorJs], { ...cap, timeoutMs: 60_000 }));
    rows.push(row(pair.label, 'floor: JSON.parse both', 'floor', floor.m, runs));

    log(`${pair.label}: driftgate diff`);
    const outFile = `${OUT}driftgate-${pair.id}.json`;
    const ours = await repeat(runs, () =>
      measure('node', ['bin/driftgate.js', 'diff', a, b, '--format', 'json', '--fail-on', 'never'], {
        ...cap,
        timeoutMs: 60_000,
        cwd: ROOT,
        stdoutFile: outFile,
      }),
    );
    let note: string | undefined;
    if (ours.m.outcome === 'ok') {
      const s = (JSON.parse(readFileSync(outFile, 'utf8')) as { summary: Record<string, number> }).summary;
      note = `${s.breaking} breaking, ${s.potentially_breaking} potentially, ${s.non_breaking} non-breaking`;
    }
    rows.push(row(pair.label, 'driftgate diff', 'ours', ours.m, runs, note));

    for (const peer of peers) {
      const n = peer.slow ? 1 : Math.min(runs, 3);
      log(`${pair.label}: ${peer.name} (${n} run${n > 1 ? 's' : ''}, cap ${peer.timeoutMs / 1000} s)`);
      const m = await repeat(n, () => runPeer(peer, bins.get(peer.name)!, a, b, pair.id));
      rows.push(row(pair.label, peer.label, 'peer', m.m, n));
    }
  }
  const uptime = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const table = `${render(rows)}\nload average at the end: ${uptime} (${cpus().length} cores, shared machine)\n`;
  process.stdout.write(table);
  writeFileSync(`${OUT}diff.md`, table);
  writeFileSync(`${OUT}diff.json`, `${JSON.stringify(rows, null, 2)}\n`);
}

async function runPeer(peer: Peer, bin: string, a: string, b: string, pairId: string): Promise<Measurement> {
  const m = await measure(bin, peer.args(a, b), {
    timeoutMs: peer.timeoutMs,
    maxRssMb,
    okExitCodes: peer.okExitCodes,
    cwd: `${OUT}`,
    stdoutFile: `${OUT}${peer.name}-${pairId}.out`,
    env: {
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      OPTIC_TELEMETRY_LEVEL: 'off',
      CI: 'true',
    },
  });
  // Peers that exit 1 on breaking changes also exit 1 on their own errors: no report on stdout means it failed.
  if (m.outcome === 'ok' && m.stdoutBytes === 0) {
    return { ...m, outcome: 'crash', detail: m.stderrFirstLine || `exit ${m.exitCode} without output` };
  }
  return m;
}

function render(rows: readonly Row[]): string {
  const secs = (ms: number | null) =>
    ms === null ? '' : ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
  const mb = (kb: number | null) => (kb === null ? '' : `${Math.round(kb / 1024)} MB`);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `driftgate diff benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    `wall = median of ${runs} runs for driftgate and the floor, of up to 3 for redocly, 1 for slow peers; peak RSS via ${'/usr/bin/time -f %M'}`,
    '',
    '| pair | tool | wall | CPU (user+sys) | peak RSS | result | fastest peer ÷ driftgate (wall) |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const pair of new Set(rows.map((r) => r.pair))) {
    const here = rows.filter((r) => r.pair === pair);
    const ours = here.find((r) => r.kind === 'ours');
    const fastest = here
      .filter((r) => r.kind === 'peer' && r.wallMs !== null)
      .sort((x, y) => x.wallMs! - y.wallMs!)[0];
    for (const r of here) {
      let ratio = '';
      if (r.kind === 'ours' && ours?.wallMs != null) {
        ratio = fastest
          ? `**${(fastest.wallMs! / ours.wallMs).toFixed(1)}x** faster${fastest.cpuMs && ours.cpuMs ? ` (CPU ${(fastest.cpuMs / ours.cpuMs).toFixed(1)}x)` : ''}, ${((fastest.peakRssKb ?? 0) / (ours.peakRssKb ?? 1)).toFixed(1)}x less memory than ${fastest.tool.split(' ')[0]}`
          : 'no peer finished';
      }
      if (r.kind === 'floor' && ours?.wallMs != null && r.wallMs !== null) {
        ratio = `driftgate = ${(ours.wallMs / r.wallMs).toFixed(1)}x the floor`;
      }
      lines.push(
        `| ${pair} | ${r.tool} | ${secs(r.wallMs)} | ${secs(r.cpuMs)} | ${mb(r.peakRssKb)} | ${r.status}${r.note ? ` (${r.note})` : ''} | ${ratio} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

await main();
