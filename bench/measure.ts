// Runs one command as a child process under a wall-time and memory cap and reports wall time and peak RSS
// (`/usr/bin/time -f %M` when present, else the child's VmHWM polled from /proc).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Outcome = 'ok' | 'timeout' | 'oom' | 'crash';

export interface Measurement {
  readonly outcome: Outcome;
  readonly wallMs: number;
  /** Peak resident set size of the process tree's largest process, in KiB; null when unknown. */
  readonly peakRssKb: number | null;
  /** User + system CPU seconds of the child (from /usr/bin/time); null when unknown. */
  readonly cpuMs: number | null;
  /** First line of stderr for a crash, or why it was stopped. */
  readonly detail: string;
  readonly exitCode: number | null;
  /** Bytes the child wrote to stdout (when captured to a file). */
  readonly stdoutBytes: number;
  /** First meaningful line of stderr. */
  readonly stderrFirstLine: string;
}

export interface MeasureOptions {
  readonly timeoutMs: number;
  /** Kill the tree when its total RSS passes this (MiB). Node children also get a heap cap just below. */
  readonly maxRssMb: number;
  readonly okExitCodes: readonly number[];
  /** Where stdout goes (a file), or discarded. */
  readonly stdoutFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
let seq = 0;

export function measure(command: string, args: readonly string[], o: MeasureOptions): Promise<Measurement> {
  const timeFile = join(tmpdir(), `driftgate-bench-${process.pid}-${seq++}.time`);
  const [cmd, argv] = hasTime
    ? [TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]]
    : [command, [...args]];
  const heapMb = Math.max(256, o.maxRssMb - 512);
  const env = {
    ...process.env,
    ...o.env,
    NODE_OPTIONS: `${o.env?.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim(),
  };
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, {
      cwd: o.cwd,
      env,
      detached: true, // own process group, so a timeout kills the whole tree
      stdio: ['ignore', o.stdoutFile ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdoutBytes = 0;
    if (o.stdoutFile && child.stdout) {
      child.stdout.on('data', (d: Buffer) => {
        stdoutBytes += d.length;
      });
      child.stdout.pipe(createWriteStream(o.stdoutFile));
    }
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
    });
    let stopped: Outcome | null = null;
    let polledHwm = 0;
    const kill = (why: Outcome) => {
      if (stopped) return;
      stopped = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('timeout'), o.timeoutMs);
    const poll = setInterval(() => {
      const { rssKb, hwmKb } = treeMemory(child.pid!);
      polledHwm = Math.max(polledHwm, hwmKb);
      if (rssKb > o.maxRssMb * 1024) kill('oom');
    }, 100);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      clearInterval(poll);
      let peak: number | null = polledHwm || null;
      let cpuMs: number | null = null;
      if (hasTime && existsSync(timeFile)) {
        // The last line is ours; a killed child adds a "Command terminated" line before it.
        const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(timeFile, 'utf8'));
        if (m) {
          peak = Math.max(Number(m[1]), polledHwm);
          cpuMs = (Number(m[2]) + Number(m[3])) * 1000;
        }
        rmSync(timeFile, { force: true });
      }
      const firstLine =
        stderr
          .split('\n')
          .map((l) => l.trim())
          .find((l) => l !== '' && !/^Command (exited|terminated)/.test(l) && !/[║╔╚]/.test(l)) ?? '';
      let outcome: Outcome = stopped ?? 'ok';
      if (!stopped && /heap out of memory|Allocation failed|ENOMEM/i.test(stderr)) outcome = 'oom';
      else if (!stopped && !o.okExitCodes.includes(code ?? -1)) outcome = 'crash';
      resolve({
        outcome,
        wallMs,
        peakRssKb: peak,
        cpuMs,
        detail: outcome === 'crash' ? firstLine.slice(0, 160) : outcome === 'ok' ? '' : outcome,
        exitCode: code,
        stdoutBytes,
        stderrFirstLine: firstLine.slice(0, 160),
      });
    });
  });
}

/** Summed RSS and the largest VmHWM over a process and its descendants (Linux /proc). */
function treeMemory(pid: number): { rssKb: number; hwmKb: number } {
  let rssKb = 0;
  let hwmKb = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // exited between reads
    }
  }
  return { rssKb, hwmKb };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `npm run build` before a benchmark that runs dist/ (bin/driftgate.js); a failed build measures what was emitted. */
export function buildDist(log: (s: string) => void): void {
  log('npm run build');
  try {
    execFileSync('npm', ['run', 'build'], {
      cwd: new URL('../', import.meta.url).pathname,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    log('build reported errors; measuring the dist/ that was emitted');
  }
}
