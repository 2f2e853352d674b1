// Sync mismatches (shape comparison) and spec mismatches of a replayed exchange as Findings: source
// `sync`, the cycle's id, the recorded exchange as `before` and the new one as `after` (so the incident's
// before_sample is what was recorded and its after_sample what the upstream answers now, and GitOps
// writes the after sample as the new fixture).
import type { Finding } from '../findings.js';
import type { ExchangeRequest, ExchangeResponse } from '../traffic/exchange.js';
import type { Mismatch } from '../traffic/mismatch.js';

export interface SyncSample {
  readonly request?: ExchangeRequest;
  readonly response: ExchangeResponse;
}

function fieldOf(m: Mismatch): string | null {
  if (m.location === '/status') return `status:${m.status ?? ''}`;
  if (m.location.startsWith('/headers/')) return `header:${m.location.slice(9)}`;
  if (m.location.startsWith('/query/')) return `param:query:${m.location.slice(7)}`;
  if (m.location.startsWith('/path/')) return `param:path:${m.location.slice(6)}`;
  if (m.specLocation !== null) return `schema:${m.specLocation}`;
  return m.location.startsWith('/body') ? `schema:${m.location}` : null;
}

export function syncFinding(
  m: Mismatch,
  samples: { readonly before: SyncSample; readonly after: SyncSample },
  syncCycleId: string,
): Finding {
  return {
    source: 'sync',
    code: m.type,
    level: null,
    severity: m.severity,
    direction: m.direction,
    method: m.method,
    path: m.path,
    location: m.location,
    message: m.message,
    before: samples.before,
    after: samples.after,
    count: 1,
    field: fieldOf(m),
    syncCycleId,
  };
}
