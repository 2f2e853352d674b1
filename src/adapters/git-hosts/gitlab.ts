// GitLab (gitlab.com or self-hosted via api_url) merge requests over REST v4: find the open MR for our
// source branch, create it (labels, reviewers resolved from usernames to ids), update title/description.
import { DriftgateError } from '../../core/errors.js';
import type { GitHost, PullRequestDraft, PullRequestRef } from '../../ports/git-host.js';

export interface GitlabHostOptions {
  /** Default https://gitlab.com/api/v4. */
  readonly apiUrl?: string;
  /** `group/project` path or numeric id. */
  readonly project: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
}

interface MergeRequest {
  readonly iid: number;
  readonly web_url: string;
}

function isMergeRequest(v: unknown): v is MergeRequest {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as MergeRequest).iid === 'number' &&
    typeof (v as MergeRequest).web_url === 'string'
  );
}

export function gitlabHost(options: GitlabHostOptions): GitHost {
  const api = (options.apiUrl ?? 'https://gitlab.com/api/v4').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const projectPath = `/projects/${encodeURIComponent(options.project)}`;

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await doFetch(`${api}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'private-token': options.token,
        'user-agent': 'driftgate',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new DriftgateError(
        'io.read_failed',
        `GitLab ${method} ${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 500)}`,
      );
    }
    return text === '' ? null : JSON.parse(text);
  }

  function mr(v: unknown, what: string): PullRequestRef {
    if (!isMergeRequest(v))
      throw new DriftgateError('io.read_failed', `GitLab ${what}: the answer is not a merge request`);
    return { number: v.iid, url: v.web_url };
  }

  /** Usernames to ids; an unknown username is skipped with a warning (the MR is opened anyway). */
  async function reviewerIds(usernames: readonly string[], warnings: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const username of usernames) {
      const users = await call('GET', `/users?${new URLSearchParams({ username })}`);
      const id = Array.isArray(users) ? (users[0] as { id?: unknown } | undefined)?.id : undefined;
      if (typeof id === 'number') ids.push(id);
      else warnings.push(`reviewers: GitLab has no user '${username}'`);
    }
    return ids;
  }

  return {
    provider: 'gitlab',
    async findOpen(head, base) {
      const q = new URLSearchParams({ state: 'opened', source_branch: head, target_branch: base });
      const list = await call('GET', `${projectPath}/merge_requests?${q}`);
      if (!Array.isArray(list))
        throw new DriftgateError('io.read_failed', 'GitLab list merge requests: not a list');
      const found = list.find(isMergeRequest);
      return found === undefined ? null : mr(found, 'list merge requests');
    },
    async create(draft: PullRequestDraft) {
      const warnings: string[] = [];
      const ids = await reviewerIds(draft.reviewers, warnings);
      const created = mr(
        await call('POST', `${projectPath}/merge_requests`, {
          source_branch: draft.head,
          target_branch: draft.base,
          title: draft.title,
          description: draft.body,
          remove_source_branch: true,
          ...(draft.labels.length > 0 ? { labels: draft.labels.join(',') } : {}),
          ...(ids.length > 0 ? { reviewer_ids: ids } : {}),
        }),
        'create merge request',
      );
      return warnings.length > 0 ? { ...created, warnings } : created;
    },
    async update(ref, draft) {
      return mr(
        await call('PUT', `${projectPath}/merge_requests/${ref.number}`, {
          title: draft.title,
          description: draft.body,
          ...(draft.labels.length > 0 ? { add_labels: draft.labels.join(',') } : {}),
        }),
        'update merge request',
      );
    },
  };
}
