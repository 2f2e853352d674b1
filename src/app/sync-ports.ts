// What a sync cycle and the recording proxy need from the outside, as interfaces the adapters implement:
// the fixture directory (src/adapters/fixtures) and an HTTP client for the upstream (src/adapters/proxy).
import type { FixtureFile } from '../core/gitops/fixtures.js';
import type { ExchangeRequest, ExchangeResponse } from '../core/traffic/exchange.js';

export interface StoredFixture {
  /** POSIX path relative to the fixtures directory (`get/api__users__{id}/200.json`). */
  readonly path: string;
  /** Upper-case method and the path template the directory names. */
  readonly method: string;
  readonly template: string;
  readonly status: number;
  readonly shapeHash: string | null;
  readonly file: FixtureFile;
}

export interface FixtureProblem {
  readonly path: string;
  readonly message: string;
}

export interface FixtureStore {
  /** Where the fixtures live (for messages). */
  readonly root: string;
  /** Every fixture, sorted by path; unreadable files are problems, not errors. */
  list(): Promise<{ fixtures: StoredFixture[]; problems: FixtureProblem[] }>;
  /** Writes `text` to the relative path atomically (temp file + rename), creating directories. */
  write(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
}

/** Sends one request to the upstream; rejects on a network error or timeout (HTTP errors are responses). */
export interface Replayer {
  send(request: ExchangeRequest): Promise<ExchangeResponse>;
}
