// OpenAI-compatible chat completions (`POST {baseUrl}/chat/completions`): OpenAI, a local Ollama
// (`http://127.0.0.1:11434/v1`), vLLM, LM Studio, llama.cpp's server... The bearer key is optional (local
// servers need none). Every call has a timeout; every failure is an LlmError with its kind.
import { type ChatMessage, type CompleteOptions, type Llm, LlmError } from '../../ports/llm.js';

export interface OpenAiCompatibleOptions {
  /** Base URL up to the API version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  readonly apiKey?: string;
  /** Default 0: explanations should be repeatable. */
  readonly temperature?: number;
  /** Default timeout when a call gives none. Default 15 s. */
  readonly timeoutMs?: number;
  /** Largest reply accepted (bytes). Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Injected for tests; defaults to the global fetch (undici). */
  readonly fetch?: typeof fetch;
}

export function openAiCompatibleLlm(options: OpenAiCompatibleOptions): Llm {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  return {
    model: options.model,
    async complete(messages: readonly ChatMessage[], call: CompleteOptions = {}): Promise<string> {
      const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? 15_000;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
      };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      let res: Response;
      let text: string;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            model: options.model,
            messages,
            temperature: options.temperature ?? 0,
            stream: false,
          }),
          signal,
        });
        text = await readLimited(res, maxBytes);
      } catch (e) {
        if (e instanceof LlmError) throw e;
        if (timeout.aborted) throw new LlmError('timeout', `no answer from ${url} within ${timeoutMs} ms`);
        if (call.signal?.aborted) throw new LlmError('aborted', 'cancelled by the caller');
        throw new LlmError('network', `cannot reach ${url}: ${describeCause(e)}`);
      }
      if (!res.ok) {
        throw new LlmError('http', `${url} answered ${res.status}: ${snippet(text)}`, res.status);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new LlmError('protocol', `${url} answered with something that is not JSON: ${snippet(text)}`);
      }
      const content = (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message
        ?.content;
      if (typeof content !== 'string') {
        throw new LlmError('protocol', `${url} answered without choices[0].message.content`);
      }
      return content;
    },
  };
}

async function readLimited(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel();
    throw new LlmError('protocol', `reply of ${declared} bytes is over the ${max}-byte limit`);
  }
  const text = await res.text();
  if (text.length > max) throw new LlmError('protocol', `reply is over the ${max}-byte limit`);
  return text;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 197)}...` : t;
}

function describeCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}
