// The AI layer against a real chat-completions server on 127.0.0.1: success, cache, slow → timeout, 500,
// malformed JSON, an answer without JSON; the deterministic result is never changed; no secret is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiCompatibleLlm } from '../../src/adapters/llm/openai-compatible.js';
import { ExplainCache, explainDrift, withAiNote } from '../../src/app/explain-drift.js';
import type { AggregatedMismatch, Correction } from '../../src/core/traffic/mismatch.js';
import { LlmError } from '../../src/ports/llm.js';
import { type ChatServer, startChatServer } from './chat-server.js';

const SECRETS = [
  'sk_live_51HxSECRETvalue000111',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'hunter2-password-value',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
];

function mismatch(over: Partial<AggregatedMismatch>): AggregatedMismatch {
  return {
    type: 'unexpected_field',
    direction: 'response',
    severity: 'low',
    method: 'GET',
    path: '/users/{id}',
    status: 200,
    location: '/body/nickname',
    specLocation: '#/components/schemas/User',
    expected: null,
    observed: 'Bob',
    message: "response 200 body /nickname: property 'nickname' (string) is not documented",
    level: 'non_breaking',
    count: 12,
    firstSeen: null,
    lastSeen: null,
    sampleExchangeIds: ['e1'],
    ...over,
  };
}

const mismatches: AggregatedMismatch[] = [
  mismatch({}),
  mismatch({
    type: 'type_mismatch',
    severity: 'high',
    level: 'breaking',
    location: '/body/id',
    expected: { type: 'integer' },
    observed: { type: 'string' },
    message: 'response 200 body /id: expected integer, got string',
  }),
  // Values the analyzer should have redacted, and some it could not know were secrets: the layer scrubs both.
  mismatch({
    location: '/body/session',
    observed: { password: SECRETS[2], note: `Bearer ${SECRETS[1]}`, key: SECRETS[0] },
    message: `saw Authorization: Bearer ${SECRETS[3]}`,
  }),
];

const corrections: Correction[] = [
  {
    operation: 'GET /users/{id}',
    kind: 'add_property',
    patch: [{ op: 'add', path: '/components/schemas/User/properties/nickname', value: { type: 'string' } }],
    confidence: 0.75,
    support: 12,
    reason: 'document the observed property',
    targets: ['k1'],
  },
  {
    operation: 'GET /users/{id}',
    kind: 'widen_type',
    patch: [
      { op: 'replace', path: '/components/schemas/User/properties/id/type', value: ['integer', 'string'] },
    ],
    confidence: 0.5,
    support: 3,
    reason: `widen (token ${SECRETS[0]})`,
    targets: ['k2'],
  },
];

const goodAnswer = JSON.stringify({
  explanations: [
    { id: 'm1', text: 'The service returns a nickname the contract does not describe.' },
    { id: 'm2', text: 'Ids come back as strings.' },
    { id: 'm9', text: 'unknown id, dropped' },
  ],
  ranking: ['c2', 'c1', 'c7'],
});

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ kind: 'reply', content: goodAnswer });
});
afterAll(async () => {
  await server.close();
});

const deterministic = () => ({ summary: { exchanges: 40 }, mismatches, corrections });

describe('explainDrift against a local chat-completions server', () => {
  it('is off by default and calls nobody', async () => {
    const before = server.requests.length;
    const llm = openAiCompatibleLlm({ baseUrl: server.baseUrl, model: 'm' });
    const out = await explainDrift({ llm }, { mismatches, corrections });
    expect(out).toEqual({ status: 'disabled', explanations: [], ranking: [0, 1] });
    expect(server.requests.length).toBe(before);
  });

  it('explains and ranks; the request is a chat completion with the bearer key; the answer is cached', async () => {
    server.mode = { kind: 'reply', content: `Here you go:\n\`\`\`json\n${goodAnswer}\n\`\`\`` };
    const before = server.requests.length;
    const llm = openAiCompatibleLlm({
      baseUrl: `${server.baseUrl}/`,
      model: 'llama3.1',
      apiKey: 'the-api-key',
    });
    const cache = new ExplainCache(10);
    const result = deterministic();
    const snapshot = structuredClone(result);
    const out = await explainDrift(
      { llm, cache },
      { mismatches, corrections },
      { enabled: true, timeoutMs: 2000 },
    );
    expect(out).toEqual({
      status: 'ok',
      model: 'llama3.1',
      explanations: [
        { index: 0, text: 'The service returns a nickname the contract does not describe.' },
        { index: 1, text: 'Ids come back as strings.' },
      ],
      ranking: [1, 0],
    });
    const req = server.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer the-api-key');
    const body = JSON.parse(req.body) as { model: string; temperature: number; messages: { role: string }[] };
    expect(body.model).toBe('llama3.1');
    expect(body.temperature).toBe(0);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);

    const again = await explainDrift({ llm, cache }, { mismatches, corrections }, { enabled: true });
    expect(again.cached).toBe(true);
    expect(again.ranking).toEqual([1, 0]);
    expect(server.requests.length).toBe(before + 1);

    const noted = withAiNote(result, out);
    expect(noted.ai.status).toBe('ok');
    const { ai: _ai, ...rest } = noted;
    expect(rest).toEqual(snapshot);
    expect(result).toEqual(snapshot);
  });

  it('no secret value reaches the server', async () => {
    server.mode = { kind: 'reply', content: goodAnswer };
    const before = server.requests.length;
    const llm = openAiCompatibleLlm({ baseUrl: server.baseUrl, model: 'm' });
    await explainDrift({ llm }, { mismatches, corrections }, { enabled: true });
    const sent = server.requests
      .slice(before)
      .map((r) => r.body)
      .join('\n');
    expect(sent.length).toBeGreaterThan(100);
    for (const s of SECRETS) expect(sent).not.toContain(s);
    expect(sent).toContain('[REDACTED]');
  });

  const failures: [string, ConstructorParameters<typeof Object>[0], RegExp][] = [
    [
      'slow → timeout',
      { kind: 'slow', delayMs: 3000, content: goodAnswer },
      /^timeout: no answer from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions within 200 ms$/,
    ],
    [
      '500',
      { kind: 'status', status: 500, body: '{"error":{"message":"model crashed"}}' },
      /^http: .* answered 500: \{"error":\{"message":"model crashed"\}\}$/,
    ],
    [
      'malformed protocol JSON',
      { kind: 'raw', body: '{"choices": [' },
      /^protocol: .* answered with something that is not JSON/,
    ],
    [
      'no choices',
      { kind: 'raw', body: '{"object":"chat.completion"}' },
      /^protocol: .* answered without choices\[0\]\.message\.content$/,
    ],
    [
      'model answers prose',
      { kind: 'reply', content: 'I think the API is fine.' },
      /^protocol: the answer holds no JSON object$/,
    ],
  ];
  it.each(failures)('%s: status failed, the deterministic result untouched', async (_name, mode, error) => {
    server.mode = mode as ChatServer['mode'];
    const llm = openAiCompatibleLlm({ baseUrl: server.baseUrl, model: 'm' });
    const result = deterministic();
    const snapshot = structuredClone(result);
    const started = performance.now();
    const out = await explainDrift(
      { llm, cache: new ExplainCache() },
      { mismatches, corrections },
      { enabled: true, timeoutMs: 200 },
    );
    expect(out.status).toBe('failed');
    expect(out.error).toMatch(error);
    expect(out.explanations).toEqual([]);
    expect(out.ranking).toEqual([0, 1]);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(withAiNote(result, out)).toEqual({ ...snapshot, ai: out });
  });

  it('an unreachable server is a network failure', async () => {
    const closed = await startChatServer({ kind: 'reply', content: '' });
    const baseUrl = closed.baseUrl;
    await closed.close();
    const llm = openAiCompatibleLlm({ baseUrl, model: 'm' });
    const out = await explainDrift({ llm }, { mismatches, corrections }, { enabled: true, timeoutMs: 2000 });
    expect(out.status).toBe('failed');
    expect(out.error).toBe(`network: cannot reach ${baseUrl}/chat/completions: ECONNREFUSED`);
  });

  it('the adapter rejects with LlmError kinds, and honours the caller’s signal', async () => {
    server.mode = { kind: 'slow', delayMs: 3000, content: goodAnswer };
    const llm = openAiCompatibleLlm({ baseUrl: server.baseUrl, model: 'm' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const err = await llm
      .complete([{ role: 'user', content: 'hi' }], { timeoutMs: 5000, signal: ctrl.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).kind).toBe('aborted');
  });

  it('no provider configured: disabled with a note', async () => {
    const out = await explainDrift({ llm: null }, { mismatches, corrections }, { enabled: true });
    expect(out).toEqual({
      status: 'disabled',
      error: 'no AI provider is configured',
      explanations: [],
      ranking: [0, 1],
    });
  });
});
