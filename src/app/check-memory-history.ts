// An in-memory DriftHistory: the stateless CLI run starts from an empty one; tests fill it.
import { LEVEL_RANK } from '../core/findings.js';
import type { DriftHistory, HistoricChange, HistoryRecord } from '../ports/drift-history.js';

interface Snapshot {
  readonly at: string;
  readonly fields: number;
}

export interface MemoryDriftHistory extends DriftHistory {
  /** Everything recorded, per `scope|operation` key (for tests). */
  readonly entries: ReadonlyMap<string, ReadonlyMap<string, HistoricChange>>;
}

export function createMemoryDriftHistory(seed: readonly HistoryRecord[] = []): MemoryDriftHistory {
  const changes = new Map<string, Map<string, HistoricChange>>();
  const snapshots = new Map<string, Snapshot[]>();
  const keyOf = (scope: string, operation: string | null) => `${scope}|${operation ?? ''}`;
  const iso = (t: string) => new Date(t).toISOString();

  const history: MemoryDriftHistory = {
    entries: changes,
    async changes(q) {
      const wanted = new Set(q.fingerprints);
      const since = iso(q.since);
      return [...(changes.get(keyOf(q.scope, q.operation))?.values() ?? [])].filter(
        (c) => iso(c.first_seen) >= since || wanted.has(c.fingerprint),
      );
    },
    async fieldBaseline(q) {
      const list = snapshots.get(keyOf(q.scope, q.operation)) ?? [];
      const at = iso(q.at);
      const before = list.filter((s) => s.at <= at).at(-1);
      return (before ?? list.find((s) => s.at > at))?.fields ?? null;
    },
    async record(entry) {
      const key = keyOf(entry.scope, entry.operation);
      const byFp = changes.get(key) ?? new Map<string, HistoricChange>();
      changes.set(key, byFp);
      for (const c of entry.changes) {
        const prev = byFp.get(c.fingerprint);
        if (!prev) byFp.set(c.fingerprint, { ...c, first_seen: iso(c.first_seen) });
        else
          byFp.set(c.fingerprint, {
            fingerprint: c.fingerprint,
            level: LEVEL_RANK[c.level] > LEVEL_RANK[prev.level] ? c.level : prev.level,
            field: prev.field ?? c.field,
            first_seen: [iso(c.first_seen), prev.first_seen].sort()[0] as string,
          });
      }
      if (entry.fields !== null) {
        const list = snapshots.get(key) ?? [];
        if (!list.some((s) => s.at === iso(entry.at))) list.push({ at: iso(entry.at), fields: entry.fields });
        list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        snapshots.set(key, list);
      }
    },
  };
  for (const r of seed) void history.record(r);
  return history;
}
