// The bundled example workspace (`npm start` with no config): two versions of a Users API registered
// through the same pipeline as POST /api/v1/drift/specs and a traffic sample through POST .../exchanges, so a newcomer's first GET /incidents shows real
// incidents. Runs once per database (skipped when the workspace already has a contract).
import type { Exchange } from '../core/traffic/index.js';
import { type IngestExchangesDeps, ingestExchanges } from './ingest-exchanges.js';
import { registerSpec } from './register-spec.js';

export const EXAMPLE_WORKSPACE = 'example';
export const EXAMPLE_SERVICE = 'users-api';

export interface ExampleFiles {
  /** Parsed documents of the spec versions, oldest first. */
  readonly specs: readonly { readonly name: string; readonly document: unknown }[];
  /** A small traffic sample analysed against the latest version. */
  readonly traffic: readonly Exchange[];
}

export interface SeedExampleResult {
  readonly seeded: boolean;
  readonly incident_ids: readonly string[];
}

export async function seedExample(
  deps: IngestExchangesDeps,
  files: ExampleFiles,
  now: Date,
): Promise<SeedExampleResult> {
  if (await deps.store.contracts.latest(EXAMPLE_WORKSPACE, EXAMPLE_SERVICE)) {
    return { seeded: false, incident_ids: [] };
  }
  const incidents = new Set<string>();
  for (const [i, spec] of files.specs.entries()) {
    const r = await registerSpec(deps, {
      workspaceId: EXAMPLE_WORKSPACE,
      service: EXAMPLE_SERVICE,
      versionLabel: `v${i + 1}`,
      document: spec.document,
      name: spec.name,
      now,
      actor: 'example-seed',
    });
    for (const id of r.ingest?.incident_ids ?? []) incidents.add(id);
  }
  if (files.traffic.length > 0) {
    const r = await ingestExchanges(deps, {
      workspaceId: EXAMPLE_WORKSPACE,
      service: EXAMPLE_SERVICE,
      exchanges: files.traffic,
      now,
      actor: 'example-seed',
    });
    for (const id of r.ingest.incident_ids) incidents.add(id);
  }
  return { seeded: true, incident_ids: [...incidents] };
}
