// The HTTP notifier: one POST per call through undici, bounded by a per-request timeout covering
// connect, headers and body, never throwing for HTTP/network failures (they are outcomes to log and
// retry). With `allowPrivateTargets: false` the SSRF guard refuses internal targets before and while
// connecting.
import { Agent, request } from 'undici';
import type { Notifier, OutboundRequest, OutboundResponse } from '../../ports/notifier.js';
import { guardedLookup, urlProblem } from './target-guard.js';

export interface HttpNotifierOptions {
  readonly allowPrivateTargets: boolean;
  /** Response bytes kept (Jira's created-issue JSON is small). */
  readonly maxResponseBytes?: number;
  readonly userAgent?: string;
}

function describeError(e: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `timeout after ${timeoutMs}ms`;
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const code = (e as { code?: string }).code;
  const inner = cause instanceof Error ? `: ${cause.message}` : '';
  return `${code ? `${code} ` : ''}${e.message}${inner}`;
}

export function createHttpNotifier(options: HttpNotifierOptions): Notifier {
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    connections: 32,
    ...(options.allowPrivateTargets ? {} : { connect: { lookup: guardedLookup } }),
  });

  return {
    async send(req: OutboundRequest): Promise<OutboundResponse> {
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
      const refused = urlProblem(req.url, options.allowPrivateTargets);
      if (refused !== null) {
        return {
          status: null,
          retryAfter: null,
          body: '',
          durationMs: elapsed(),
          error: `target refused: ${refused}`,
          refused: true,
        };
      }
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, req.timeoutMs);
      try {
        const res = await request(req.url, {
          method: 'POST',
          headers: { 'user-agent': options.userAgent ?? 'driftgate-webhooks', ...req.headers },
          body: req.body,
          dispatcher,
          signal: controller.signal,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
        let body = '';
        let size = 0;
        for await (const chunk of res.body) {
          if (size < maxBytes) body += (chunk as Buffer).toString('utf8');
          size += (chunk as Buffer).length;
        }
        const ra = res.headers['retry-after'];
        return {
          status: res.statusCode,
          retryAfter: Array.isArray(ra) ? (ra[0] ?? null) : (ra ?? null),
          body: body.slice(0, maxBytes),
          durationMs: elapsed(),
          error: res.statusCode >= 200 && res.statusCode < 300 ? null : `HTTP ${res.statusCode}`,
          refused: false,
        };
      } catch (e) {
        const guard =
          e instanceof Error &&
          (e.name === 'TargetRefusedError' || (e.cause as Error | undefined)?.name === 'TargetRefusedError');
        const message = describeError(e, req.timeoutMs, timedOut);
        return {
          status: null,
          retryAfter: null,
          body: '',
          durationMs: elapsed(),
          error: guard ? `target refused: ${message}` : message,
          refused: guard,
        };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => dispatcher.close(),
  };
}
