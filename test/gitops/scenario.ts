// The repository and incidents the GitOps tests share: a hand-written YAML spec with comments, recorded
// fixtures in THE layout, and incidents carrying the analyzer's corrections and observed exchanges.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/adapters/storage/open-store.js';
import { type GeneratePrDeps, type GeneratePrInput, generatePr } from '../../src/app/generate-pr.js';
import { type GitopsConfig, GitopsSchema } from '../../src/config/schema.js';
import type { Incident } from '../../src/core/incidents/incident.js';
import { fixedClock } from '../../src/ports/clock.js';
import type { GitHost, GitRepository } from '../../src/ports/git-host.js';
import type { Store } from '../../src/ports/store.js';

export const SPEC_YAML = `# Users API - edited by hand; driftgate must keep these comments.
openapi: 3.0.3
info:
  title: Users API
  version: 1.0.0
paths:
  /api/users:
    post:
      operationId: createUser # keep this id stable
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewUser'
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
  /api/users/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The user
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
components:
  schemas:
    NewUser:
      type: object
      properties:
        name:
          type: string
    User:
      type: object
      required: [id, name]
      properties:
        id:
          type: integer
        name:
          type: string # display name
`;

export const RECORDED_POST = {
  request: {
    method: 'POST',
    url: '/api/users',
    headers: { 'content-type': 'application/json' },
    body: { name: 'A' },
  },
  response: { status: 201, headers: { 'content-type': 'application/json' }, body: { id: 1, name: 'A' } },
};

export const REPO_FILES = {
  'specs/users.yaml': SPEC_YAML,
  'fixtures/post/api__users/201.json': `${JSON.stringify(RECORDED_POST, null, 2)}\n`,
  'README.md': '# users service\n',
};

export const NICKNAME_OP = {
  op: 'add',
  path: '#/components/schemas/User/properties/nickname',
  value: { type: 'string' },
} as const;

export const NOT_FOUND_OP = {
  op: 'add',
  path: '#/paths/~1api~1users~1{id}/get/responses/404',
  value: {
    description: 'Not found',
    content: {
      'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } },
    },
  },
} as const;

export const OBSERVED_POST = {
  request: {
    method: 'POST',
    url: '/api/users',
    headers: { 'content-type': 'application/json' },
    body: { name: 'B' },
  },
  response: {
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: { id: 2, name: 'B', nickname: 'bee' },
  },
};

export const OBSERVED_GET_404 = {
  request: { method: 'GET', url: '/api/users/99', headers: {} },
  response: { status: 404, headers: { 'content-type': 'application/json' }, body: { error: 'no such user' } },
};

export const AT = '2026-11-24T03:00:00.000Z';

export interface Harness {
  readonly store: Store;
  readonly dataDir: string;
  incident(kind: 'nickname' | 'not_found' | 'conflict', workspace?: string): Promise<Incident>;
  deps(gitops: Partial<GitopsConfig>, host: GitHost, repository: GitRepository): GeneratePrDeps;
  run(deps: GeneratePrDeps, input: GeneratePrInput): ReturnType<typeof generatePr>;
  cleanup(): Promise<void>;
}

/** A temp data dir and a store in it: SQLite by default, or `open()` (e.g. a PostgreSQL schema). */
export async function harness(open?: () => Promise<Store>): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'driftgate-gitops-'));
  const store = open
    ? await open()
    : await openStore({ url: `sqlite:${join(dataDir, 'driftgate.db')}`, dataDir });
  return {
    store,
    dataDir,
    async incident(kind, workspace = 'w1') {
      const spec =
        kind === 'nickname'
          ? {
              method: 'POST',
              endpoint: '/api/users',
              incident_type: 'breaking_change' as const,
              severity: 'critical' as const,
              patch: [NICKNAME_OP],
              sample: OBSERVED_POST,
              counts: { breaking: 2, potentially_breaking: 0, non_breaking: 1 },
            }
          : kind === 'not_found'
            ? {
                method: 'GET',
                endpoint: '/api/users/{id}',
                incident_type: 'threshold_exceeded' as const,
                severity: 'medium' as const,
                patch: [NOT_FOUND_OP],
                sample: OBSERVED_GET_404,
                counts: { breaking: 0, potentially_breaking: 1, non_breaking: 12 },
              }
            : {
                method: 'GET',
                endpoint: '/api/users/{id}',
                incident_type: 'breaking_change' as const,
                severity: 'high' as const,
                patch: [
                  {
                    op: 'replace',
                    path: '#/components/schemas/User/properties/email/format',
                    value: 'email',
                  },
                ],
                sample: OBSERVED_GET_404,
                counts: { breaking: 1, potentially_breaking: 0, non_breaking: 0 },
              };
      const { incident } = await store.incidents.recordOccurrence({
        fingerprint: `inc_${kind}_${workspace}`,
        workspace_id: workspace,
        service: 'users',
        endpoint: spec.endpoint,
        method: spec.method,
        incident_type: spec.incident_type,
        severity: spec.severity,
        details: {
          counts: spec.counts,
          corrections: [
            {
              operation: `${spec.method} ${spec.endpoint}`,
              patch: spec.patch,
              confidence: 0.9,
              support: 3,
              reason: `${kind} seen in 3 of 3 exchanges`,
            },
          ],
        },
        budget_id: null,
        sync_cycle_id: null,
        contract_diff_id: null,
        before_sample: { finding: 'f', location: '/body', value: null },
        after_sample: { finding: 'f', location: '/body', value: spec.sample },
        occurrences: 3,
        at: AT,
        actor: 'test',
      });
      return incident;
    },
    deps(gitops, host, repository) {
      return {
        store,
        gitops: GitopsSchema.parse({
          enabled: true,
          openapi_spec_dir: 'specs',
          fixtures_dir: 'fixtures',
          ...gitops,
        }),
        host,
        repository,
        clock: fixedClock(AT),
        newId: randomUUID,
      };
    },
    run: (deps, input) => generatePr(deps, input),
    async cleanup() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
