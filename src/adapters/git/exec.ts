// Runs the `git` binary (execFile, never a shell) with the token passed as an http.extraHeader through
// GIT_CONFIG_* environment variables: it never appears in argv, in .git/config or in error messages.
import { execFile } from 'node:child_process';
import { DriftgateError } from '../../core/errors.js';

export interface GitEnv {
  /** `Authorization: ...` header value for HTTP remotes, or null. */
  readonly authHeader: string | null;
  readonly gitBinary: string;
}

/** `Basic base64(user:token)`: GitHub takes user `x-access-token`, GitLab `oauth2`. */
export function basicAuthHeader(user: string, token: string): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

export function gitProcessEnv(env: GitEnv, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...extra };
  if (env.authHeader !== null) {
    out.GIT_CONFIG_COUNT = '1';
    out.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    out.GIT_CONFIG_VALUE_0 = `Authorization: ${env.authHeader}`;
  }
  return out;
}

/** Runs git; resolves stdout, throws a DriftgateError with git's stderr (secrets redacted) on failure. */
export function git(
  env: GitEnv,
  args: readonly string[],
  options: { readonly cwd?: string; readonly extraEnv?: Readonly<Record<string, string>> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      env.gitBinary,
      [...args],
      {
        cwd: options.cwd,
        env: gitProcessEnv(env, options.extraEnv),
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = redact(String(stderr || error.message).trim(), env);
          reject(new DriftgateError('io.read_failed', `git ${args[0]} failed: ${detail}`));
        } else resolve(stdout);
      },
    );
  });
}

function redact(text: string, env: GitEnv): string {
  let out = text.replace(/(https?:\/\/)[^/@\s]+@/g, '$1***@');
  if (env.authHeader !== null) out = out.split(env.authHeader).join('***');
  return out;
}

/** A clone URL with any userinfo removed (for messages and PR links). */
export function displayUrl(url: string): string {
  return url.replace(/(https?:\/\/)[^/@\s]+@/g, '$1');
}
