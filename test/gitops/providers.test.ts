// The other providers end to end: GitLab merge requests on a local fake GitLab (127.0.0.1), and the plain
// `git` provider (branch pushed, PR body written to a file) with a JSON spec whose indentation must
// survive, the regenerate_clients and run_tests commands run in the working copy and reported.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gitopsAdapters } from '../../src/adapters/git/from-config.js';
import { prBodyFile } from '../../src/adapters/git-hosts/git.js';
import { autoOpenPullRequest, type GeneratePrDeps } from '../../src/app/generate-pr.js';
import type { GitopsConfig } from '../../src/config/schema.js';
import { operationsFromChanges } from '../../src/core/gitops/corrections.js';
import { type FakeHosts, startFakeHosts } from './fake-hosts.js';
import { git, makeRemote, type Remote } from './repo.js';
import { type Harness, harness, OBSERVED_POST, REPO_FILES, SPEC_YAML } from './scenario.js';

let fake: FakeHosts;
let remote: Remote;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeHosts();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await h.cleanup();
  await remote.cleanup();
});

function depsFor(gitops: Partial<GitopsConfig>, env: Record<string, string> = {}): GeneratePrDeps {
  const base = h.deps(gitops, null as never, null as never);
  const { host, repository } = gitopsAdapters({
    gitops: base.gitops,
    env,
    dataDir: h.dataDir,
    tmpDir: join(h.dataDir, 'tmp'),
  });
  return { ...base, host, repository };
}

describe('GitLab provider', () => {
  beforeEach(async () => {
    remote = await makeRemote(REPO_FILES);
    h = await harness();
    fake.mergeRequests.length = 0;
    fake.exchanges.length = 0;
  });

  it('opens one merge request with labels and reviewers, and updates it on a re-run', async () => {
    const incident = await h.incident('not_found');
    const deps = depsFor(
      {
        provider: 'gitlab',
        project: 'acme/users',
        api_url: `${fake.url}/gitlab/api/v4`,
        clone_url: remote.url,
        token_env: 'GL_TOKEN',
        labels: ['drift', 'api'],
        reviewers: ['alice', 'bob'],
      },
      { GL_TOKEN: 'gl-token' },
    );
    const first = await h.run(deps, { incident_ids: [incident.id] });
    const branch = `driftgate/drift-fix/get-api-users-id-${first.fingerprint_set_hash!.slice(0, 8)}`;
    expect(first).toMatchObject({
      outcome: 'opened',
      branch,
      title: 'Fix drift: GET /api/users/{id} - threshold_exceeded',
      pr: { url: 'https://gitlab.example/acme/users/-/merge_requests/1', number: 1, provider: 'gitlab' },
    });
    expect(fake.exchanges.map((x) => `${x.request.method} ${x.request.url}`)).toEqual([
      `GET /gitlab/api/v4/projects/acme%2Fusers/merge_requests?state=opened&source_branch=${encodeURIComponent(branch)}&target_branch=main`,
      'GET /gitlab/api/v4/users?username=alice',
      'GET /gitlab/api/v4/users?username=bob',
      'POST /gitlab/api/v4/projects/acme%2Fusers/merge_requests',
    ]);
    expect(first.warnings).toEqual(["reviewers: GitLab has no user 'bob'"]);
    expect(fake.exchanges[3]?.request.body).toEqual({
      source_branch: branch,
      target_branch: 'main',
      title: first.title,
      description: first.body,
      remove_source_branch: true,
      labels: 'drift,api',
      reviewer_ids: [11],
    });
    expect(
      parseYaml(await remote.show(branch, 'specs/users.yaml')).paths['/api/users/{id}'].get.responses['404'],
    ).toEqual({
      description: 'Not found',
      content: {
        'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } },
      },
    });

    fake.exchanges.length = 0;
    const again = await h.run(deps, { incident_ids: [incident.id] });
    expect(again).toMatchObject({ outcome: 'unchanged', pr: { number: 1, created: false } });
    expect(fake.exchanges.map((x) => `${x.request.method} ${x.request.url.split('?')[0]}`)).toEqual([
      'GET /gitlab/api/v4/projects/acme%2Fusers/merge_requests',
      'PUT /gitlab/api/v4/projects/acme%2Fusers/merge_requests/1',
    ]);
    expect(fake.mergeRequests).toHaveLength(1);
    expect((await h.store.incidents.get(incident.id))?.pr_url).toBe(fake.mergeRequests[0]!.web_url);
  });
});

const JSON_SPEC = `${JSON.stringify(parseYaml(SPEC_YAML), null, 4)}\n`;

describe('plain git provider', () => {
  beforeEach(async () => {
    remote = await makeRemote({ 'api/openapi.json': JSON_SPEC, 'README.md': '# users\n' });
    h = await harness();
  });

  it('pushes the branch, writes the PR body file, keeps JSON indentation, runs and reports the commands (test artefacts stay out of the commit)', async () => {
    const incident = await h.incident('nickname');
    const deps = depsFor({
      provider: 'git',
      clone_url: remote.url,
      openapi_spec_dir: 'api',
      fixtures_dir: 'mocks',
      branch_prefix: 'mockforge/drift-fix',
      regenerate_clients: true,
      regenerate_clients_command:
        "mkdir -p clients && printf 'generated from the spec\\n' > clients/users.txt",
      run_tests: true,
      run_tests_command:
        'grep -q nickname api/openapi.json && echo "1 passing" && echo "<xml/>" > report.xml',
    });
    const result = await h.run(deps, { incident_ids: [incident.id] });
    const branch = result.branch!;
    expect(branch).toBe(`mockforge/drift-fix/post-api-users-${result.fingerprint_set_hash!.slice(0, 8)}`);
    expect(result).toMatchObject({
      outcome: 'opened',
      pr: { url: `${remote.url}#${branch}`, number: 0, provider: 'git', created: true },
      commit: { files: ['api/openapi.json', 'clients/users.txt', 'mocks/post/api__users/201.json'] },
    });
    const expected = parseYaml(SPEC_YAML);
    expected.components.schemas.User.properties.nickname = { type: 'string' };
    expect(await remote.show(branch, 'api/openapi.json')).toBe(`${JSON.stringify(expected, null, 4)}\n`);
    expect(await remote.show(branch, 'clients/users.txt')).toBe('generated from the spec\n');
    expect(JSON.parse(await remote.show(branch, 'mocks/post/api__users/201.json'))).toEqual(OBSERVED_POST);

    const file = await readFile(prBodyFile(join(h.dataDir, 'prs'), branch), 'utf8');
    expect(
      file.startsWith(
        `# Fix drift: POST /api/users - breaking_change\n\n<!-- branch: ${branch} -->\n<!-- base: main -->\n\n## Drift Budget Violation Fix\n`,
      ),
    ).toBe(true);
    expect(file).toContain(
      "- **Regenerate clients**: passed - `mkdir -p clients && printf 'generated from the spec\\n' > clients/users.txt`",
    );
    expect(file).toContain(
      '- **Tests**: passed - `grep -q nickname api/openapi.json && echo "1 passing" && echo "<xml/>" > report.xml`',
    );
    expect(file).toContain('```text\n1 passing\n```');

    // A re-run finds the body file (the "open PR") and the same tree: nothing pushed, nothing new opened.
    const again = await h.run(deps, { incident_ids: [incident.id] });
    expect(again).toMatchObject({ outcome: 'unchanged', pr: { created: false }, commit: { pushed: false } });
    expect(await h.store.outbox.list({ event_type: 'pr.opened' })).toHaveLength(1);
  });

  it('opens automatically only when auto_open is on', async () => {
    const incident = await h.incident('nickname');
    const gitops = { provider: 'git' as const, clone_url: remote.url, openapi_spec_dir: 'api' };
    const input = { workspace_id: 'w1', incident_ids: [incident.id] };
    expect(await autoOpenPullRequest(depsFor(gitops), input)).toBeNull();
    expect(await git(remote.url, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main\n');
    const opened = await autoOpenPullRequest(depsFor({ ...gitops, auto_open: true }), input);
    expect(opened?.outcome).toBe('opened');
    expect(await remote.head(opened!.branch!)).toBe(opened!.commit!.sha);
  });

  it('reports failing tests in the PR instead of hiding them', async () => {
    const incident = await h.incident('nickname');
    const deps = depsFor({
      provider: 'git',
      clone_url: remote.url,
      openapi_spec_dir: 'api',
      spec_file: 'openapi.json',
      run_tests: true,
      run_tests_command: 'echo "expected 200, got 500" >&2; exit 3',
    });
    const result = await h.run(deps, { incident_ids: [incident.id] });
    expect(result.outcome).toBe('opened');
    expect(result.body).toContain(
      '- **Tests**: failed (exit 3) - `echo "expected 200, got 500" >&2; exit 3`',
    );
    expect(result.body).toContain('```text\nexpected 200, got 500\n```');
    expect(result.body).toContain('- **Regenerate clients**: skipped (regenerate_clients is off)');
  });
});

describe('a spec split over files', () => {
  beforeEach(async () => {
    remote = await makeRemote({
      'specs/users.yaml': SPEC_YAML.replace(/'#\/components\/schemas\/User'/g, "'./schemas.yaml#/User'"),
      'specs/schemas.yaml': 'User:\n  type: object\n  properties:\n    id:\n      type: integer\n',
    });
    h = await harness();
  });

  it('checks the patched entry file loads with its external $refs read from the checkout', async () => {
    const incident = await h.incident('not_found');
    const deps = depsFor({ provider: 'git', clone_url: remote.url, spec_file: 'users.yaml' });
    const result = await h.run(deps, { incident_ids: [incident.id] });
    expect(result.outcome).toBe('opened');
    expect(result.body).toContain('- **Patched spec loads**: yes (OpenAPI 3.0.3, 2 operations)');
    expect(result.commit?.files).toEqual(['fixtures/get/api__users__{id}/404.json', 'specs/users.yaml']);
  });

  it('asks for spec_file when the spec dir holds several specs', async () => {
    const incident = await h.incident('not_found');
    await expect(
      h.run(depsFor({ provider: 'git', clone_url: remote.url }), { incident_ids: [incident.id] }),
    ).rejects.toThrow("'specs' holds 2 spec files (schemas.yaml, users.yaml); set spec_file");
  });
});

describe('spec-vs-spec drift', () => {
  beforeEach(async () => {
    remote = await makeRemote(REPO_FILES);
    h = await harness();
  });

  it("applies the revision's fragment at the change's pointer (sample) and a stored whole-change patch", async () => {
    const at = '2026-11-24T03:00:00.000Z';
    const common = {
      workspace_id: 'w1',
      service: 'users',
      budget_id: null,
      sync_cycle_id: null,
      contract_diff_id: 'diff-1',
      occurrences: 1,
      at,
      actor: 'test',
    };
    const idPointer = '#/components/schemas/User/properties/id';
    const fromSample = await h.store.incidents.recordOccurrence({
      ...common,
      fingerprint: 'inc_spec_1',
      endpoint: '/api/users',
      method: 'POST',
      incident_type: 'breaking_change',
      severity: 'high',
      details: { counts: { breaking: 1, potentially_breaking: 0, non_breaking: 0 } },
      before_sample: { finding: 'f1', location: idPointer, value: { type: 'integer' } },
      after_sample: { finding: 'f1', location: idPointer, value: { type: 'string', format: 'uuid' } },
    });
    const fromPatch = await h.store.incidents.recordOccurrence({
      ...common,
      fingerprint: 'inc_spec_2',
      endpoint: '/api/users/{id}',
      method: 'GET',
      incident_type: 'threshold_exceeded',
      severity: 'low',
      details: {
        patch: operationsFromChanges([
          {
            id: 'response-optional-property-added',
            level: 'non_breaking',
            operation: 'GET /api/users/{id}',
            location: { base: null, revision: '#/components/schemas/User/properties/email' },
            message: "added the optional response property 'email'",
            before: null,
            after: { type: 'string', format: 'email' },
          },
        ]),
      },
      before_sample: null,
      after_sample: null,
    });
    const deps = depsFor({ provider: 'git', clone_url: remote.url });
    const result = await h.run(deps, { incident_ids: [fromSample.incident.id, fromPatch.incident.id] });
    expect(result.outcome).toBe('opened');
    expect(result.commit?.files).toEqual(['specs/users.yaml']);
    const spec = await remote.show(result.branch!, 'specs/users.yaml');
    expect(spec.split('\n').slice(0, 10)).toEqual(SPEC_YAML.split('\n').slice(0, 10));
    expect(spec).toContain('type: string # display name');
    expect(parseYaml(spec).components.schemas.User.properties).toEqual({
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      email: { type: 'string', format: 'email' },
    });
    expect(result.body).toContain('- **Drift re-check**: no sample exchanges to re-check');
  });
});
