// `npm run demo`: API sync end to end on this machine, in a temp dir, in a few seconds.
//   1. a small upstream (127.0.0.1, random port) answering as its contract says (version 1)
//   2. traffic recorded through the recording proxy -> fixtures
//   3. sync cycle 1: no drift
//   4. the upstream changes (version 2: a field removed, a type changed, a field added, a 404)
//   5. sync cycle 2: drift -> incidents -> a signed webhook to a local receiver (verified) and a PR branch
//      pushed to a local bare git repository (GitOps provider `git`)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixtureRecorder } from '../src/adapters/fixtures/fs-fixtures.js';
import { startRecordingProxy } from '../src/adapters/proxy/recording-proxy.js';
import { deliverPending, runConfiguredSync, syncSettings } from '../src/adapters/proxy/sync-runner.js';
import { loadSpecText } from '../src/adapters/spec-source.js';
import { openStore } from '../src/adapters/storage/open-store.js';
import { TrafficRecorder } from '../src/app/record-traffic.js';
import { renderText } from '../src/cli/sync.js';
import { readConfigFile } from '../src/config/index.js';
import { verifyWebhookSignature } from '../src/verify-webhook.js';
import { SPEC_YAML, startDriftingUpstream, startWebhookReceiver } from './upstream.js';

const started = Date.now();
const say = (s: string) => process.stdout.write(`${s}\n`);
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  });

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'driftgate-demo-'));
  const upstream = await startDriftingUpstream();
  const receiver = await startWebhookReceiver();
  const secret = 'demo-webhook-secret';
  try {
    // The service's repository: spec and fixtures on main, in a bare repository acting as the remote.
    const remote = join(root, 'users-service.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = join(root, 'seed');
    git(root, 'clone', '-q', remote, seed);
    git(seed, 'checkout', '-q', '-b', 'main');
    mkdirSync(join(seed, 'specs'));
    writeFileSync(join(seed, 'specs/users.yaml'), SPEC_YAML);
    writeFileSync(join(seed, 'README.md'), '# users service\n');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-q', '-m', 'users service: contract');
    git(seed, 'push', '-q', 'origin', 'main');

    const specPath = join(root, 'users.yaml');
    writeFileSync(specPath, SPEC_YAML);
    const fixtures = join(root, 'fixtures');
    const dataDir = join(root, 'data');
    const configPath = join(root, 'driftgate.yaml');
    writeFileSync(
      configPath,
      `# driftgate demo config
incidents:
  allow_private_targets: true   # the receiver is on 127.0.0.1
  webhooks:
    - url: ${receiver.url}
      secret_env: DEMO_WEBHOOK_SECRET
      events: [incident.created]
drift_budget:
  gitops:
    enabled: true
    auto_open: true
    provider: git
    clone_url: ${remote}
    openapi_spec_dir: specs
    fixtures_dir: fixtures
sync:
  upstream: ${upstream.url}
  spec: users.yaml
  fixtures_dir: fixtures
  workspace: demo
  service: users
storage:
  data_dir: ${dataDir}
`,
    );
    const env = { ...process.env, DEMO_WEBHOOK_SECRET: secret };
    const config = readConfigFile(configPath, env);

    say(`driftgate demo in ${root}`);
    say(`upstream ${upstream.url} (version 1), webhook receiver ${receiver.url}\n`);

    // 1. Record real traffic through the proxy.
    const recorder = new TrafficRecorder({
      spec: loadSpecText(SPEC_YAML),
      fixtures: new FixtureRecorder(fixtures),
      clock: { now: () => new Date() },
    });
    const proxy = await startRecordingProxy({
      upstream: upstream.url,
      onExchange: (e) => recorder.handle(e),
    });
    for (const path of ['/api/users/1', '/api/users/2', '/api/orders/7', '/api/health']) {
      const r = await fetch(`${proxy.url}${path}`, { headers: { authorization: 'Bearer demo-token' } });
      await r.arrayBuffer();
      say(`  via proxy ${proxy.url}: GET ${path} -> ${r.status}`);
    }
    await proxy.close();
    const stats = recorder.stats();
    say(
      `recorded ${stats.exchanges} exchanges as ${stats.fixtures_written} fixtures (same shape = one file):`,
    );
    for (const f of recorder.written) say(`  ${join(fixtures, f)}`);

    // 2. Two sync cycles, the upstream drifting in between.
    mkdirSync(dataDir, { recursive: true });
    const store = await openStore({ dataDir });
    try {
      const settings = syncSettings(config, configPath, {});
      const opts = { config, settings, store, env, dataDir };
      say('\nsync cycle 1 (upstream version 1):');
      process.stdout.write(renderText(await runConfiguredSync(opts)));

      upstream.version = 2;
      say('\nthe upstream changes (version 2)\n\nsync cycle 2:');
      const second = await runConfiguredSync(opts);
      process.stdout.write(renderText(second));

      // 3. Notifications: the outbox rows the cycle wrote, delivered and verified by the receiver.
      const delivered = await deliverPending({ config, env, dataDir, store });
      say(`\nwebhooks delivered: ${delivered}`);
      for (const r of receiver.received) {
        const verdict = verifyWebhookSignature({
          secret,
          body: r.body,
          timestamp: r.headers['x-driftgate-timestamp'] ?? '',
          signature: r.headers['x-driftgate-signature'] ?? '',
        });
        const payload = JSON.parse(r.body) as {
          event: string;
          data: { incident?: { id: string; endpoint: string } };
        };
        say(
          `  received ${payload.event} ${payload.data.incident?.endpoint ?? ''} signature ${verdict.ok ? 'valid' : `INVALID (${verdict.reason})`}`,
        );
      }
      const incidents = await store.incidents.list({ workspace_id: 'demo' }, { limit: 10 });
      say(`\nincidents in ${join(dataDir, 'driftgate.db')}:`);
      for (const i of incidents.items) {
        say(
          `  ${i.id} ${i.severity} ${i.incident_type} ${i.method} ${i.endpoint} (sync cycle ${i.sync_cycle_id})`,
        );
      }
      const pr = second.summary.pull_request;
      say('\nwhere to look:');
      if (pr?.branch) {
        say(`  PR branch:  git --git-dir ${remote} log --stat -1 ${pr.branch}`);
        const prs = join(dataDir, 'prs');
        for (const f of readdirSync(prs)) say(`  PR body:    ${join(prs, f)}`);
      }
      say(`  fixtures:   ${fixtures}`);
      say(`  database:   ${join(dataDir, 'driftgate.db')} (driftgate serve --config ${configPath})`);
      say(`  config:     ${configPath}`);
      say(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await store.close();
    }
  } finally {
    await upstream.close();
    await receiver.close();
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
