// The notifier port: one HTTP POST to a webhook target with a per-request timeout, answering with what
// happened (never throwing for HTTP or network failures). The adapter enforces the SSRF guard.
// Notifiers never format: the body is rendered and signed before it gets here.

export interface OutboundRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface OutboundResponse {
  /** HTTP status, or null when no response arrived (timeout, refused, DNS, guard). */
  readonly status: number | null;
  /** Raw `Retry-After` header, when the receiver sent one. */
  readonly retryAfter: string | null;
  /** Response body text (bounded); Jira's 201 carries the created issue here. */
  readonly body: string;
  readonly durationMs: number;
  /** Why no (successful) response: `timeout after 5000ms`, `connect ECONNREFUSED`, `target refused: ...`. */
  readonly error: string | null;
  /** The SSRF guard refused the target: retrying cannot help. */
  readonly refused: boolean;
}

export interface Notifier {
  send(request: OutboundRequest): Promise<OutboundResponse>;
  close(): Promise<void>;
}
