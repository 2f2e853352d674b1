// Shared by the proxy tests: a drifting upstream and a scratch directory for the file's tests, and the
// files a fixtures directory holds.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type DriftingUpstream, startDriftingUpstream } from '../../demo/upstream.js';

/** Starts the upstream and creates the directory before the file's tests; both gone after them. */
export function upstreamAndDir(prefix: string): {
  readonly upstream: DriftingUpstream;
  readonly dir: string;
} {
  const state = {} as { upstream: DriftingUpstream; dir: string };
  beforeAll(async () => {
    state.upstream = await startDriftingUpstream();
    state.dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await state.upstream?.close();
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** Relative paths of the files under `root`, sorted. */
export async function files(root: string): Promise<string[]> {
  const out = await readdir(root, { recursive: true, withFileTypes: true });
  return out
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();
}
