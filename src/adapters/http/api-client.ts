// A small client for driftgate's own REST API (used by `driftgate incidents`). Problems become
// DriftgateErrors carrying the server's detail, so the CLI prints them the one usual way.
import { DriftgateError } from '../../core/errors.js';

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly token?: string | undefined;
  readonly fetch?: typeof fetch;
}

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function apiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers: {
            accept: 'application/json',
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
        throw new DriftgateError(
          'io.read_failed',
          `cannot reach the driftgate server at ${base} (${cause})`,
          {
            file: base,
          },
        );
      }
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = null;
      }
      if (!res.ok) {
        const p = (json ?? {}) as { detail?: string; code?: string };
        const code =
          res.status === 404
            ? 'store.not_found'
            : res.status === 401
              ? 'auth.unauthorized'
              : res.status === 403
                ? 'auth.forbidden'
                : res.status === 409
                  ? 'incident.illegal_transition'
                  : 'request.invalid';
        throw new DriftgateError(
          code,
          `${method} ${path} answered ${res.status}: ${p.detail ?? text.slice(0, 200)}`,
        );
      }
      return json as T;
    },
  };
}
