// `driftgate analyze --config` with the optional AI layer on, against a real chat-completions server on
// 127.0.0.1: the explanation is attached as `ai`, the deterministic result is byte-for-byte the same with
// the server failing, and no secret from the traffic reaches the model.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type ChatServer, startChatServer } from '../llm/chat-server.js';

const EXAMPLE = new URL('../../examples/quickstart/', import.meta.url).pathname;

async function analyze(configFile: string) {
  let out = '';
  const sink = new Writable({
    write(c, _e, cb) {
      out += c.toString();
      cb();
    },
  });
  const code = await main(
    [
      'analyze',
      '--spec',
      `${EXAMPLE}users-api.v2.yaml`,
      `${EXAMPLE}traffic.jsonl`,
      '--format',
      'json',
      '--config',
      configFile,
    ],
    { stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }) },
  );
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

describe('analyze with the AI layer', () => {
  let server: ChatServer;
  let dir: string;
  beforeAll(async () => {
    server = await startChatServer({
      kind: 'reply',
      content: JSON.stringify({
        explanations: [{ id: 'm1', text: 'The create response lost its name.' }],
        ranking: [],
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'driftgate-ai-'));
    writeFileSync(
      join(dir, 'on.yaml'),
      `ai:\n  enabled: true\n  base_url: ${server.baseUrl}\n  model: local-test\n  timeout_ms: 3000\n`,
    );
    writeFileSync(join(dir, 'off.yaml'), 'ai:\n  enabled: false\n');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('attaches the explanation and leaves the deterministic result alone, also when the model fails', async () => {
    const off = await analyze(join(dir, 'off.yaml'));
    expect(off.json.ai).toBeUndefined();
    const on = await analyze(join(dir, 'on.yaml'));
    expect(on.code).toBe(0);
    expect(on.json.ai).toMatchObject({ status: 'ok', model: 'local-test' });
    const { ai: _ai, ...rest } = on.json;
    expect(rest).toEqual(off.json);
    expect(server.requests.length).toBe(1);
    expect(server.requests[0]!.body).not.toContain('sk_live_do_not_log');

    server.mode = { kind: 'status', status: 500, body: '{"error":"boom"}' };
    writeFileSync(
      join(dir, 'on.yaml'),
      `ai:\n  enabled: true\n  base_url: ${server.baseUrl}\n  model: other-model\n  timeout_ms: 3000\n`,
    );
    const failed = await analyze(join(dir, 'on.yaml'));
    expect(failed.code).toBe(0);
    expect((failed.json.ai as { status: string }).status).toBe('failed');
    const { ai: _a2, ...rest2 } = failed.json;
    expect(rest2).toEqual(off.json);
  });
});
