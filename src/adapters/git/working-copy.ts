// The GitOps working copy: a temporary clone of the base branch made with the `git` binary, one commit on
// our branch, and a push that never overwrites anyone else's work (a new branch must not exist yet; our
// own branch is replaced only with --force-with-lease on the exact sha we inspected).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { DriftgateError } from '../../core/errors.js';
import type {
  CommandOutcome,
  CommitAuthor,
  GitRepository,
  RemoteBranch,
  WorkingCopy,
} from '../../ports/git-host.js';
import { type GitEnv, git, gitProcessEnv } from './exec.js';

export const TRAILER = 'Driftgate-Fingerprint-Set:';

export interface GitRepositoryOptions {
  readonly cloneUrl: string;
  /** `Authorization` header value for HTTP remotes (see basicAuthHeader), or null. */
  readonly authHeader?: string | null;
  /** Commits by this email carrying our trailer are ours (may be replaced); any other is foreign. */
  readonly ownEmail: string;
  /** Parent of the temporary clone; default the OS temp dir. */
  readonly tmpDir?: string;
  readonly gitBinary?: string;
}

export function gitRepository(options: GitRepositoryOptions): GitRepository {
  const env: GitEnv = { authHeader: options.authHeader ?? null, gitBinary: options.gitBinary ?? 'git' };
  return {
    async checkout(base) {
      const parent = options.tmpDir ?? tmpdir();
      await mkdir(parent, { recursive: true });
      const dir = await mkdtemp(join(parent, 'driftgate-pr-'));
      try {
        await git(env, [
          'clone',
          '-q',
          '--no-tags',
          '--single-branch',
          '--branch',
          base,
          options.cloneUrl,
          dir,
        ]);
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      return new GitWorkingCopy(dir, base, env, options.ownEmail);
    },
  };
}

class GitWorkingCopy implements WorkingCopy {
  constructor(
    readonly dir: string,
    private readonly base: string,
    private readonly env: GitEnv,
    private readonly ownEmail: string,
  ) {}

  private run_(args: readonly string[], extraEnv?: Record<string, string>): Promise<string> {
    return git(this.env, args, { cwd: this.dir, ...(extraEnv ? { extraEnv } : {}) });
  }

  /** Resolves a repository-relative path, refusing anything that leaves the checkout or enters .git. */
  private abs(path: string): string {
    const full = resolve(this.dir, path);
    const rel = relative(this.dir, full);
    if (rel === '' || rel.startsWith('..') || rel.split(sep)[0] === '.git') {
      throw new DriftgateError('config.invalid', `path '${path}' is outside the repository checkout`);
    }
    return full;
  }

  async readFile(path: string): Promise<string | null> {
    try {
      return await readFile(this.abs(path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR')
        return null;
      throw e;
    }
  }

  async writeFile(path: string, text: string): Promise<void> {
    const full = this.abs(path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }

  async listFiles(dir: string): Promise<readonly string[]> {
    try {
      const entries = await readdir(dir === '' || dir === '.' ? this.dir : this.abs(dir), {
        withFileTypes: true,
      });
      return entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  run(command: string, timeoutMs: number): Promise<CommandOutcome> {
    return new Promise((resolvePromise) => {
      execFile(
        '/bin/sh',
        ['-c', command],
        {
          cwd: this.dir,
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          encoding: 'utf8',
          env: gitProcessEnv({ ...this.env, authHeader: null }),
        },
        (error, stdout, stderr) => {
          const err = error as (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
          const timedOut = err !== null && err.killed === true && err.signal === 'SIGTERM';
          const exit = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
          resolvePromise({
            exit_code: exit,
            timed_out: timedOut,
            output_tail: tail(`${stdout}${stderr}`, 40),
          });
        },
      );
    });
  }

  async remoteBranch(branch: string): Promise<RemoteBranch | null> {
    const line = (await this.run_(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`])).trim();
    if (line === '') return null;
    const sha = line.split(/\s+/)[0]!;
    await this.run_([
      'fetch',
      '-q',
      '--no-tags',
      'origin',
      `+refs/heads/${branch}:refs/driftgate/remote-branch`,
    ]);
    const log = await this.run_([
      'log',
      '--format=%H%x1f%ae%x1f%B%x1e',
      `refs/remotes/origin/${this.base}..refs/driftgate/remote-branch`,
    ]);
    const foreignCommits: string[] = [];
    for (const rec of log.split('\x1e')) {
      const [hash, email, body] = rec.trim().split('\x1f');
      if (!hash) continue;
      const ours = email === this.ownEmail && (body ?? '').split('\n').some((l) => l.startsWith(TRAILER));
      if (!ours) foreignCommits.push(hash);
    }
    return { sha, foreignCommits };
  }

  async stage(): Promise<void> {
    await this.run_(['add', '-A']);
  }

  async commit(branch: string, message: string, author: CommitAuthor, at: Date) {
    // HEAD is already the base tip: -B only names the branch, the index and files stay as staged.
    await this.run_(['checkout', '-q', '-B', branch, `refs/remotes/origin/${this.base}`]);
    const files = (await this.run_(['diff', '--cached', '--name-only', '-z']))
      .split('\0')
      .filter((f) => f !== '');
    if (files.length === 0) return null;
    const when = at.toISOString();
    await this.run_(['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', message], {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: when,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
      GIT_COMMITTER_DATE: when,
    });
    const sha = (await this.run_(['rev-parse', 'HEAD'])).trim();
    return { sha, files };
  }

  async sameTreeAs(remoteSha: string): Promise<boolean> {
    const [mine, theirs] = await Promise.all([
      this.run_(['rev-parse', 'HEAD^{tree}']),
      this.run_(['rev-parse', `${remoteSha}^{tree}`]),
    ]);
    return mine.trim() === theirs.trim();
  }

  async push(branch: string, expectedRemoteSha: string | null): Promise<void> {
    // An empty expected value means "the ref must not exist yet": nobody else's branch is ever replaced.
    const lease = `--force-with-lease=refs/heads/${branch}:${expectedRemoteSha ?? ''}`;
    await this.run_(['push', '-q', '--porcelain', lease, 'origin', `HEAD:refs/heads/${branch}`]);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  const kept = all.slice(-lines).join('\n');
  return kept.length > 8000 ? kept.slice(-8000) : kept;
}
