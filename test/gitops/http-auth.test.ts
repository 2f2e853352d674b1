// Pushing with the token over real smart HTTP (git http-backend behind a local server): the token travels
// as an Authorization header on every git request, never in a URL, argv or error message; a wrong token
// means no PR and a reason without the secret.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gitopsAdapters } from '../../src/adapters/git/from-config.js';
import type { GeneratePrDeps } from '../../src/app/generate-pr.js';
import { type FakeHosts, startFakeHosts } from './fake-hosts.js';
import { type HttpRemote, serveGitOverHttp } from './http-remote.js';
import { git, makeRemote, type Remote } from './repo.js';
import { type Harness, harness, REPO_FILES } from './scenario.js';

const TOKEN = 's3cr3t-token-value';
const EXPECTED = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;

let fake: FakeHosts;
let remote: Remote;
let http: HttpRemote;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeHosts();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  remote = await makeRemote(REPO_FILES);
  await git(remote.url, 'config', 'http.receivepack', 'true');
  http = await serveGitOverHttp(remote.root, EXPECTED);
  h = await harness();
});
afterEach(async () => {
  await http.close();
  await h.cleanup();
  await remote.cleanup();
});

function deps(token: string): GeneratePrDeps {
  const base = h.deps(
    {
      provider: 'github',
      owner: 'acme',
      repo: 'users',
      api_url: `${fake.url}/github`,
      clone_url: `${http.url}/remote.git`,
      token_env: 'GH_TOKEN',
    },
    null as never,
    null as never,
  );
  const { repository } = gitopsAdapters({
    gitops: base.gitops,
    env: { GH_TOKEN: token === 'right' ? TOKEN : 'wrong-token' },
    dataDir: h.dataDir,
    tmpDir: join(h.dataDir, 'tmp'),
  });
  // The fake GitHub wants its own token ('gh-token'); the git remote wants TOKEN.
  const { host } = gitopsAdapters({ gitops: base.gitops, env: { GH_TOKEN: 'gh-token' }, dataDir: h.dataDir });
  return { ...base, host, repository };
}

describe('token over smart HTTP', () => {
  it('clones, inspects and pushes with the Authorization header on every request', async () => {
    const incident = await h.incident('nickname');
    const result = await h.run(deps('right'), { incident_ids: [incident.id] });
    expect(result.outcome).toBe('opened');
    expect(await remote.head(result.branch!)).toBe(result.commit!.sha);
    expect(http.seen.length).toBeGreaterThanOrEqual(4);
    expect(http.seen.every((r) => r.authorization === EXPECTED)).toBe(true);
    expect(http.seen.map((r) => r.path)).toContain('/remote.git/git-receive-pack');
    expect(http.seen.some((r) => r.path.includes(TOKEN))).toBe(false);
  });

  it('a wrong token: no PR, the reason recorded without any secret', async () => {
    const incident = await h.incident('nickname');
    const result = await h.run(deps('wrong'), { incident_ids: [incident.id] });
    expect(result.outcome).toBe('not_opened');
    expect(result.reason).toMatch(/^git clone failed: .*(401|Authentication failed|could not read Username)/);
    expect(result.reason).not.toContain('wrong-token');
    expect(result.reason).not.toContain(Buffer.from('x-access-token:wrong-token').toString('base64'));
    expect((await h.store.incidents.get(incident.id))?.details.gitops).toMatchObject({
      status: 'not_opened',
      reason: result.reason,
    });
  });
});
