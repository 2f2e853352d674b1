// Use case behind POST /api/v1/drift/specs: store a contract version (content-addressed), diff it against
// the previous version of the same workspace/service, and feed the changes through the drift pipeline.
import { diffSpecs } from '../core/diff/index.js';
import type { DiffResult } from '../core/diff/result.js';
import { changeToFinding, type Level } from '../core/findings.js';
import { operationsFromChanges } from '../core/gitops/corrections.js';
import { type ApiDocument, buildApiDocument } from '../core/openapi/index.js';
import type { ContractVersion } from '../ports/contract-store.js';
import { describeOperations } from './check-specs.js';
import { type IngestFindingsDeps, type IngestFindingsResult, ingestFindings } from './ingest-findings.js';

export interface RegisterSpecInput {
  readonly workspaceId: string;
  readonly service: string;
  readonly versionLabel: string | null;
  /** The parsed document (JSON value). */
  readonly document: unknown;
  /** Name used in error messages. */
  readonly name: string;
  readonly now: Date;
  readonly actor?: string;
}

export interface RegisterSpecResult {
  readonly version: ContractVersion;
  /** False when the same document was already the stored version (nothing diffed). */
  readonly created: boolean;
  readonly changes: Readonly<Record<Level, number>>;
  readonly diff: DiffResult | null;
  readonly ingest: IngestFindingsResult | null;
}

/** Builds the model of a stored or posted document (single document: no external file refs). */
export function modelOf(document: unknown, name: string): ApiDocument {
  return buildApiDocument(name, new Map([[name, document]]));
}

const ZERO = { breaking: 0, potentially_breaking: 0, non_breaking: 0 } as const;

export async function registerSpec(
  deps: IngestFindingsDeps,
  input: RegisterSpecInput,
): Promise<RegisterSpecResult> {
  const revision = modelOf(input.document, input.name); // validates before anything is stored
  const at = input.now.toISOString();
  await deps.store.workspaces.ensure(input.workspaceId, at);
  const previous = await deps.store.contracts.latest(input.workspaceId, input.service);
  const base = previous
    ? modelOf(previous.document, `${input.name} (previous version ${previous.id})`)
    : null;
  const diff = base ? diffSpecs(base, revision, { today: at.slice(0, 10) }) : null;
  const { version, created } = await deps.store.contracts.put({
    workspace_id: input.workspaceId,
    service: input.service,
    version_label: input.versionLabel,
    document: input.document,
    diff: diff ? { summary: diff.summary, changes: diff.changes } : null,
    at,
  });
  if (!created || !diff) {
    return { version, created, changes: { ...ZERO }, diff, ingest: null };
  }
  const ingest = await ingestFindings(deps, {
    workspaceId: input.workspaceId,
    service: input.service,
    findings: diff.changes.map((c) => ({ ...changeToFinding(c), contractDiffId: version.id })),
    operations: describeOperations(base, revision),
    now: input.now,
    contractDiffId: version.id,
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    // The operation's changes as a patch: what GitOps applies to bring the repository's spec in line.
    incidentExtras: (operation) => {
      const patch = operationsFromChanges(diff.changes.filter((c) => c.operation === operation));
      return patch.length > 0 ? { details: { patch } } : undefined;
    },
  });
  return { version, created, changes: diff.summary, diff, ingest };
}
