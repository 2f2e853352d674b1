// The plain-remote provider: there is no PR API, so the branch push is the PR and its title and body are
// written to `<prsDir>/<branch slug>.md` (default `.driftgate/prs/` under the data dir) for a human to use.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { slugify } from '../../core/gitops/branch.js';
import type { GitHost, PullRequestDraft, PullRequestRef } from '../../ports/git-host.js';

export interface PlainGitHostOptions {
  /** Shown as the PR url: `<clone url>#<branch>` (credentials removed). */
  readonly cloneUrl: string;
  readonly prsDir: string;
}

export function prBodyFile(prsDir: string, branch: string): string {
  return join(prsDir, `${slugify(branch, 200) || 'branch'}.md`);
}

export function plainGitHost(options: PlainGitHostOptions): GitHost {
  const url = (head: string) => `${options.cloneUrl.replace(/(https?:\/\/)[^/@\s]+@/g, '$1')}#${head}`;
  async function write(draft: PullRequestDraft): Promise<PullRequestRef> {
    await mkdir(options.prsDir, { recursive: true });
    const meta = [
      `<!-- branch: ${draft.head} -->`,
      `<!-- base: ${draft.base} -->`,
      ...(draft.labels.length > 0 ? [`<!-- labels: ${draft.labels.join(', ')} -->`] : []),
      ...(draft.reviewers.length > 0 ? [`<!-- reviewers: ${draft.reviewers.join(', ')} -->`] : []),
    ];
    await writeFile(
      prBodyFile(options.prsDir, draft.head),
      `# ${draft.title}\n\n${meta.join('\n')}\n\n${draft.body}`,
    );
    return { number: 0, url: url(draft.head) };
  }
  return {
    provider: 'git',
    async findOpen(head) {
      try {
        await readFile(prBodyFile(options.prsDir, head));
        return { number: 0, url: url(head) };
      } catch {
        return null;
      }
    },
    create: write,
    update: (_ref, draft) => write(draft),
  };
}
