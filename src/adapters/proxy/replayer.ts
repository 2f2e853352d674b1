// The sync cycle's HTTP client: sends a recorded request to the upstream (path and query appended to the
// upstream base URL, the recorded body re-serialised) with a per-request timeout, over a keep-alive pool.
import { Agent, request as undiciRequest } from 'undici';
import type { Replayer } from '../../app/sync-ports.js';
import type { ExchangeRequest, ExchangeResponse } from '../../core/traffic/exchange.js';
import { bodyFields, flatHeaders } from './http-body.js';

export interface HttpReplayerOptions {
  readonly upstream: string;
  readonly timeoutMs: number;
  readonly connections?: number;
}

function pathOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export function httpReplayer(options: HttpReplayerOptions): Replayer & { close(): Promise<void> } {
  const base = options.upstream.replace(/\/+$/, '');
  const dispatcher = new Agent({ connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
  return {
    async send(req: ExchangeRequest): Promise<ExchangeResponse> {
      const headers: Record<string, string> = { ...req.headers };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
          headers['content-type'] = 'application/json';
      } else if (req.bodyText !== undefined) body = req.bodyText;
      const signal = AbortSignal.timeout(options.timeoutMs);
      let res: Awaited<ReturnType<typeof undiciRequest>>;
      try {
        res = await undiciRequest(`${base}${pathOf(req.url)}`, {
          method: req.method.toUpperCase() as 'GET',
          headers,
          ...(body !== undefined ? { body } : {}),
          signal,
          dispatcher,
        });
      } catch (e) {
        if (signal.aborted) throw new Error(`timed out after ${options.timeoutMs} ms`);
        throw new Error((e as Error).message || String(e));
      }
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const h = flatHeaders(res.headers);
      return { status: res.statusCode, headers: h, ...bodyFields(bytes, h['content-type']) };
    },
    close: () => dispatcher.close(),
  };
}
