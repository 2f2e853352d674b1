// A real bare git repository on disk as the remote: seed it, push to it, inspect what was pushed.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Seeded repositories by content, built once per test process and copied per test (git is the slow part). */
const templates = new Map<string, Promise<string>>();

function template(files: Readonly<Record<string, string>>): Promise<string> {
  const key = JSON.stringify(files);
  let made = templates.get(key);
  if (made === undefined) {
    made = (async () => {
      const root = await mkdtemp(join(tmpdir(), 'driftgate-template-'));
      const url = join(root, 'remote.git');
      await git(root, 'init', '-q', '--bare', '--template=', '-b', 'main', url);
      const work = join(root, 'dev');
      await git(root, 'clone', '-q', '--template=', url, work);
      await git(work, 'checkout', '-q', '-b', 'main');
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(work, path)), { recursive: true });
        await writeFile(join(work, path), text);
      }
      await git(work, 'add', '-A');
      await git(work, 'commit', '-q', '-m', 'seed: spec and fixtures');
      await git(work, 'push', '-q', 'origin', 'main:refs/heads/main');
      process.once('exit', () => {
        try {
          rmSync(root, { recursive: true, force: true });
        } catch {
          // best effort
        }
      });
      return root;
    })();
    templates.set(key, made);
  }
  return made;
}

export async function makeRemote(files: Readonly<Record<string, string>>): Promise<Remote> {
  const root = await mkdtemp(join(tmpdir(), 'driftgate-remote-'));
  await cp(await template(files), root, { recursive: true });
  const url = join(root, 'remote.git');
  const work = join(root, 'dev');
  await git(work, 'remote', 'set-url', 'origin', url);
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
  return remote;
}

export { readFile };
