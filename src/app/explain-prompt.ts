// What the AI layer sends and how its answer is read (docs/ai.md). Only redacted, trimmed data goes into
// the prompt: the analyzer's redaction is applied again (names), and values that look like credentials
// are masked whatever their field is called. The answer is parsed defensively: anything unusable is
// dropped, never guessed.
import type { AggregatedMismatch, Correction } from '../core/traffic/mismatch.js';
import { isSensitiveName, REDACTED, redactValue } from '../core/traffic/redact.js';
import type { ChatMessage } from '../ports/llm.js';

/** Strings that are credentials by their look: bearer/basic values, JWTs, common API key prefixes. */
const SECRET_LOOKS = [
  /\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
];

const MAX_STRING = 160;

/** Deep copy with sensitive names redacted, credential-looking strings masked and long strings cut. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 10).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(redactValue(value) as Record<string, unknown>).slice(0, 30)) {
    out[k] = isSensitiveName(k) ? REDACTED : scrub(v, depth + 1);
  }
  return out;
}

export function scrubString(s: string): string {
  let out = s;
  for (const re of SECRET_LOOKS) out = out.replace(re, REDACTED);
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}…` : out;
}

export interface PromptInput {
  readonly mismatches: readonly AggregatedMismatch[];
  readonly corrections: readonly Correction[];
}

/** The ids the model answers with: m1.. for mismatches, c1.. for corrections (in input order). */
export function buildExplainMessages(input: PromptInput, maxMismatches = 20): ChatMessage[] {
  const mismatches = input.mismatches.slice(0, maxMismatches).map((m, i) => ({
    id: `m${i + 1}`,
    type: m.type,
    direction: m.direction,
    operation: m.method && m.path ? `${m.method} ${m.path}` : null,
    status: m.status,
    location: scrubString(m.location),
    expected: scrub(m.expected),
    observed: scrub(m.observed),
    count: m.count,
    message: scrubString(m.message),
  }));
  const corrections = input.corrections.map((c, i) => ({
    id: `c${i + 1}`,
    kind: c.kind ?? null,
    operation: c.operation,
    reason: scrubString(c.reason),
    confidence: c.confidence,
    support: c.support,
    patch: c.patch.map((op) => ({
      op: op.op,
      path: scrubString(op.path),
      ...('value' in op ? { value: scrub(op.value) } : {}),
    })),
  }));
  const system = [
    'You explain API contract drift to the engineers who own an OpenAPI document.',
    'You get mismatches between recorded traffic and the contract, and proposed JSON Patch corrections.',
    'For each mismatch, write one or two plain sentences: what the traffic shows and what it likely means.',
    'Rank the corrections from most to least worth applying. Do not judge severity or breaking levels.',
    'Answer with JSON only: {"explanations": [{"id": "m1", "text": "..."}], "ranking": ["c2", "c1"]}.',
  ].join(' ');
  return [
    { role: 'system', content: system },
    { role: 'user', content: JSON.stringify({ mismatches, corrections }) },
  ];
}

export interface ParsedAnswer {
  /** Explanation per mismatch index (input order). */
  readonly explanations: ReadonlyMap<number, string>;
  /** Correction indexes, best first; every correction appears once (unranked ones keep input order at the end). */
  readonly ranking: readonly number[];
}

/** Reads the model's answer; throws when no JSON object can be found in it. */
export function parseExplainAnswer(
  text: string,
  counts: { mismatches: number; corrections: number },
): ParsedAnswer {
  const body = extractJsonObject(text);
  if (body === undefined) throw new Error('the answer holds no JSON object');
  const explanations = new Map<number, string>();
  const rawExplanations = (body as { explanations?: unknown }).explanations;
  if (Array.isArray(rawExplanations)) {
    for (const e of rawExplanations) {
      const id = (e as { id?: unknown })?.id;
      const txt = (e as { text?: unknown })?.text;
      const i = indexOf(id, 'm', counts.mismatches);
      if (i !== undefined && typeof txt === 'string' && txt.trim() !== '' && !explanations.has(i)) {
        explanations.set(i, txt.trim().slice(0, 600));
      }
    }
  }
  const ranking: number[] = [];
  const rawRanking = (body as { ranking?: unknown }).ranking;
  if (Array.isArray(rawRanking)) {
    for (const id of rawRanking) {
      const i = indexOf(id, 'c', counts.corrections);
      if (i !== undefined && !ranking.includes(i)) ranking.push(i);
    }
  }
  for (let i = 0; i < counts.corrections; i++) if (!ranking.includes(i)) ranking.push(i);
  return { explanations, ranking };
}

function indexOf(id: unknown, prefix: string, count: number): number | undefined {
  if (typeof id !== 'string' || !id.startsWith(prefix)) return undefined;
  const n = Number(id.slice(prefix.length));
  return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : undefined;
}

/** The first parseable `{…}` in the text (models like to wrap JSON in prose or code fences). */
function extractJsonObject(text: string): object | undefined {
  const trimmed = text.trim();
  const candidates = [trimmed, /```(?:json)?\s*([\s\S]*?)```/.exec(trimmed)?.[1]];
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(trimmed.slice(first, last + 1));
  for (const c of candidates) {
    if (c === undefined) continue;
    try {
      const v = JSON.parse(c) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // next candidate
    }
  }
  return undefined;
}
