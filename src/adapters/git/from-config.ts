// Builds the GitOps adapters from `drift_budget.gitops`: the PR host (GitHub, GitLab or a plain remote),
// the clone URL, and the working-copy factory with the token (read from the env var `token_env` names).
import { join } from 'node:path';
import type { GitopsConfig } from '../../config/schema.js';
import { DriftgateError } from '../../core/errors.js';
import type { GitHost, GitProvider, GitRepository } from '../../ports/git-host.js';
import { plainGitHost } from '../git-hosts/git.js';
import { githubHost } from '../git-hosts/github.js';
import { gitlabHost } from '../git-hosts/gitlab.js';
import { basicAuthHeader } from './exec.js';
import { gitRepository } from './working-copy.js';

export interface GitopsAdapterOptions {
  readonly gitops: GitopsConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `DRIFTGATE_DATA_DIR`; the `git` provider writes PR bodies to `<dataDir>/prs/`. */
  readonly dataDir: string;
  /** Commits by this email are ours (default driftgate@localhost). */
  readonly ownEmail?: string;
  readonly tmpDir?: string;
  readonly fetch?: typeof fetch;
}

const KEY = 'drift_budget.gitops';

function need(value: string | undefined, key: string, why: string): string {
  if (value === undefined || value === '') {
    throw new DriftgateError('config.invalid', `${key} is required ${why}`, { pointer: `${KEY}.${key}` });
  }
  return value;
}

export function gitopsProvider(g: GitopsConfig): GitProvider {
  if (g.provider !== undefined) return g.provider;
  if (g.project !== undefined) return 'gitlab';
  if (g.owner !== undefined && g.repo !== undefined) return 'github';
  if (g.clone_url !== undefined) return 'git';
  throw new DriftgateError('config.invalid', 'set provider (github, gitlab or git) and its repository', {
    pointer: `${KEY}.provider`,
  });
}

/** `https://api.github.com` -> `https://github.com`; `https://HOST/api/v3` or `/api/v4` -> `https://HOST`. */
export function webBaseOf(apiUrl: string): string {
  const u = new URL(apiUrl);
  if (u.hostname === 'api.github.com') return `${u.protocol}//github.com`;
  const path = u.pathname.replace(/\/api\/v\d+\/?$/, '').replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

export function cloneUrlOf(g: GitopsConfig, provider: GitProvider): string {
  if (g.clone_url !== undefined) return g.clone_url;
  if (provider === 'github') {
    const owner = need(g.owner, 'owner', 'for provider github');
    const repo = need(g.repo, 'repo', 'for provider github');
    return `${webBaseOf(g.api_url ?? 'https://api.github.com')}/${owner}/${repo}.git`;
  }
  if (provider === 'gitlab') {
    const project = need(g.project, 'project', 'for provider gitlab');
    if (/^\d+$/.test(project)) need(undefined, 'clone_url', 'when project is a numeric id');
    return `${webBaseOf(g.api_url ?? 'https://gitlab.com/api/v4')}/${project}.git`;
  }
  return need(undefined, 'clone_url', 'for provider git');
}

export function gitopsAdapters(options: GitopsAdapterOptions): {
  readonly host: GitHost;
  readonly repository: GitRepository;
  readonly cloneUrl: string;
  readonly provider: GitProvider;
} {
  const g = options.gitops;
  const provider = gitopsProvider(g);
  const cloneUrl = cloneUrlOf(g, provider);
  let token: string | null = null;
  if (g.token_env !== undefined) {
    const value = options.env[g.token_env];
    if (value === undefined || value === '') {
      throw new DriftgateError(
        'config.invalid',
        `the environment variable ${g.token_env} (token_env) is not set`,
        {
          pointer: `${KEY}.token_env`,
        },
      );
    }
    token = value;
  } else if (provider !== 'git') {
    need(undefined, 'token_env', `for provider ${provider} (name of the env var holding the token)`);
  }
  const fetchOpt = options.fetch ? { fetch: options.fetch } : {};
  const host: GitHost =
    provider === 'github'
      ? githubHost({
          owner: need(g.owner, 'owner', 'for provider github'),
          repo: need(g.repo, 'repo', 'for provider github'),
          token: token!,
          ...(g.api_url ? { apiUrl: g.api_url } : {}),
          ...fetchOpt,
        })
      : provider === 'gitlab'
        ? gitlabHost({
            project: need(g.project, 'project', 'for provider gitlab'),
            token: token!,
            ...(g.api_url ? { apiUrl: g.api_url } : {}),
            ...fetchOpt,
          })
        : plainGitHost({ cloneUrl, prsDir: join(options.dataDir, 'prs') });
  const authHeader =
    token === null
      ? null
      : provider === 'github'
        ? basicAuthHeader('x-access-token', token)
        : provider === 'gitlab'
          ? basicAuthHeader('oauth2', token)
          : `Bearer ${token}`;
  const repository = gitRepository({
    cloneUrl,
    authHeader,
    ownEmail: options.ownEmail ?? 'driftgate@localhost',
    ...(options.tmpDir ? { tmpDir: options.tmpDir } : {}),
  });
  return { host, repository, cloneUrl, provider };
}
