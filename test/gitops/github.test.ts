// GitOps against a real bare git remote and a local fake GitHub on 127.0.0.1: one incident, many
// incidents across endpoints, re-runs (no second PR; the branch is updated), a patch conflict (no PR, the
// reason recorded), someone else's commits on our branch (never overwritten), and every request we send
// to "GitHub" checked against GitHub's published REST description with our own traffic analyzer.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gitopsAdapters } from '../../src/adapters/git/from-config.js';
import { loadSpec } from '../../src/adapters/spec-source.js';
import { analyzeTraffic } from '../../src/app/analyze-traffic.js';
import type { GeneratePrDeps } from '../../src/app/generate-pr.js';
import { parseEnvelope } from '../../src/core/notifications/events.js';
import type { Exchange } from '../../src/core/traffic/exchange.js';
import { fixedClock } from '../../src/ports/clock.js';
import { type FakeHosts, startFakeHosts } from './fake-hosts.js';
import { git, makeRemote, type Remote } from './repo.js';
import { type Harness, harness, OBSERVED_GET_404, OBSERVED_POST, REPO_FILES, SPEC_YAML } from './scenario.js';

const GITHUB_SPEC = join(
  import.meta.dirname,
  '../../../shared/corpus/history/github/2022-06-11_9acf9c83.json',
);
const run = promisify(execFile);

/** The spec as a developer would write the fix by hand: comments, order and quoting untouched. */
const SPEC_WITH_NICKNAME = SPEC_YAML.replace(
  '          type: string # display name\n',
  '          type: string # display name\n        nickname:\n          type: string\n',
);

let fake: FakeHosts;
let remote: Remote;
let h: Harness;
/** Every request sent to the fake GitHub across the tests, for the dogfooding check. */
const sentToGithub: Exchange[] = [];

beforeAll(async () => {
  fake = await startFakeHosts();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  remote = await makeRemote(REPO_FILES);
  h = await harness();
  fake.pulls.length = 0;
  fake.exchanges.length = 0;
});
afterEach(async () => {
  sentToGithub.push(...fake.exchanges);
  await h.cleanup();
  await remote.cleanup();
});

function githubDeps(): GeneratePrDeps {
  const base = h.deps(
    {
      provider: 'github',
      owner: 'acme',
      repo: 'users',
      api_url: `${fake.url}/github`,
      clone_url: remote.url,
      token_env: 'GH_TOKEN',
      labels: ['drift', 'api'],
      reviewers: ['octocat', 'acme/api-team'],
    },
    null as never,
    null as never,
  );
  const { host, repository } = gitopsAdapters({
    gitops: base.gitops,
    env: { GH_TOKEN: 'gh-token' },
    dataDir: h.dataDir,
    tmpDir: join(h.dataDir, 'tmp'),
  });
  return { ...base, host, repository };
}

/** `+`/`-` lines of the pushed commit's diff for one file. */
async function diffLines(ref: string, path: string): Promise<string[]> {
  const out = await git(remote.url, 'show', '--format=', '--unified=0', ref, '--', path);
  return out.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
}

async function requests(): Promise<string[]> {
  return fake.exchanges.map((x) => `${x.request.method} ${x.request.url.replace(/^\/github/, '')}`);
}

describe('GitHub provider', () => {
  it('one incident: patches the spec in place, writes the fixture, one commit, one PR, incident linked', async () => {
    const incident = await h.incident('nickname');
    const result = await h.run(githubDeps(), { incident_ids: [incident.id] });
    const hash = result.fingerprint_set_hash!;
    const branch = `driftgate/drift-fix/post-api-users-${hash.slice(0, 8)}`;
    expect(result).toMatchObject({
      outcome: 'opened',
      reason: null,
      branch,
      title: 'Fix drift: POST /api/users - breaking_change',
      incident_ids: [incident.id],
      pr: { url: 'https://github.example/acme/users/pull/1', number: 1, provider: 'github', created: true },
      commit: { files: ['fixtures/post/api__users/201.json', 'specs/users.yaml'], pushed: true },
    });
    expect((await run('git', ['check-ref-format', '--branch', branch])).stdout.trim()).toBe(branch);

    // The pushed commit: exactly our files, on top of main, by driftgate, with the fingerprint trailer.
    expect(await remote.head(branch)).toBe(result.commit!.sha);
    expect((await git(remote.url, 'rev-parse', `${branch}^`)).trim()).toBe(await remote.head('main'));
    expect(await git(remote.url, 'log', '-1', '--format=%an <%ae>|%s', branch)).toBe(
      'driftgate <driftgate@localhost>|Fix drift: POST /api/users - breaking_change\n',
    );
    expect(
      await git(
        remote.url,
        'log',
        '-1',
        '--format=%(trailers:key=Driftgate-Fingerprint-Set,valueonly)',
        branch,
      ),
    ).toBe(`${hash}\n\n`);
    expect(await remote.show(branch, 'specs/users.yaml')).toBe(SPEC_WITH_NICKNAME);
    expect(await diffLines(branch, 'specs/users.yaml')).toEqual([
      '+        nickname:',
      '+          type: string',
    ]);
    expect(JSON.parse(await remote.show(branch, 'fixtures/post/api__users/201.json'))).toEqual(OBSERVED_POST);
    expect(await remote.show(branch, 'README.md')).toBe(REPO_FILES['README.md']);

    // The PR: seed title/body format, labels and reviewers (users and a team).
    expect(await requests()).toEqual([
      'GET /repos/acme/users/pulls?state=open&head=acme%3A' +
        encodeURIComponent(branch) +
        '&base=main&per_page=100',
      'POST /repos/acme/users/pulls',
      'POST /repos/acme/users/issues/1/labels',
      'POST /repos/acme/users/pulls/1/requested_reviewers',
    ]);
    const pr = fake.pulls[0]!;
    expect(pr).toMatchObject({
      title: 'Fix drift: POST /api/users - breaking_change',
      head: branch,
      base: 'main',
      labels: ['drift', 'api'],
      reviewers: ['octocat'],
      team_reviewers: ['api-team'],
    });
    expect(pr.body).toBe(result.body);
    expect(pr.body).toContain(
      [
        '### Summary',
        '',
        '- **Total incidents**: 1',
        '- **Breaking changes**: 1',
        '- **Threshold exceeded**: 0',
        '',
        '### Affected Endpoints',
        '',
        '- `POST /api/users` - breaking_change (critical)',
        '',
        '### Changes Made',
        '',
        '- Updated OpenAPI specification `specs/users.yaml` with 1 correction',
        '- Updated fixture files with new response data:',
        '  - `fixtures/post/api__users/201.json`',
      ].join('\n'),
    );
    expect(pr.body).toContain('- **Patched spec loads**: yes (OpenAPI 3.0.3, 2 operations)');
    expect(pr.body).toContain(
      '- **Drift re-check**: no reported drift remains in the sample exchange (1 mismatch resolved)',
    );
    expect(pr.body).toContain(
      `- **Incident ID**: \`${incident.id}\`\n- **Type**: breaking_change\n- **Severity**: critical\n- **Breaking Changes**: 2`,
    );

    // Written back: the url on the incident (timeline pr_linked), the PR record, one pr.opened event.
    const after = await h.store.incidents.get(incident.id);
    expect(after?.pr_url).toBe(pr.html_url);
    expect(after?.timeline.map((e) => e.kind)).toEqual(['created', 'pr_linked']);
    expect(after?.details.gitops).toMatchObject({ status: 'opened', branch, commit: result.commit!.sha });
    const record = await h.store.pullRequests.findOpen(hash);
    expect(record).toMatchObject({
      url: pr.html_url,
      branch,
      provider: 'github',
      incident_ids: [incident.id],
    });
    const events = await h.store.outbox.list({ event_type: 'pr.opened' });
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      type: 'pr.opened',
      data: { url: pr.html_url, branch, incident_ids: [incident.id], fingerprint_set_hash: hash },
    });
    // The notifier reads it back as its typed event.
    expect(parseEnvelope(events[0]?.payload)).toMatchObject({
      type: 'pr.opened',
      occurred_at: '2026-11-24T03:00:00.000Z',
      pull_request: {
        url: pr.html_url,
        number: 1,
        provider: 'github',
        workspace_id: 'w1',
        title: 'Fix drift: POST /api/users - breaking_change',
        branch,
        incident_ids: [incident.id],
      },
    });
  });

  it('many incidents across endpoints (status + workspace, other workspaces left out): one PR fixing all', async () => {
    const a = await h.incident('nickname');
    const b = await h.incident('not_found');
    const other = await h.incident('nickname', 'w2');
    const result = await h.run(githubDeps(), { status: 'open', workspace_id: 'w1' });
    expect(result.outcome).toBe('opened');
    expect(result.incident_ids).toEqual([a.id, b.id]);
    expect(result.title).toBe('Fix drift: 2 incidents across 2 endpoints');
    expect(result.branch).toBe(`driftgate/drift-fix/2-endpoints-${result.fingerprint_set_hash!.slice(0, 8)}`);
    expect(result.commit?.files).toEqual([
      'fixtures/get/api__users__{id}/404.json',
      'fixtures/post/api__users/201.json',
      'specs/users.yaml',
    ]);
    const spec = await remote.show(result.branch!, 'specs/users.yaml');
    expect(spec).toBe(
      SPEC_WITH_NICKNAME.replace(
        "                $ref: '#/components/schemas/User'\ncomponents:",
        [
          "                $ref: '#/components/schemas/User'",
          "        '404':",
          '          description: Not found',
          '          content:',
          '            application/json:',
          '              schema:',
          '                type: object',
          '                properties:',
          '                  error:',
          '                    type: string',
          'components:',
        ].join('\n'),
      ),
    );
    expect(JSON.parse(await remote.show(result.branch!, 'fixtures/get/api__users__{id}/404.json'))).toEqual(
      OBSERVED_GET_404,
    );
    const body = fake.pulls[0]!.body;
    expect(body).toContain(
      '- **Total incidents**: 2\n- **Breaking changes**: 1\n- **Threshold exceeded**: 1',
    );
    expect(body).toContain(
      '- `POST /api/users` - breaking_change (critical)\n- `GET /api/users/{id}` - threshold_exceeded (medium)',
    );
    expect(body).toContain('no reported drift remains in the 2 sample exchanges (2 mismatches resolved)');
    expect(body).toContain('#### GET /api/users/{id}');
    for (const id of [a.id, b.id]) {
      expect((await h.store.incidents.get(id))?.pr_url).toBe(fake.pulls[0]!.html_url);
    }
    expect((await h.store.incidents.get(other.id))?.pr_url).toBeNull();
  });

  it('re-runs: no second PR; same content leaves the branch alone, a moved base updates it', async () => {
    const incident = await h.incident('nickname');
    const deps = githubDeps();
    const first = await h.run(deps, { incident_ids: [incident.id] });
    const branch = first.branch!;
    const firstHead = await remote.head(branch);

    fake.exchanges.length = 0;
    const second = await h.run(deps, { incident_ids: [incident.id] });
    expect(second).toMatchObject({
      outcome: 'unchanged',
      branch,
      commit: { pushed: false },
      pr: { number: 1, created: false },
    });
    expect(await remote.head(branch)).toBe(firstHead);
    expect(await requests()).toEqual([
      `GET /repos/acme/users/pulls?state=open&head=acme%3A${encodeURIComponent(branch)}&base=main&per_page=100`,
      'PATCH /repos/acme/users/pulls/1',
      'POST /repos/acme/users/issues/1/labels',
    ]);

    // Someone changes main: the branch is rebuilt on the new base and replaced (our own branch, leased).
    const newMain = await remote.commit({ 'README.md': '# users service\n\nNow with docs.\n' }, 'docs');
    const third = await h.run(deps, { incident_ids: [incident.id] });
    expect(third).toMatchObject({
      outcome: 'updated',
      branch,
      commit: { pushed: true },
      pr: { number: 1, created: false },
    });
    expect(await remote.head(branch)).toBe(third.commit!.sha);
    expect((await git(remote.url, 'rev-parse', `${branch}^`)).trim()).toBe(newMain);
    expect(await git(remote.url, 'rev-list', '--count', `main..${branch}`)).toBe('1\n');
    expect(await remote.show(branch, 'README.md')).toBe('# users service\n\nNow with docs.\n');

    expect(fake.pulls).toHaveLength(1);
    expect(await h.store.outbox.list({ event_type: 'pr.opened' })).toHaveLength(1);
    expect((await h.store.incidents.get(incident.id))?.timeline.map((e) => e.kind)).toEqual([
      'created',
      'pr_linked',
      'updated',
      'updated',
    ]);
  });

  it('patch conflict: nothing pushed, no PR, every incident records why (the culprit named)', async () => {
    const good = await h.incident('nickname');
    const bad = await h.incident('conflict');
    const result = await h.run(githubDeps(), { incident_ids: [good.id, bad.id] });
    expect(result.outcome).toBe('not_opened');
    expect(result.pr).toBeNull();
    expect(result.commit).toBeNull();
    expect(result.reason).toMatch(
      /^the corrections do not apply cleanly to specs\/users\.yaml: op 1 \(replace #\/components\/schemas\/User\/properties\/email\/format\)/,
    );
    expect(result.conflicts).toEqual([{ incident_ids: [bad.id], message: expect.stringMatching(/^op 1 /) }]);
    expect(await remote.head(result.branch!)).toBeNull();
    expect(await git(remote.url, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main\n');
    expect(fake.exchanges).toEqual([]);
    const badAfter = await h.store.incidents.get(bad.id);
    expect(badAfter?.pr_url).toBeNull();
    expect(badAfter?.details.gitops).toEqual({
      status: 'not_opened',
      reason: result.reason,
      branch: result.branch,
      at: '2026-11-24T03:00:00.000Z',
      conflict: result.conflicts[0]!.message,
    });
    expect(badAfter?.timeline.at(-1)?.kind).toBe('updated');
    const goodAfter = await h.store.incidents.get(good.id);
    expect(goodAfter?.details.gitops).toMatchObject({ status: 'not_opened', reason: result.reason });
    expect(goodAfter?.details.gitops).not.toHaveProperty('conflict');
    expect(await h.store.outbox.list({ event_type: 'pr.opened' })).toEqual([]);
  });

  it('two runs racing on one set (two server instances): one branch, one PR, one pr.opened', async () => {
    const incident = await h.incident('nickname');
    const [a, b] = await Promise.all([
      h.run(githubDeps(), { incident_ids: [incident.id] }),
      h.run(githubDeps(), { incident_ids: [incident.id] }),
    ]);
    // Which one wins is up to timing; exactly one opens, the other finds its branch and PR.
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes[0]).toBe('opened');
    expect(['unchanged', 'updated']).toContain(outcomes[1]);
    expect(a.branch).toBe(b.branch);
    expect(fake.pulls).toHaveLength(1);
    expect(await h.store.outbox.list({ event_type: 'pr.opened' })).toHaveLength(1);
    expect(await git(remote.url, 'rev-list', '--count', `main..${a.branch}`)).toBe('1\n');
  });

  it('losing the race (stale branch and PR lookups): the lease refuses the push, the 422 leads to an update', async () => {
    const incident = await h.incident('nickname');
    const deps = githubDeps();
    const first = await h.run(deps, { incident_ids: [incident.id] });
    // The second instance looked before the first one pushed and opened: both lookups come back empty once.
    let staleBranch = true;
    let stalePr = true;
    const late: GeneratePrDeps = {
      ...deps,
      clock: fixedClock('2026-11-24T03:01:00.000Z'), // a different commit (time) with the same tree
      repository: {
        async checkout(base) {
          const wc = await deps.repository.checkout(base);
          return Object.assign(Object.create(wc) as typeof wc, {
            remoteBranch: async (branch: string) => {
              if (staleBranch) {
                staleBranch = false;
                return null;
              }
              return wc.remoteBranch(branch);
            },
          });
        },
      },
      host: {
        ...deps.host,
        findOpen: async (head, base) => {
          if (stalePr) {
            stalePr = false;
            return null;
          }
          return deps.host.findOpen(head, base);
        },
      },
    };
    fake.exchanges.length = 0;
    const second = await h.run(late, { incident_ids: [incident.id] });
    expect(second).toMatchObject({
      outcome: 'unchanged',
      pr: { number: 1, created: false },
      commit: { pushed: false },
    });
    expect(await remote.head(first.branch!)).toBe(first.commit!.sha);
    expect(fake.exchanges.map((x) => `${x.request.method} ${x.response?.status}`)).toEqual([
      'POST 422',
      'GET 200',
      'PATCH 200',
      'POST 200',
    ]);
    expect(fake.pulls).toHaveLength(1);
    expect(await h.store.outbox.list({ event_type: 'pr.opened' })).toHaveLength(1);
  });

  it('a reviewer GitHub refuses is a warning: the PR is opened and linked anyway', async () => {
    const incident = await h.incident('nickname');
    const deps = githubDeps();
    const result = await h.run(
      { ...deps, gitops: { ...deps.gitops, reviewers: ['stranger'] } },
      { incident_ids: [incident.id] },
    );
    expect(result.outcome).toBe('opened');
    expect(result.warnings).toEqual([
      'reviewers: GitHub POST /repos/acme/users/pulls/1/requested_reviewers answered 422: Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/users repository.',
    ]);
    expect((await h.store.incidents.get(incident.id))?.pr_url).toBe(result.pr!.url);
  });

  it("never overwrites a branch with someone else's commits on it", async () => {
    const incident = await h.incident('nickname');
    const deps = githubDeps();
    const first = await h.run(deps, { incident_ids: [incident.id] });
    const theirs = await remote.commit({ 'NOTES.md': 'a human was here\n' }, 'manual tweak', first.branch!);
    await remote.commit({ 'README.md': '# moved\n' }, 'move main');
    const again = await h.run(deps, { incident_ids: [incident.id] });
    expect(again.outcome).toBe('not_opened');
    expect(again.reason).toBe(
      `branch '${first.branch}' exists on the remote with 1 commit(s) driftgate did not make (${theirs.slice(0, 12)}); not overwriting it`,
    );
    expect(await remote.head(first.branch!)).toBe(theirs);
    expect((await h.store.incidents.get(incident.id))?.details.gitops).toMatchObject({
      status: 'not_opened',
    });
  });
});

describe('dogfooding: our GitHub requests against GitHub’s published REST description', () => {
  it('has zero request mismatches (analyzeTraffic on every request sent above)', async () => {
    expect(sentToGithub.length).toBeGreaterThanOrEqual(12);
    const spec = await loadSpec(GITHUB_SPEC);
    const exchanges = sentToGithub.map((x) => ({
      id: x.id,
      request: { ...x.request, url: x.request.url.replace(/^\/github/, '') },
    }));
    const analysis = await analyzeTraffic(spec, exchanges);
    expect(analysis.summary).toMatchObject({
      exchanges: exchanges.length,
      matched: exchanges.length,
      unmatched: 0,
    });
    expect(analysis.mismatches.filter((m) => m.direction === 'request')).toEqual([]);
  });
});
