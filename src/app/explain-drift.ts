// The optional AI layer (docs/ai.md): after the deterministic analysis is done, ask a language model to
// explain the aggregated mismatches and rank the corrections. It never decides a level, never changes or
// blocks the deterministic result (every failure becomes `ai.status: 'failed'`), sees only scrubbed data,
// is bounded by a timeout, and answers repeated inputs from an in-memory LRU cache keyed by a hash of the
// scrubbed prompt.
import { createHash } from 'node:crypto';
import type { AggregatedMismatch, Correction } from '../core/traffic/mismatch.js';
import { type Llm, LlmError } from '../ports/llm.js';
import { buildExplainMessages, type ParsedAnswer, parseExplainAnswer } from './explain-prompt.js';

/** Plain options (the config's `ai:` block, read and validated at the edge). Off by default. */
export interface ExplainOptions {
  readonly enabled?: boolean;
  /** Default 15 s. */
  readonly timeoutMs?: number;
  /** Mismatches sent at most (the most breaking first, as aggregated). Default 20. */
  readonly maxMismatches?: number;
  readonly signal?: AbortSignal;
}

export interface AiNote {
  readonly status: 'ok' | 'disabled' | 'failed';
  readonly error?: string;
  readonly model?: string;
  readonly cached?: boolean;
}

/** The AI note a deterministic result carries as `ai`: status first, then what the model said. */
export interface DriftExplanation extends AiNote {
  /** One short text per explained mismatch, by index into the input mismatches. */
  readonly explanations: readonly { readonly index: number; readonly text: string }[];
  /** Correction indexes, best first (advice only: corrections still apply in their own order). */
  readonly ranking: readonly number[];
}

export interface ExplainDeps {
  /** Null when no provider is configured. */
  readonly llm: Llm | null;
  readonly cache?: ExplainCache;
}

/** A small LRU of parsed answers keyed by prompt hash. */
export class ExplainCache {
  readonly #entries = new Map<string, ParsedAnswer>();
  constructor(readonly capacity = 200) {}
  get(key: string): ParsedAnswer | undefined {
    const v = this.#entries.get(key);
    if (v !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, v);
    }
    return v;
  }
  set(key: string, value: ParsedAnswer): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
  get size(): number {
    return this.#entries.size;
  }
}

const DEFAULT_TIMEOUT = 15_000;

/** Never rejects. */
export async function explainDrift(
  deps: ExplainDeps,
  input: { readonly mismatches: readonly AggregatedMismatch[]; readonly corrections: readonly Correction[] },
  options: ExplainOptions = {},
): Promise<DriftExplanation> {
  const none = { explanations: [], ranking: input.corrections.map((_, i) => i) };
  if (options.enabled !== true) return { status: 'disabled', ...none };
  if (deps.llm === null) return { status: 'disabled', error: 'no AI provider is configured', ...none };
  const llm = deps.llm;
  if (input.mismatches.length === 0 && input.corrections.length === 0) {
    return { status: 'ok', model: llm.model, ...none };
  }
  const maxMismatches = options.maxMismatches ?? 20;
  const messages = buildExplainMessages(input, maxMismatches);
  const key = createHash('sha256')
    .update(llm.model)
    .update('\u0000')
    .update(JSON.stringify(messages))
    .digest('hex');
  const counts = {
    mismatches: Math.min(input.mismatches.length, maxMismatches),
    corrections: input.corrections.length,
  };
  const hit = deps.cache?.get(key);
  if (hit) return present(hit, { status: 'ok', model: llm.model, cached: true });

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // The adapter has its own timeout; this one also bounds a provider that ignores it.
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LlmError('timeout', `no answer within ${timeoutMs} ms`)),
        timeoutMs + 250,
      );
    });
    const call = llm.complete(messages, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    call.catch(() => undefined);
    const text = await Promise.race([call, guard]);
    const parsed = parseExplainAnswer(text, counts);
    deps.cache?.set(key, parsed);
    return present(parsed, { status: 'ok', model: llm.model });
  } catch (e) {
    const reason = e instanceof LlmError ? `${e.kind}: ${e.message}` : `protocol: ${(e as Error).message}`;
    return { status: 'failed', error: reason, model: llm.model, ...none };
  } finally {
    clearTimeout(timer);
  }
}

function present(parsed: ParsedAnswer, ai: AiNote): DriftExplanation {
  return {
    ...ai,
    explanations: [...parsed.explanations]
      .sort(([a], [b]) => a - b)
      .map(([index, text]) => ({ index, text })),
    ranking: parsed.ranking,
  };
}

/** The deterministic result with the AI note added as `ai`; nothing else is changed. */
export function withAiNote<T extends object>(
  result: T,
  explanation: DriftExplanation,
): T & { readonly ai: DriftExplanation } {
  return { ...result, ai: explanation };
}
