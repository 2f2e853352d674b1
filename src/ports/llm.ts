// The optional language-model provider (docs/ai.md): one chat completion, text in, text out. Adapters
// speak a concrete protocol (OpenAI-compatible chat completions); use cases never see HTTP.

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface CompleteOptions {
  /** Abort after this many milliseconds (the adapter enforces it). */
  readonly timeoutMs?: number;
  /** Caller-side cancellation. */
  readonly signal?: AbortSignal;
}

export interface Llm {
  /** Model name, part of every cache key. */
  readonly model: string;
  /** The assistant's reply text. Rejects with LlmError. */
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<string>;
}

export const LLM_FAILURES = ['timeout', 'aborted', 'network', 'http', 'protocol'] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

/** Why a completion failed: timed out, cancelled, unreachable, a non-2xx answer, or an answer we cannot read. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
