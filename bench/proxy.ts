// `npm run bench:proxy`: the recording proxy's cost. The same tiny node:http upstream is called directly and
// through driftgate's recording proxy (fixtures + live analysis on every exchange), Prism's validating proxy
// (`prism proxy`) and Redocly's (`redocly proxy --api`), all with the same spec. Per target: requests/s
// under load (autocannon, keep-alive), latency p50/p99 of sequential keep-alive requests and the latency they
// add over the direct call, and the proxy's peak RSS. Peers are not dependencies: installed on first use into
// bench/.peers (gitignored); each runs under a start timeout and an RSS cap. Targets: >= 50% of the direct
// throughput and < 1 ms added p50.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { SPEC_YAML } from '../demo/upstream.js';
import { buildDist } from './measure.js';
import { ensurePeer, type Peer } from './peers/index.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
// 64: the direct figure is flat from 8 to 128 connections (the upstream is its ceiling), while proxied targets at
// 16 are round-trip bound with CPU left idle; autocannon's `workers` lowers direct here (2 cores).
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PROBES = Number(process.env.BENCH_PROBES ?? 2000);
const MAX_RSS_MB = 2048;
const PATH = '/api/users/1';
const ONLY = process.env.BENCH_ONLY; // e.g. `driftgate` to skip the peers
const log = (s: string) => process.stderr.write(`${s}\n`);

const UPSTREAM_JS = `
const http = require('node:http');
const body = (n) => JSON.stringify({ id: 1, name: 'Ada', email: 'ada@example.com', updated_at: new Date(n).toISOString() });
let n = 0;
const s = http.createServer((req, res) => {
  const b = body(1764000000000 + ++n);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) });
  res.end(b);
});
s.keepAliveTimeout = 30000;
s.listen(0, '127.0.0.1', () => process.stdout.write('listening http://127.0.0.1:' + s.address().port + '\\n'));
`;

// The floor for any proxy on this machine: one upstream connection per client connection, bytes copied
// both ways, no HTTP parsing, nothing recorded. Not a product, a reference row.
const PIPE_JS = `
const net = require('node:net');
const u = new URL(process.argv[1]);
const s = net.createServer((c) => {
  const o = net.connect({ host: u.hostname, port: Number(u.port), noDelay: true });
  c.setNoDelay(true);
  c.on('data', (d) => { if (!o.write(d)) c.pause(); });
  o.on('data', (d) => { if (!c.write(d)) o.pause(); });
  o.on('drain', () => c.resume());
  c.on('drain', () => o.resume());
  c.on('close', () => o.destroy());
  o.on('close', () => c.destroy());
  c.on('error', () => {});
  o.on('error', () => {});
});
s.listen(0, '127.0.0.1', () => process.stdout.write('listening http://127.0.0.1:' + s.address().port + '\\n'));
`;

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

function start(cmd: string, args: readonly string[], ready: RegExp, timeoutMs = 60_000): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${MAX_RSS_MB - 256}`, NO_COLOR: '1' },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not start within ${timeoutMs} ms: ${out.slice(-500)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready: ${out.slice(-500)}`));
    });
  });
}

function rssKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** Kills the child when it passes the RSS cap; returns a stop function. */
function capMemory(child: ChildProcess, name: string): () => void {
  const t = setInterval(() => {
    const kb = child.pid === undefined ? null : rssKb(child.pid, 'VmRSS');
    if (kb !== null && kb > MAX_RSS_MB * 1024) {
      log(`${name}: RSS ${Math.round(kb / 1024)} MiB over the ${MAX_RSS_MB} MiB cap, killed`);
      child.kill('SIGKILL');
    }
  }, 250);
  return () => clearInterval(t);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((r) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      r();
    }, 3000);
    child.once('exit', () => {
      clearTimeout(t);
      r();
    });
    child.kill('SIGTERM');
  });
}

/** Sequential keep-alive requests: latency in ms (sub-millisecond precision). */
async function probe(url: string): Promise<{ p50: number; p99: number; failed: number }> {
  const agent = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  const times: number[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < PROBES + 200; i++) {
      const t = process.hrtime.bigint();
      const r = await request(`${url}${PATH}`, { dispatcher: agent });
      await r.body.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (r.statusCode !== 200) failed++;
      if (i >= 200) times.push(ms); // warm-up excluded
    }
  } finally {
    await agent.close();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), failed };
}

interface Row {
  readonly name: string;
  readonly rps: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly errors: number;
  readonly rssMb: number | null;
  /** CPU time per request under load: the proxy process, and the upstream behind it. */
  readonly cpuUs: number | null;
  readonly upstreamCpuUs: number | null;
  readonly note: string;
}

async function load(
  url: string,
  pids: readonly (number | undefined)[],
): Promise<{ rps: number; errors: number; cpuUs: (number | null)[] }> {
  await autocannon({ url: `${url}${PATH}`, connections: CONNECTIONS, duration: 1 }); // warm-up
  const before = pids.map((p) => (p === undefined ? null : cpuSeconds(p)));
  const r = await autocannon({ url: `${url}${PATH}`, connections: CONNECTIONS, duration: DURATION_S });
  const cpuUs = pids.map((p, i) => {
    const a = before[i];
    const b = p === undefined ? null : cpuSeconds(p);
    const n = r.requests.total;
    return a === null || a === undefined || b === null || n === 0 ? null : ((b - a) / n) * 1e6;
  });
  return { rps: r.requests.average, errors: r.errors + r.timeouts + r.non2xx, cpuUs };
}

let upstreamPid: number | undefined;

async function measureTarget(name: string, url: string, child: ChildProcess | null): Promise<Row> {
  const uncap = child ? capMemory(child, name) : () => {};
  try {
    const lat = await probe(url);
    const { rps, errors, cpuUs } = await load(url, [child?.pid, upstreamPid]);
    const rss = child?.pid === undefined ? null : rssKb(child.pid, 'VmHWM');
    return {
      name,
      rps,
      p50: lat.p50,
      p99: lat.p99,
      errors: errors + lat.failed,
      rssMb: rss === null ? null : rss / 1024,
      cpuUs: cpuUs[0] ?? null,
      upstreamCpuUs: cpuUs[1] ?? null,
      note: '',
    };
  } finally {
    uncap();
  }
}

const PRISM: Peer = {
  name: 'prism',
  label: 'Prism `prism proxy`',
  pkg: '@stoplight/prism-cli',
  version: '5.14.2',
  bin: 'prism',
  args: () => [],
  timeoutMs: 60_000,
  slow: false,
  okExitCodes: [0],
};
const REDOCLY: Peer = {
  name: 'redocly',
  label: 'Redocly `redocly proxy`',
  pkg: '@redocly/cli',
  version: '2.77.0',
  bin: 'redocly',
  args: () => [],
  timeoutMs: 60_000,
  slow: false,
  okExitCodes: [0],
};

async function main(): Promise<void> {
  if (process.env.BENCH_NO_BUILD !== '1') buildDist(log); // driftgate runs from dist/, as the bin does
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-bench-proxy-'));
  const spec = join(dir, 'spec.yaml');
  writeFileSync(spec, SPEC_YAML);
  const upstream = await start(process.execPath, ['-e', UPSTREAM_JS], /listening (\S+)/);
  upstreamPid = upstream.child.pid;
  const rows: Row[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    log(
      `upstream ${upstream.url}; ${CONNECTIONS} connections x ${DURATION_S} s; ${PROBES} sequential probes`,
    );
    log('direct...');
    rows.push(await measureTarget('upstream, direct', upstream.url, null));

    log('tcp pipe (reference)...');
    const pipe = await start(process.execPath, ['-e', PIPE_JS, upstream.url], /listening (\S+)/);
    try {
      rows.push({
        ...(await measureTarget('TCP byte pipe (reference: no HTTP, no recording)', pipe.url, pipe.child)),
      });
    } finally {
      await stop(pipe.child);
    }

    // As `driftgate record` runs it, with both placements of the analysis; `--analysis-thread auto` (the
    // default) picks the worker thread with 3 or more cores: its pick first. BENCH_NO_ANALYSIS=1: none.
    const threadFirst = availableParallelism() >= 3;
    const placements = [
      ['inline', 'driftgate record --analysis-thread off (fixtures + analysis on the proxy thread)'],
      ['thread', 'driftgate record --analysis-thread on (fixtures + analysis on a worker thread)'],
    ] as const;
    const modes: readonly (readonly [string, string])[] =
      process.env.BENCH_NO_ANALYSIS === '1'
        ? [['off', 'driftgate record (analysis OFF: BENCH_NO_ANALYSIS=1)']]
        : (threadFirst ? [...placements].reverse() : placements).map(
            ([m, l], i) => [m, i === 0 ? `${l}, the default here` : l] as const,
          );
    for (const [mode, label] of modes) {
      log(`driftgate (${mode})...`);
      const dg = await start(
        process.execPath,
        ['bench/proxy-dist.mjs', upstream.url, spec, mode],
        /listening (\S+)/,
      );
      rows.push({ ...(await measureTarget(label, dg.url, dg.child)) });
      await new Promise<void>((r) => {
        dg.child.stdout?.on('data', () => {
          if (/stats \{.*\}\n/.test(dg.output())) r();
        });
        dg.child.kill('SIGTERM');
        setTimeout(r, 3000);
      });
      const stats = /stats (\{.*\})/.exec(dg.output())?.[1];
      if (stats) {
        const s = JSON.parse(stats) as {
          proxied: number;
          processed: number;
          dropped: number;
          fixtures_written: number;
        };
        const last = rows[rows.length - 1]!;
        rows[rows.length - 1] = {
          ...last,
          note: `analysed ${s.processed} of ${s.proxied} exchanges, ${s.dropped} not analysed (shed under saturation); ${s.fixtures_written} fixture(s) written`,
        };
      }
      await stop(dg.child);
    }

    type PeerRun = readonly [Peer, (bin: string, port: number) => readonly [string, readonly string[]]];
    const peerRuns: readonly PeerRun[] = [
      [
        PRISM,
        (bin, port) => [
          bin,
          ['proxy', spec, upstream.url, '--port', String(port), '--host', '127.0.0.1', '--errors', 'false'],
        ],
      ],
      [
        REDOCLY,
        (bin, port) => [
          bin,
          [
            'proxy',
            '--target',
            upstream.url,
            '--port',
            String(port),
            '--har',
            join(dir, 'redocly.har'),
            '--api',
            spec,
            '--match-mode',
            'basepath',
          ],
        ],
      ],
    ];
    for (const [peer, args] of ONLY === 'driftgate' ? [] : peerRuns) {
      let bin: string;
      try {
        bin = ensurePeer(peer, log);
      } catch (e) {
        rows.push({
          name: peer.label,
          rps: null,
          p50: null,
          p99: null,
          errors: 0,
          rssMb: null,
          cpuUs: null,
          upstreamCpuUs: null,
          note: `not installed: ${(e as Error).message.split('\n')[0]}`,
        });
        continue;
      }
      const port = 20000 + Math.floor(Math.random() * 20000);
      const [cmd, argv] = args(bin, port);
      log(`${peer.name}...`);
      let running: Running | null = null;
      try {
        running = await start(
          cmd,
          argv,
          new RegExp(
            `(?:listening|started|running|proxy).*?(http://(?:127\\.0\\.0\\.1|localhost):${port})`,
            'i',
          ),
        );
        const url = running.url.replace('localhost', '127.0.0.1');
        rows.push(await measureTarget(peer.label, url, running.child));
      } catch (e) {
        rows.push({
          name: peer.label,
          rps: null,
          p50: null,
          p99: null,
          errors: 0,
          rssMb: null,
          cpuUs: null,
          upstreamCpuUs: null,
          note: (e as Error).message.split('\n')[0]!.slice(0, 160),
        });
      } finally {
        if (running) await stop(running.child);
      }
    }
  } finally {
    await stop(upstream.child);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }

  const loadAfter = loadavg()[0]!;
  const direct = rows[0]!;
  const f = (n: number | null, d = 0) => (n === null ? 'n/a' : n.toFixed(d));
  const lines = [
    '| target | requests/s | vs direct | p50 ms | p99 ms | added p50 ms | added p99 ms | peak RSS MiB | proxy CPU µs/req | upstream CPU µs/req | errors | note |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const ratio = r.rps !== null && direct.rps ? `${((r.rps / direct.rps) * 100).toFixed(0)}%` : 'n/a';
    const added = (a: number | null, b: number | null) =>
      a === null || b === null || r === direct ? '' : (a - b).toFixed(3);
    lines.push(
      `| ${r.name} | ${f(r.rps)} | ${ratio} | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${added(r.p50, direct.p50)} | ${added(r.p99, direct.p99)} | ${f(r.rssMb)} | ${f(r.cpuUs, 1)} | ${f(r.upstreamCpuUs, 1)} | ${r.errors} | ${r.note} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `\n${cpus().length} CPUs; 1-min load average ${loadBefore.toFixed(2)} at the start, ${loadAfter.toFixed(2)} at the end (this benchmark alone makes about 2-3)\n`,
  );
  const dg = rows[2]!; // driftgate record as it runs by default on this machine
  if (dg.rps !== null && direct.rps && dg.p50 !== null && direct.p50 !== null) {
    const thr = dg.rps / direct.rps;
    const add = dg.p50 - direct.p50;
    process.stdout.write(
      `\ndriftgate: ${(thr * 100).toFixed(0)}% of direct throughput (target >= 50%), +${add.toFixed(3)} ms p50 (target < 1 ms)\n`,
    );
    const pipe = rows[1]!;
    if (pipe.rps)
      process.stdout.write(
        `the TCP byte pipe reached ${((pipe.rps / direct.rps) * 100).toFixed(0)}% of direct; driftgate ${((dg.rps / pipe.rps) * 100).toFixed(0)}% of the pipe\n`,
      );
    for (const peer of rows.slice(3).filter((r) => !r.name.startsWith('driftgate'))) {
      if (peer.rps !== null)
        process.stdout.write(
          `driftgate vs ${peer.name}: ${(dg.rps / peer.rps).toFixed(1)}x the requests/s\n`,
        );
    }
  }
}

main().catch((e) => {
  process.stderr.write(`bench:proxy failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
