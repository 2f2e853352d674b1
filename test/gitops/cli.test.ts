// `driftgate pr` in-process: config file + SQLite file + a real bare remote (provider git). Exit codes:
// 0 when the PR is open, 1 when it could not be opened (reason printed), 2 for usage errors.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeRemote, type Remote } from './repo.js';
import { type Harness, harness, REPO_FILES } from './scenario.js';

function sink(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  return { stream, text: () => out };
}

let remote: Remote;
let h: Harness;
let configPath: string;

beforeEach(async () => {
  remote = await makeRemote(REPO_FILES);
  h = await harness();
  configPath = join(h.dataDir, 'driftgate.yaml');
  await writeFile(
    configPath,
    [
      'drift_budget:',
      '  gitops:',
      '    enabled: true',
      '    provider: git',
      `    clone_url: ${remote.url}`,
      '    openapi_spec_dir: specs',
      '    fixtures_dir: fixtures',
      `storage:`,
      `  data_dir: ${h.dataDir}`,
      '',
    ].join('\n'),
  );
});
afterEach(async () => {
  await h.cleanup();
  await remote.cleanup();
});

async function cli(...args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(['pr', '--config', configPath, '--db', join(h.dataDir, 'driftgate.db'), ...args], {
    stdout: out.stream,
    stderr: err.stream,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('driftgate pr', () => {
  it('opens the PR for the open incidents of a workspace, then reports it up to date', async () => {
    const a = await h.incident('nickname');
    const b = await h.incident('not_found');
    const first = await cli('--workspace', 'w1');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^PR opened: ${remote.url}#driftgate/drift-fix/2-endpoints-[0-9a-f]{8}$`),
    );
    expect(lines[1]).toBe('  title:     Fix drift: 2 incidents across 2 endpoints');
    expect(lines[4]).toBe(`  incidents: 2 (${[a.id, b.id].join(', ')})`);

    const again = await cli('--workspace', 'w1', '--format', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'unchanged', incident_ids: [a.id, b.id] });
  });

  it('exits 1 with the reason when the corrections conflict, 2 on bad usage', async () => {
    const bad = await h.incident('conflict');
    const conflict = await cli('--incident', bad.id);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toMatch(
      /^PR not opened: the corrections do not apply cleanly to specs\/users\.yaml: op 0 /,
    );
    const usage = await cli('--status', 'pending');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(
      "driftgate: --status must be one of open, acknowledged, resolved, closed, got 'pending'\n",
    );
    const missing = await cli('--incident', 'nope');
    expect([missing.code, missing.stderr]).toEqual([2, "driftgate: no incident 'nope'\n"]);
  });
});
