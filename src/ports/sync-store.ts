// Sync cycles (issue 8) and GitOps pull request records (issue 9).

export interface SyncCycle {
  readonly id: string;
  readonly workspace_id: string;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly summary: unknown;
}

export interface SyncCycleStore {
  start(input: {
    readonly id?: string;
    readonly workspace_id: string;
    readonly at: string;
  }): Promise<SyncCycle>;
  finish(
    id: string,
    input: { readonly status: string; readonly summary: unknown; readonly at: string },
  ): Promise<SyncCycle>;
  get(id: string): Promise<SyncCycle | undefined>;
  /** Newest first. */
  list(workspaceId: string, limit: number): Promise<readonly SyncCycle[]>;
}

export interface PullRequestRecord {
  readonly id: string;
  readonly workspace_id: string;
  /** Hash of the sorted drift fingerprints the PR fixes: one open PR per set. */
  readonly fingerprint_set_hash: string;
  readonly provider: string;
  readonly url: string | null;
  readonly branch: string;
  readonly state: 'open' | 'merged' | 'closed';
  readonly incident_ids: readonly string[];
  readonly summary: unknown;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface PullRequestInput {
  readonly workspace_id: string;
  readonly fingerprint_set_hash: string;
  readonly provider: string;
  readonly url: string | null;
  readonly branch: string;
  readonly incident_ids: readonly string[];
  readonly summary: unknown;
  readonly at: string;
}

export interface PullRequestStore {
  /** Creates the open PR record for the fingerprint set, or updates the open one (url, branch, incidents). */
  upsertOpen(input: PullRequestInput): Promise<{ readonly pr: PullRequestRecord; readonly created: boolean }>;
  setState(id: string, state: PullRequestRecord['state'], at: string): Promise<PullRequestRecord>;
  get(id: string): Promise<PullRequestRecord | undefined>;
  findOpen(fingerprintSetHash: string): Promise<PullRequestRecord | undefined>;
}
