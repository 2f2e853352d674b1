// Starts test/notifications/worker-process.ts as a child process (node --import tsx) and waits for `ready`.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig } from './worker-process.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'worker-process.ts');

export async function spawnWorker(config: WorkerProcessConfig): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, DRIFTGATE_WORKER: JSON.stringify(config) },
    stdio: [config.waitForGo ? 'pipe' : 'ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before ready`)));
  });
  return child;
}

export function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
