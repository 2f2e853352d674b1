// GitHub (and GitHub Enterprise via api_url) pull requests over the REST API with fetch: find the open PR
// for our branch, create it, update title/body, add labels, request reviewers (`org/team` = a team).
import { DriftgateError } from '../../core/errors.js';
import type { GitHost, PullRequestDraft, PullRequestRef } from '../../ports/git-host.js';

export interface GithubHostOptions {
  /** Default https://api.github.com; GHE: https://HOST/api/v3. */
  readonly apiUrl?: string;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
}

interface GithubPull {
  readonly number: number;
  readonly html_url: string;
}

function isPull(v: unknown): v is GithubPull {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as GithubPull).number === 'number' &&
    typeof (v as GithubPull).html_url === 'string'
  );
}

export function githubHost(options: GithubHostOptions): GitHost {
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await doFetch(`${api}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'driftgate',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { message?: string; errors?: unknown };
        message = [parsed.message, parsed.errors ? JSON.stringify(parsed.errors) : '']
          .filter(Boolean)
          .join(' ');
      } catch {
        // not JSON: keep the text
      }
      throw new DriftgateError(
        'io.read_failed',
        `GitHub ${method} ${path.split('?')[0]} answered ${res.status}: ${message}`,
      );
    }
    return text === '' ? null : JSON.parse(text);
  }

  function pull(v: unknown, what: string): PullRequestRef {
    if (!isPull(v))
      throw new DriftgateError('io.read_failed', `GitHub ${what}: the answer is not a pull request`);
    return { number: v.number, url: v.html_url };
  }

  /** Labels and reviewers; a refusal (unknown label rules, reviewer not a collaborator) is a warning. */
  async function decorate(n: number, draft: PullRequestDraft, withReviewers: boolean): Promise<string[]> {
    const warnings: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        warnings.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    if (draft.labels.length > 0) {
      await attempt('labels', () =>
        call('POST', `${repoPath}/issues/${n}/labels`, { labels: [...draft.labels] }),
      );
    }
    if (withReviewers && draft.reviewers.length > 0) {
      const teams = draft.reviewers.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1));
      const users = draft.reviewers.filter((r) => !r.includes('/'));
      await attempt('reviewers', () =>
        call('POST', `${repoPath}/pulls/${n}/requested_reviewers`, {
          ...(users.length > 0 ? { reviewers: users } : {}),
          ...(teams.length > 0 ? { team_reviewers: teams } : {}),
        }),
      );
    }
    return warnings;
  }

  return {
    provider: 'github',
    async findOpen(head, base) {
      const q = new URLSearchParams({
        state: 'open',
        head: `${options.owner}:${head}`,
        base,
        per_page: '100',
      });
      const list = await call('GET', `${repoPath}/pulls?${q}`);
      if (!Array.isArray(list))
        throw new DriftgateError('io.read_failed', 'GitHub list pulls: the answer is not a list');
      const found = list.find(isPull);
      return found === undefined ? null : pull(found, 'list pulls');
    },
    async create(draft) {
      const pr = pull(
        await call('POST', `${repoPath}/pulls`, {
          title: draft.title,
          body: draft.body,
          head: draft.head,
          base: draft.base,
        }),
        'create pull',
      );
      const warnings = await decorate(pr.number, draft, true);
      return warnings.length > 0 ? { ...pr, warnings } : pr;
    },
    async update(ref, draft) {
      const pr = pull(
        await call('PATCH', `${repoPath}/pulls/${ref.number}`, { title: draft.title, body: draft.body }),
        'update pull',
      );
      const warnings = await decorate(pr.number, draft, false);
      return warnings.length > 0 ? { ...pr, warnings } : pr;
    },
  };
}
