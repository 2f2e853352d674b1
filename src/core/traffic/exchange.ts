// One recorded HTTP exchange, the unit of traffic (INTERFACES.md "Exchange JSONL"; HAR entries map onto it).

export interface ExchangeRequest {
  readonly method: string;
  /** Absolute URL or a path with query (`/v1/users?x=1`). */
  readonly url: string;
  /** Header names as recorded; compare case-insensitively. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, when there is one. */
  readonly body?: unknown;
  /** Raw body text for non-JSON bodies. */
  readonly bodyText?: string;
}

export interface ExchangeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly bodyText?: string;
}

export interface Exchange {
  /** Given id, or one derived from the input position (`file:line`). */
  readonly id: string;
  /** ISO timestamp, when recorded. */
  readonly timestamp?: string;
  readonly request: ExchangeRequest;
  /** Absent: only the request is validated. */
  readonly response?: ExchangeResponse;
}
