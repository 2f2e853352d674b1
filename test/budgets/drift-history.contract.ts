// The DriftHistory port's contract suite (STYLE.md "One contract suite per port"): every implementation
// (in-memory, SQLite, PostgreSQL) must pass exactly these cases.
import { describe, expect, it } from 'vitest';
import type { DriftHistory, HistoricChange } from '../../src/ports/drift-history.js';

export interface HistoryHandle {
  readonly history: DriftHistory;
  close(): Promise<void>;
}

const OP = 'POST /api/users';
const ch = (
  fingerprint: string,
  first_seen: string,
  level: HistoricChange['level'] = 'non_breaking',
  field: string | null = `f-${fingerprint}`,
): HistoricChange => ({
  fingerprint,
  level,
  field,
  first_seen,
});
const sortFp = (rows: readonly HistoricChange[]) =>
  [...rows]
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1))
    .map((r) => ({ ...r, first_seen: new Date(r.first_seen).toISOString() }));

export function describeDriftHistoryContract(name: string, open: () => Promise<HistoryHandle>): void {
  describe(`DriftHistory contract: ${name}`, () => {
    async function withHistory(fn: (h: DriftHistory) => Promise<void>): Promise<void> {
      const handle = await open();
      try {
        await fn(handle.history);
      } finally {
        await handle.close();
      }
    }

    it('returns changes first seen since the window start, per scope and operation', () =>
      withHistory(async (h) => {
        await h.record({
          scope: 'w/s',
          operation: OP,
          at: '2026-03-01T00:00:00.000Z',
          fields: null,
          changes: [ch('a', '2026-03-01T00:00:00.000Z')],
        });
        await h.record({
          scope: 'w/s',
          operation: OP,
          at: '2026-01-01T00:00:00.000Z',
          fields: null,
          changes: [ch('old', '2026-01-01T00:00:00.000Z')],
        });
        await h.record({
          scope: 'w/s',
          operation: 'GET /api/users',
          at: '2026-03-01T00:00:00.000Z',
          fields: null,
          changes: [ch('other-op', '2026-03-01T00:00:00.000Z')],
        });
        await h.record({
          scope: 'w/t',
          operation: OP,
          at: '2026-03-01T00:00:00.000Z',
          fields: null,
          changes: [ch('other-scope', '2026-03-01T00:00:00.000Z')],
        });
        const rows = await h.changes({
          scope: 'w/s',
          operation: OP,
          since: '2026-02-01T00:00:00.000Z',
          fingerprints: [],
        });
        expect(sortFp(rows)).toEqual([ch('a', '2026-03-01T00:00:00.000Z')]);
      }));

    it('also returns the earlier first sighting of the asked fingerprints', () =>
      withHistory(async (h) => {
        await h.record({
          scope: 'w',
          operation: OP,
          at: '2026-01-01T00:00:00.000Z',
          fields: null,
          changes: [ch('old', '2026-01-01T00:00:00.000Z'), ch('older', '2025-12-01T00:00:00.000Z')],
        });
        const rows = await h.changes({
          scope: 'w',
          operation: OP,
          since: '2026-02-01T00:00:00.000Z',
          fingerprints: ['old', 'unknown'],
        });
        expect(sortFp(rows)).toEqual([ch('old', '2026-01-01T00:00:00.000Z')]);
      }));

    it('record upserts by fingerprint: the earliest first_seen and the highest level win; repeats are idempotent', () =>
      withHistory(async (h) => {
        const rec = (c: HistoricChange) =>
          h.record({ scope: 'w', operation: OP, at: c.first_seen, fields: null, changes: [c] });
        await rec(ch('x', '2026-03-05T00:00:00.000Z', 'non_breaking'));
        await rec(ch('x', '2026-03-03T00:00:00.000Z', 'breaking'));
        await rec(ch('x', '2026-03-09T00:00:00.000Z', 'potentially_breaking'));
        await rec(ch('x', '2026-03-09T00:00:00.000Z', 'potentially_breaking'));
        const rows = await h.changes({
          scope: 'w',
          operation: OP,
          since: '2026-03-01T00:00:00.000Z',
          fingerprints: [],
        });
        expect(sortFp(rows)).toEqual([ch('x', '2026-03-03T00:00:00.000Z', 'breaking')]);
      }));

    it('document-level drift (operation null) is its own key', () =>
      withHistory(async (h) => {
        await h.record({
          scope: 'w',
          operation: null,
          at: '2026-03-01T00:00:00.000Z',
          fields: 3,
          changes: [ch('doc', '2026-03-01T00:00:00.000Z', 'non_breaking', null)],
        });
        expect(
          sortFp(
            await h.changes({
              scope: 'w',
              operation: null,
              since: '2026-02-01T00:00:00.000Z',
              fingerprints: [],
            }),
          ),
        ).toEqual([ch('doc', '2026-03-01T00:00:00.000Z', 'non_breaking', null)]);
        expect(
          await h.changes({ scope: 'w', operation: OP, since: '2026-02-01T00:00:00.000Z', fingerprints: [] }),
        ).toEqual([]);
        expect(await h.fieldBaseline({ scope: 'w', operation: null, at: '2026-03-02T00:00:00.000Z' })).toBe(
          3,
        );
      }));

    it('field baseline: latest snapshot at or before, else the earliest after, else null', () =>
      withHistory(async (h) => {
        const snap = (at: string, fields: number) =>
          h.record({ scope: 'w', operation: OP, at, fields, changes: [] });
        expect(
          await h.fieldBaseline({ scope: 'w', operation: OP, at: '2026-03-01T00:00:00.000Z' }),
        ).toBeNull();
        await snap('2026-02-10T00:00:00.000Z', 12);
        await snap('2026-02-20T00:00:00.000Z', 14);
        await snap('2026-03-10T00:00:00.000Z', 20);
        expect(await h.fieldBaseline({ scope: 'w', operation: OP, at: '2026-03-01T00:00:00.000Z' })).toBe(14);
        expect(await h.fieldBaseline({ scope: 'w', operation: OP, at: '2026-02-20T00:00:00.000Z' })).toBe(14);
        expect(await h.fieldBaseline({ scope: 'w', operation: OP, at: '2026-01-01T00:00:00.000Z' })).toBe(12);
        expect(
          await h.fieldBaseline({ scope: 'other', operation: OP, at: '2026-03-01T00:00:00.000Z' }),
        ).toBeNull();
      }));
  });
}
