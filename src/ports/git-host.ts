// What the GitOps use case needs from the outside: a working copy of the repository (clone, files,
// commands, one commit, push) and the host that holds pull requests (GitHub, GitLab, or a plain remote).

export type GitProvider = 'github' | 'gitlab' | 'git';

export interface PullRequestRef {
  /** GitHub PR number, GitLab MR iid; 0 for a plain remote. */
  readonly number: number;
  readonly url: string;
  /** What the host refused while decorating the PR (labels, reviewers): the PR exists regardless. */
  readonly warnings?: readonly string[];
}

export interface PullRequestDraft {
  readonly title: string;
  readonly body: string;
  /** Our branch. */
  readonly head: string;
  readonly base: string;
  readonly labels: readonly string[];
  readonly reviewers: readonly string[];
}

export interface GitHost {
  readonly provider: GitProvider;
  /** The open PR whose head is `head` (into `base`), if any. */
  findOpen(head: string, base: string): Promise<PullRequestRef | null>;
  create(draft: PullRequestDraft): Promise<PullRequestRef>;
  /** Updates title, body and labels of an open PR (reviewers are only requested on create). */
  update(pr: PullRequestRef, draft: PullRequestDraft): Promise<PullRequestRef>;
}

export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
}

export interface CommandOutcome {
  readonly exit_code: number | null;
  readonly timed_out: boolean;
  /** Last lines of stdout+stderr, bounded. */
  readonly output_tail: string;
}

/** The state of our branch on the remote before we push. */
export interface RemoteBranch {
  readonly sha: string;
  /** Commits on it (not on base) whose author or trailer is not driftgate's: we must not overwrite them. */
  readonly foreignCommits: readonly string[];
}

export interface WorkingCopy {
  /** Absolute directory of the checkout (for messages only). */
  readonly dir: string;
  /** Repository-relative POSIX path; null when the file does not exist. */
  readFile(path: string): Promise<string | null>;
  writeFile(path: string, text: string): Promise<void>;
  /** Files directly in a directory (names), empty when it does not exist. */
  listFiles(dir: string): Promise<readonly string[]>;
  /** Runs a shell command in the checkout. */
  run(command: string, timeoutMs: number): Promise<CommandOutcome>;
  /** The branch on the remote, or null when it does not exist there. */
  remoteBranch(branch: string): Promise<RemoteBranch | null>;
  /** Stages every change in the checkout (`git add -A`, .gitignore respected). */
  stage(): Promise<void>;
  /**
   * Commits what is staged as one commit on a local `branch` started from the base; returns its sha and
   * changed paths, or null when nothing staged differs from the base.
   */
  commit(
    branch: string,
    message: string,
    author: CommitAuthor,
    at: Date,
  ): Promise<{
    readonly sha: string;
    readonly files: readonly string[];
  } | null>;
  /** Whether the local commit's tree equals the remote branch tip's tree (nothing new to push). */
  sameTreeAs(remoteSha: string): Promise<boolean>;
  /**
   * Pushes the local branch. `expectedRemoteSha` null: the branch must not exist on the remote yet;
   * otherwise --force-with-lease against exactly that sha (our own earlier commit).
   */
  push(branch: string, expectedRemoteSha: string | null): Promise<void>;
  /** Removes the checkout. */
  dispose(): Promise<void>;
}

export interface GitRepository {
  /** A fresh working copy of `base`. */
  checkout(base: string): Promise<WorkingCopy>;
}
