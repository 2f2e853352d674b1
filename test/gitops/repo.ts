// A real bare git repository on disk as the remote: seed it, push to it, inspect what was pushed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const AUTHOR = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...process.env, ...AUTHOR },
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

export interface Remote {
  readonly root: string;
  /** The bare repository (a path works as a clone URL). */
  readonly url: string;
  /** Commits `files` on `branch` (default main) as a developer and pushes it. */
  commit(files: Readonly<Record<string, string>>, message: string, branch?: string): Promise<string>;
  /** Head sha of a branch, or null. */
  head(branch: string): Promise<string | null>;
  /** A file's content at a ref of the remote. */
  show(ref: string, path: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeRemote(files: Readonly<Record<string, string>>): Promise<Remote> {
  const root = await mkdtemp(join(tmpdir(), 'driftgate-remote-'));
  const url = join(root, 'remote.git');
  await git(root, 'init', '-q', '--bare', '-b', 'main', url);
  const work = join(root, 'dev');
  await git(root, 'clone', '-q', url, work);
  await git(work, 'checkout', '-q', '-b', 'main');
  const remote: Remote = {
    root,
    url,
    async commit(files, message, branch = 'main') {
      await git(work, 'fetch', '-q', 'origin');
      const exists = (await git(work, 'ls-remote', '--heads', 'origin', branch)).trim() !== '';
      await git(work, 'checkout', '-q', '-B', branch, ...(exists ? [`origin/${branch}`] : []));
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await git(work, 'add', '-A');
      await git(work, 'commit', '-q', '-m', message);
      await git(work, 'push', '-q', 'origin', `${branch}:refs/heads/${branch}`);
      return (await git(work, 'rev-parse', 'HEAD')).trim();
    },
    async head(branch) {
      const out = (await git(url, 'for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`)).trim();
      return out === '' ? null : out;
    },
    show: (ref, path) => git(url, 'show', `${ref}:${path}`),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  await remote.commit(files, 'seed: spec and fixtures');
  return remote;
}

export { readFile };
