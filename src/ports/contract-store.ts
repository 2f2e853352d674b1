// Workspaces, content-addressed contract versions (with their diff against the previous version of the
// same workspace/service) and budgets created through the API.
import type { Severity } from '../core/findings.js';

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface WorkspaceStore {
  /** Create if absent (name defaults to the id); returns the stored row. */
  ensure(id: string, at: string, name?: string): Promise<Workspace>;
  get(id: string): Promise<Workspace | undefined>;
  list(): Promise<readonly Workspace[]>;
}

export interface ContractDiff {
  readonly summary: Readonly<Record<string, number>>;
  readonly changes: readonly unknown[];
}

export interface ContractVersion {
  readonly id: string;
  readonly workspace_id: string;
  /** '' when the workspace has a single unnamed service. */
  readonly service: string;
  /** sha256 of the canonical JSON of the document (keys sorted). */
  readonly hash: string;
  readonly version_label: string | null;
  readonly document: unknown;
  readonly previous_id: string | null;
  readonly diff: ContractDiff | null;
  readonly created_at: string;
}

export interface ContractVersionInput {
  readonly workspace_id: string;
  readonly service: string;
  readonly version_label: string | null;
  readonly document: unknown;
  /** Diff against `latest()` of the same workspace/service, computed by the caller; null for the first. */
  readonly diff: ContractDiff | null;
  readonly at: string;
}

export interface ContractStore {
  /** Stores a version; the same document again returns the existing version with `created: false`. */
  put(input: ContractVersionInput): Promise<{ readonly version: ContractVersion; readonly created: boolean }>;
  latest(workspaceId: string, service: string): Promise<ContractVersion | undefined>;
  get(id: string): Promise<ContractVersion | undefined>;
  /** Newest first. */
  list(workspaceId: string, service?: string): Promise<readonly ContractVersion[]>;
}

export const BUDGET_SCOPE_KINDS = ['workspace', 'service', 'tag', 'endpoint'] as const;
export type BudgetScopeKind = (typeof BUDGET_SCOPE_KINDS)[number];

/** Config budget fields; absent (null) fields inherit from the next less specific level. */
export interface BudgetFields {
  readonly max_breaking_changes: number | null;
  readonly max_potentially_breaking_changes: number | null;
  readonly max_non_breaking_changes: number | null;
  readonly severity_threshold: Severity | null;
  readonly max_field_churn_percent: number | null;
  readonly time_window_days: number | null;
  readonly enabled: boolean | null;
}

export interface StoredBudget extends BudgetFields {
  readonly id: string;
  readonly scope_kind: BudgetScopeKind;
  /** Workspace id, service name, tag, or `METHOD /template`. */
  readonly scope_key: string;
  /** '' for budgets not bound to a workspace. */
  readonly workspace_id: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface BudgetInput extends BudgetFields {
  readonly scope_kind: BudgetScopeKind;
  readonly scope_key: string;
  readonly workspace_id: string;
  readonly at: string;
}

export interface BudgetStore {
  /** Create, or replace the fields of the budget already set for the same scope (keeps its id). */
  put(input: BudgetInput): Promise<StoredBudget>;
  get(id: string): Promise<StoredBudget | undefined>;
  list(filter?: {
    readonly scope_kind?: BudgetScopeKind;
    readonly workspace_id?: string;
  }): Promise<readonly StoredBudget[]>;
  delete(id: string): Promise<boolean>;
}
