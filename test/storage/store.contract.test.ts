// The storage contract: one suite, run unchanged against SQLite and PostgreSQL (STYLE.md practice 5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDriftgateError } from '../../src/core/errors.js';
import type { Store } from '../../src/ports/store.js';
import { at, DAY, HOUR, MIN, occurrence } from './fixtures.js';
import { type StoreLocation, TARGETS } from './targets.js';

for (const target of TARGETS) {
  describe.skipIf(target.skipReason !== null)(`store contract: ${target.name}`, () => {
    let loc: StoreLocation;
    let store: Store;
    beforeAll(async () => {
      loc = await target.fresh();
      // Two opens at once: migrations must be safe when two instances start together.
      const [a, b] = await Promise.all([loc.open(), loc.open()]);
      await b.close();
      store = a;
    });
    afterAll(async () => {
      await store?.close();
      await loc?.cleanup();
    });

    it('applies every migration exactly once, also when reopened', async () => {
      const again = await loc.open();
      await again.close();
      const s2 = await loc.open();
      await s2.close();
      // A repeat open would fail on "table exists" if a migration ran twice.
      expect(store.dialect).toBe(target.name);
    });

    describe('incidents', () => {
      it('dedups by fingerprint: a repeat updates occurrences, last_seen, samples, escalates and adds a timeline event', async () => {
        const first = await store.incidents.recordOccurrence(occurrence({ fingerprint: 'dedup' }));
        expect(first.created).toBe(true);
        expect(first.incident).toMatchObject({
          status: 'open',
          occurrences: 1,
          first_seen: at(0),
          last_seen: at(0),
          method: 'POST',
          regression_of: null,
        });
        const second = await store.incidents.recordOccurrence(
          occurrence({
            fingerprint: 'dedup',
            at: at(5 * MIN),
            occurrences: 3,
            severity: 'critical',
            incident_type: 'breaking_change',
            before_sample: { type: 'integer' },
            after_sample: { type: 'string' },
            details: { second: true },
          }),
        );
        expect(second.created).toBe(false);
        expect(second.escalated).toBe(true);
        expect(second.incident).toMatchObject({
          id: first.incident.id,
          occurrences: 4,
          first_seen: at(0),
          last_seen: at(5 * MIN),
          severity: 'critical',
          incident_type: 'breaking_change',
          before_sample: { type: 'integer' },
          after_sample: { type: 'string' },
          details: { note: 'first', second: true },
        });
        const lower = await store.incidents.recordOccurrence(
          occurrence({ fingerprint: 'dedup', at: at(6 * MIN), severity: 'low' }),
        );
        expect(lower.escalated).toBe(false);
        expect(lower.incident.severity).toBe('critical');
        const full = await store.incidents.get(first.incident.id);
        expect(full?.timeline.map((e) => e.kind)).toEqual([
          'created',
          'occurrence',
          'escalated',
          'occurrence',
        ]);
        expect(full?.timeline[1]?.data).toEqual({ occurrences: 3, total: 4 });
      });

      it('creates exactly one incident when many writers race in-process', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.incidents.recordOccurrence(occurrence({ fingerprint: 'race-local', at: at(i * 1000) })),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const page = await store.incidents.list({ endpoint: '/api/users' }, { limit: 1000 });
        const live = page.items.filter((i) => i.fingerprint === 'race-local');
        expect(live).toHaveLength(1);
        expect(live[0]?.occurrences).toBe(20);
      });

      it('validates transitions: ack -> unack -> ack -> resolve; terminal states refuse everything', async () => {
        const { incident } = await store.incidents.recordOccurrence(occurrence({ fingerprint: 'life' }));
        const acked = await store.incidents.transition(incident.id, 'acknowledged', at(HOUR), 'alice');
        expect(acked).toMatchObject({ status: 'acknowledged', acknowledged_at: at(HOUR) });
        await expect(
          store.incidents.transition(incident.id, 'acknowledged', at(HOUR), 'alice'),
        ).rejects.toSatisfy((e) => isDriftgateError(e) && e.code === 'incident.illegal_transition');
        const reopened = await store.incidents.transition(
          incident.id,
          'open',
          at(2 * HOUR),
          'alice',
          'too early',
        );
        expect(reopened).toMatchObject({ status: 'open', acknowledged_at: null });
        await store.incidents.transition(incident.id, 'acknowledged', at(3 * HOUR), 'bob');
        const resolved = await store.incidents.transition(incident.id, 'resolved', at(4 * HOUR), 'bob');
        expect(resolved).toMatchObject({
          status: 'resolved',
          resolved_at: at(4 * HOUR),
          acknowledged_at: at(3 * HOUR),
        });
        for (const to of ['open', 'acknowledged', 'resolved', 'closed'] as const) {
          await expect(store.incidents.transition(incident.id, to, at(5 * HOUR), 'bob')).rejects.toSatisfy(
            (e) => isDriftgateError(e) && e.code === 'incident.illegal_transition',
          );
        }
        const full = await store.incidents.get(incident.id);
        expect(full?.timeline.map((e) => [e.kind, e.actor])).toEqual([
          ['created', 'system'],
          ['acknowledged', 'alice'],
          ['reopened', 'alice'],
          ['acknowledged', 'bob'],
          ['resolved', 'bob'],
        ]);
        expect(full?.timeline[2]?.data).toEqual({ from: 'acknowledged', to: 'open', note: 'too early' });
        await expect(store.incidents.transition('no-such-id', 'resolved', at(0), 'x')).rejects.toSatisfy(
          (e) => isDriftgateError(e) && e.code === 'store.not_found',
        );
      });

      it('opens a linked regression when drift recurs after resolve', async () => {
        const a = await store.incidents.recordOccurrence(occurrence({ fingerprint: 'regress' }));
        await store.incidents.transition(a.incident.id, 'resolved', at(HOUR), 'alice');
        const b = await store.incidents.recordOccurrence(
          occurrence({ fingerprint: 'regress', at: at(2 * HOUR) }),
        );
        expect(b.created).toBe(true);
        expect(b.incident.regression_of).toBe(a.incident.id);
        await store.incidents.transition(b.incident.id, 'closed', at(3 * HOUR), 'alice');
        const c = await store.incidents.recordOccurrence(
          occurrence({ fingerprint: 'regress', at: at(4 * HOUR) }),
        );
        expect(c.incident.regression_of).toBe(b.incident.id);
        const full = await store.incidents.get(c.incident.id);
        expect(full?.timeline.map((e) => [e.kind, e.data])).toEqual([
          ['created', { incident_type: 'threshold_exceeded', severity: 'medium', occurrences: 1 }],
          ['regression', { regression_of: b.incident.id }],
        ]);
      });

      it('updates ticket and PR links with timeline events', async () => {
        const { incident } = await store.incidents.recordOccurrence(occurrence({ fingerprint: 'links' }));
        await store.incidents.update(
          incident.id,
          { external_ticket_id: 'PROJ-1', external_ticket_url: 'https://jira/PROJ-1' },
          at(MIN),
          'jira',
        );
        const withPr = await store.incidents.update(
          incident.id,
          { pr_url: 'https://git/pr/1' },
          at(2 * MIN),
          'gitops',
        );
        expect(withPr).toMatchObject({
          external_ticket_id: 'PROJ-1',
          external_ticket_url: 'https://jira/PROJ-1',
          pr_url: 'https://git/pr/1',
          updated_at: at(2 * MIN),
        });
        const full = await store.incidents.get(incident.id);
        expect(full?.timeline.map((e) => e.kind)).toEqual(['created', 'ticket_linked', 'pr_linked']);
      });
    });

    describe('incident list and stats', () => {
      // 30 incidents in their own workspace, created one hour apart, with cycling attributes.
      const WS = 'list-ws';
      const statuses = ['open', 'acknowledged', 'resolved'] as const;
      const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
      const ids: string[] = [];
      beforeAll(async () => {
        for (let i = 0; i < 30; i++) {
          const { incident } = await store.incidents.recordOccurrence(
            occurrence({
              fingerprint: `list-${i}`,
              workspace_id: i % 10 === 9 ? 'other-ws' : WS,
              endpoint: i % 2 === 0 ? '/a' : '/b',
              method: i % 3 === 0 ? 'get' : 'POST',
              severity: severities[i % 5]!,
              incident_type: i % 4 === 0 ? 'breaking_change' : 'threshold_exceeded',
              at: at(10 * DAY + i * HOUR),
            }),
          );
          ids.push(incident.id);
          const status = statuses[i % 3];
          if (status !== 'open') {
            await store.incidents.transition(
              incident.id,
              'acknowledged',
              at(10 * DAY + i * HOUR + 10 * MIN),
              'a',
            );
          }
          if (status === 'resolved') {
            await store.incidents.transition(
              incident.id,
              'resolved',
              at(10 * DAY + i * HOUR + 30 * MIN),
              'a',
            );
          }
        }
      });
      const expected = (pred: (i: number) => boolean) =>
        Array.from({ length: 30 }, (_, i) => i)
          .filter(pred)
          .reverse()
          .map((i) => ids[i]);
      const inScope = (i: number) => i % 10 !== 9;
      const scoped = { since: at(10 * DAY), until: at(11 * DAY + 6 * HOUR) };

      it.each([
        ['status', { status: ['acknowledged' as const] }, (i: number) => i % 3 === 1],
        ['status (two)', { status: ['open' as const, 'resolved' as const] }, (i: number) => i % 3 !== 1],
        ['severity', { severity: ['critical' as const] }, (i: number) => i % 5 === 0],
        ['incident_type', { incident_type: ['breaking_change' as const] }, (i: number) => i % 4 === 0],
        ['endpoint', { endpoint: '/b' }, (i: number) => i % 2 === 1],
        ['method (case-insensitive)', { method: 'GET' }, (i: number) => i % 3 === 0],
        ['workspace_id', { workspace_id: 'other-ws' }, (i: number) => i % 10 === 9],
        [
          'since/until',
          { since: at(10 * DAY + 5 * HOUR), until: at(10 * DAY + 8 * HOUR) },
          (i: number) => i >= 5 && i < 8,
        ],
        [
          'combined',
          { workspace_id: WS, endpoint: '/a', status: ['open' as const] },
          (i: number) => inScope(i) && i % 2 === 0 && i % 3 === 0,
        ],
      ])('filters by %s with an exact total', async (_name, filter, pred) => {
        const page = await store.incidents.list({ ...scoped, ...filter }, { limit: 100 });
        const want = expected(pred);
        expect(page.items.map((i) => i.id)).toEqual(want);
        expect(page.total).toBe(want.length);
        expect(page.next_cursor).toBeNull();
      });

      it('pages with an opaque keyset cursor, newest first, total on every page', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        const sizes: number[] = [];
        do {
          const page = await store.incidents.list(
            { ...scoped, workspace_id: WS },
            cursor === undefined ? { limit: 10 } : { limit: 10, cursor },
          );
          expect(page.total).toBe(27);
          sizes.push(page.items.length);
          seen.push(...page.items.map((i) => i.id));
          cursor = page.next_cursor ?? undefined;
        } while (cursor !== undefined);
        expect(sizes).toEqual([10, 10, 7]);
        expect(seen).toEqual(expected(inScope));
        await expect(store.incidents.list({}, { limit: 10, cursor: 'garbage' })).rejects.toSatisfy(
          (e) => isDriftgateError(e) && e.code === 'request.invalid',
        );
        await expect(store.incidents.list({ since: 'yesterday' }, { limit: 10 })).rejects.toThrow(
          'since must be an ISO-8601 time, got "yesterday"',
        );
        await expect(store.metrics.series({ bucket: 'day', since: at(0), until: 'soon' })).rejects.toSatisfy(
          (e) => isDriftgateError(e) && e.code === 'request.invalid' && e.location.pointer === 'until',
        );
        await expect(store.incidents.list({}, { limit: 0 })).rejects.toSatisfy(
          (e) => isDriftgateError(e) && e.code === 'request.invalid',
        );
      });

      it('has no silent cap: a limit above 100 returns everything', async () => {
        const page = await store.incidents.list(scoped, { limit: 1000 });
        expect(page.items).toHaveLength(30);
        expect(page.total).toBe(30);
      });

      it('computes stats by status, severity, type, endpoint, workspace and mean times', async () => {
        const stats = await store.incidents.stats(scoped);
        expect(stats).toEqual({
          total: 30,
          by_status: { open: 10, acknowledged: 10, resolved: 10 },
          by_severity: { critical: 6, high: 6, medium: 6, low: 6, info: 6 },
          by_type: { breaking_change: 8, threshold_exceeded: 22 },
          by_endpoint: [
            { method: 'POST', endpoint: '/a', count: 10 },
            { method: 'POST', endpoint: '/b', count: 10 },
            { method: 'GET', endpoint: '/a', count: 5 },
            { method: 'GET', endpoint: '/b', count: 5 },
          ],
          by_workspace: [
            { workspace_id: WS, count: 27 },
            { workspace_id: 'other-ws', count: 3 },
          ],
          mean_time_to_acknowledge_ms: 10 * MIN,
          mean_time_to_resolve_ms: 30 * MIN,
        });
      });
    });

    describe('drift events, history and metrics', () => {
      const ev = (fp: string, over: Record<string, unknown> = {}) => ({
        workspace_id: 'mw',
        service: 'svc',
        scope: 'mw/svc',
        fingerprint: fp,
        source: 'traffic' as const,
        level: 'non_breaking' as const,
        severity: 'low' as const,
        code: 'unexpected_field',
        direction: 'response' as const,
        field: `schema:#/x/${fp}`,
        method: 'get',
        path: '/items',
        location: `/body/${fp}`,
        seen_at: at(40 * DAY),
        count: 1,
        ...over,
      });

      it('upserts one row per fingerprint per scope and keeps the highest level and earliest first_seen', async () => {
        const r1 = await store.driftEvents.record([
          ev('a'),
          ev('b'),
          ev('a', { count: 4, seen_at: at(40 * DAY + HOUR) }),
        ]);
        expect(r1).toEqual({ inserted: 2, updated: 0 });
        const r2 = await store.driftEvents.record([
          ev('a', { level: 'breaking', severity: 'high', seen_at: at(41 * DAY) }),
          ev('c', { seen_at: at(41 * DAY + 2 * HOUR) }),
        ]);
        expect(r2).toEqual({ inserted: 1, updated: 1 });
        await store.driftEvents.record([ev('a', { level: 'non_breaking', seen_at: at(41 * DAY + HOUR) })]);
        const rows = await store.driftEvents.list({ workspace_id: 'mw' });
        expect(rows.map((r) => [r.fingerprint, r.level, r.count, r.first_seen, r.last_seen])).toEqual([
          ['a', 'breaking', 7, at(40 * DAY), at(41 * DAY + HOUR)],
          ['b', 'non_breaking', 1, at(40 * DAY), at(40 * DAY)],
          ['c', 'non_breaking', 1, at(41 * DAY + 2 * HOUR), at(41 * DAY + 2 * HOUR)],
        ]);
      });

      it('counts a row DriftHistory created as new drift once, takes the newest descriptive columns, and rolls back with the caller', async () => {
        const hw = (fp: string, over: Record<string, unknown> = {}) =>
          ev(fp, { workspace_id: 'hw', scope: 'hw/svc', ...over });
        await store.history.record({
          scope: 'hw/svc',
          operation: 'GET /items',
          at: at(50 * DAY),
          changes: [{ fingerprint: 'h1', level: 'breaking', field: null, first_seen: at(50 * DAY) }],
          fields: null,
        });
        expect(
          await store.driftEvents.record([
            hw('h1', { count: 2, code: 'c1', severity: 'low', seen_at: at(51 * DAY) }),
            hw('h2', {
              seen_at: at(51 * DAY + HOUR),
              // Nulls and characters that need quoting in an array literal survive both write paths.
              direction: null,
              field: null,
              method: null,
              path: null,
              location: '/body/"a,b"/{c}/\\d/NULL/é',
            }),
            hw('h1', { code: 'later-in-batch', seen_at: at(51 * DAY + 2 * HOUR) }),
          ]),
        ).toEqual({ inserted: 2, updated: 0 });
        expect(
          await store.driftEvents.record([
            hw('h1', {
              count: 3,
              code: 'c2',
              severity: 'high',
              level: 'potentially_breaking',
              seen_at: at(52 * DAY),
            }),
          ]),
        ).toEqual({ inserted: 0, updated: 1 });
        await expect(
          store.transaction(async (tx) => {
            await tx.driftEvents.record([
              hw('h3', { seen_at: at(52 * DAY) }),
              hw('h1', { seen_at: at(53 * DAY) }),
            ]);
            throw new Error('caller fails after recording');
          }),
        ).rejects.toThrow('caller fails after recording');
        const rows = await store.driftEvents.list({ workspace_id: 'hw' });
        expect(
          rows.map((r) => [r.fingerprint, r.level, r.severity, r.code, r.count, r.first_seen, r.last_seen]),
        ).toEqual([
          ['h1', 'breaking', 'high', 'c2', 6, at(50 * DAY), at(52 * DAY)],
          ['h2', 'non_breaking', 'low', 'unexpected_field', 1, at(51 * DAY + HOUR), at(51 * DAY + HOUR)],
        ]);
        expect([
          rows[1]?.direction,
          rows[1]?.field,
          rows[1]?.method,
          rows[1]?.path,
          rows[1]?.location,
        ]).toEqual([null, null, null, null, '/body/"a,b"/{c}/\\d/NULL/é']);
        const series = await store.metrics.series({
          bucket: 'day',
          since: at(50 * DAY),
          until: at(54 * DAY),
          workspace_id: 'hw',
        });
        expect(series.points.map((p) => [p.t, p.drift.non_breaking, p.observations])).toEqual([
          [at(50 * DAY), 0, { breaking: 0, potentially_breaking: 0, non_breaking: 0 }],
          // new: h1 (first observation of the history row), h2; observations: h1 2+1, h2 1
          [at(51 * DAY), 2, { breaking: 0, potentially_breaking: 0, non_breaking: 4 }],
          [at(52 * DAY), 0, { breaking: 0, potentially_breaking: 3, non_breaking: 0 }],
          [at(53 * DAY), 0, { breaking: 0, potentially_breaking: 0, non_breaking: 0 }],
        ]);
      });

      it('takes concurrent overlapping batches in any order without deadlock or lost counts', async () => {
        const keys = Array.from({ length: 200 }, (_, i) => `lock-${i}`);
        const shuffled = (seed: number) =>
          [...keys].sort(
            (a, b) =>
              ((a.length * seed + a.charCodeAt(5) * 31) % 7) -
                ((b.length * seed + b.charCodeAt(5) * 31) % 7) ||
              (seed % 2 ? a.localeCompare(b) : b.localeCompare(a)),
          );
        await Promise.all(
          Array.from({ length: 8 }, (_, s) =>
            store.driftEvents.record(
              shuffled(s).map((k) => ev(k, { workspace_id: 'lock-ws', scope: 'lock-ws/svc' })),
            ),
          ),
        );
        const rows = await store.driftEvents.list({ workspace_id: 'lock-ws' });
        expect(rows).toHaveLength(200);
        expect(rows.every((r) => r.count === 8)).toBe(true);
      });

      it('implements the DriftHistory port over the same rows', async () => {
        const changes = await store.history.changes({
          scope: 'mw/svc',
          operation: 'GET /items',
          since: at(41 * DAY),
          fingerprints: ['a'],
        });
        expect([...changes].sort((x, y) => x.fingerprint.localeCompare(y.fingerprint))).toEqual([
          { fingerprint: 'a', level: 'breaking', field: 'schema:#/x/a', first_seen: at(40 * DAY) },
          {
            fingerprint: 'c',
            level: 'non_breaking',
            field: 'schema:#/x/c',
            first_seen: at(41 * DAY + 2 * HOUR),
          },
        ]);
        const entry = {
          scope: 'mw/svc',
          operation: 'GET /items',
          at: at(42 * DAY),
          changes: [
            {
              fingerprint: 'd',
              level: 'potentially_breaking' as const,
              field: null,
              first_seen: at(42 * DAY),
            },
            { fingerprint: 'a', level: 'non_breaking' as const, field: null, first_seen: at(42 * DAY) },
          ],
          fields: 40,
        };
        await store.history.record(entry);
        await store.history.record(entry); // idempotent
        await store.history.record({ ...entry, at: at(45 * DAY), changes: [], fields: 44 });
        const after = await store.history.changes({
          scope: 'mw/svc',
          operation: 'GET /items',
          since: at(42 * DAY),
          fingerprints: [],
        });
        expect(after).toEqual([
          { fingerprint: 'd', level: 'potentially_breaking', field: null, first_seen: at(42 * DAY) },
        ]);
        const a = (await store.driftEvents.list({ workspace_id: 'mw' })).find((r) => r.fingerprint === 'a');
        expect([a?.level, a?.count, a?.first_seen]).toEqual(['breaking', 7, at(40 * DAY)]);
        const base = (t: number) =>
          store.history.fieldBaseline({ scope: 'mw/svc', operation: 'GET /items', at: at(t) });
        expect(await base(41 * DAY)).toBe(40); // history began inside the window: earliest after
        expect(await base(43 * DAY)).toBe(40);
        expect(await base(46 * DAY)).toBe(44);
        expect(
          await store.history.fieldBaseline({ scope: 'mw/svc', operation: null, at: at(46 * DAY) }),
        ).toBeNull();
      });

      it('serves zero-filled day and hour series of drift, incidents and per-scope consumption', async () => {
        await store.evaluations.record({
          workspace_id: 'mw',
          service: 'svc',
          scope_kind: 'endpoint',
          scope_key: 'GET /items',
          method: 'GET',
          path: '/items',
          budget_id: 'endpoint:GET /items',
          at: at(41 * DAY + 3 * HOUR),
          exceeded: true,
          should_create_incident: true,
          incident_type: 'breaking_change',
          severity: 'high',
          counts: { breaking: 1, potentially_breaking: 0, non_breaking: 2 },
          churn_percent: 7.5,
          consumption_percent: 100,
          result: {},
        });
        const inc = await store.incidents.recordOccurrence(
          occurrence({
            fingerprint: 'metrics-inc',
            workspace_id: 'mw',
            service: 'svc',
            at: at(40 * DAY + 5 * HOUR),
          }),
        );
        await store.incidents.transition(inc.incident.id, 'resolved', at(41 * DAY + 1 * HOUR), 'a');
        const series = await store.metrics.series({
          bucket: 'day',
          since: at(39 * DAY + 12 * HOUR),
          until: at(43 * DAY),
          workspace_id: 'mw',
        });
        expect(series.since).toBe(at(39 * DAY));
        expect(
          series.points.map((p) => [
            p.t,
            p.drift,
            p.observations.non_breaking,
            p.incidents_opened,
            p.incidents_resolved,
          ]),
        ).toEqual([
          [at(39 * DAY), { breaking: 0, potentially_breaking: 0, non_breaking: 0 }, 0, 0, 0],
          // new: a, b; observations: a 1+4, b 1
          [at(40 * DAY), { breaking: 0, potentially_breaking: 0, non_breaking: 2 }, 6, 1, 0],
          // new: c; observations: a 1 (as breaking) + a 1, c 1
          [at(41 * DAY), { breaking: 0, potentially_breaking: 0, non_breaking: 1 }, 2, 0, 1],
          [at(42 * DAY), { breaking: 0, potentially_breaking: 0, non_breaking: 0 }, 0, 0, 0],
        ]);
        expect(series.points[2]?.observations.breaking).toBe(1);
        expect(series.scopes).toEqual([
          {
            t: at(41 * DAY),
            scope_kind: 'endpoint',
            scope_key: 'GET /items',
            consumption_percent: 100,
            churn_percent: 7.5,
            evaluations: 1,
          },
        ]);
        const hourly = await store.metrics.series({
          bucket: 'hour',
          since: at(40 * DAY),
          until: at(40 * DAY + 2 * HOUR),
          workspace_id: 'mw',
        });
        expect(hourly.points.map((p) => [p.t, p.drift.non_breaking, p.observations.non_breaking])).toEqual([
          [at(40 * DAY), 2, 1],
          [at(40 * DAY + HOUR), 0, 5],
        ]);
      });
    });

    describe('retention', () => {
      it('removes resolved/closed incidents that ended before the cutoff, with their timeline, under a lease', async () => {
        const mk = async (fp: string, endAt: number | null, to: 'resolved' | 'closed' = 'resolved') => {
          const { incident } = await store.incidents.recordOccurrence(
            occurrence({ fingerprint: fp, workspace_id: 'ret', at: at(100 * DAY) }),
          );
          if (endAt !== null) await store.incidents.transition(incident.id, to, at(endAt), 'a');
          return incident.id;
        };
        const old1 = await mk('ret-old-1', 101 * DAY);
        const old2 = await mk('ret-old-2', 101 * DAY + HOUR, 'closed');
        const recent = await mk('ret-recent', 150 * DAY);
        const open = await mk('ret-open', null);
        const cutoff = Date.parse(at(120 * DAY));
        const ended = await store.incidents.list({ status: ['resolved', 'closed'] }, { limit: 10_000 });
        const expired = ended.items.filter((i) => Date.parse(i.closed_at ?? i.resolved_at ?? '') < cutoff);
        expect(expired.length).toBeGreaterThanOrEqual(2);
        expect(await store.retention.purgeIncidents(at(120 * DAY), 'instance-b', at(200 * DAY))).toBe(
          expired.length,
        );
        expect(await store.incidents.get(old1)).toBeUndefined();
        expect(await store.incidents.get(old2)).toBeUndefined();
        expect((await store.incidents.get(recent))?.status).toBe('resolved');
        expect((await store.incidents.get(open))?.status).toBe('open');
        expect(await store.retention.purgeIncidents(at(120 * DAY), 'instance-a', at(200 * DAY))).toBe(0);
      });
    });

    describe('outbox', () => {
      it('enqueues once per (event, target), leases due rows, logs attempts, retries and dead-letters', async () => {
        const n = await store.outbox.enqueue([
          { event_id: 'e1', event_type: 'incident.created', payload: { a: 1 }, target: 'hook-a', at: at(0) },
          { event_id: 'e1', event_type: 'incident.created', payload: { a: 1 }, target: 'hook-b', at: at(0) },
          { event_id: 'e2', event_type: 'budget.exceeded', payload: { b: 2 }, target: 'hook-a', at: at(MIN) },
        ]);
        expect(n).toBe(3);
        expect(
          await store.outbox.enqueue([
            { event_id: 'e1', event_type: 'incident.created', payload: {}, target: 'hook-a', at: at(0) },
          ]),
        ).toBe(0);
        const claimed = await store.outbox.claimDue({
          workerId: 'w1',
          now: at(2 * MIN),
          leaseMs: MIN,
          limit: 2,
        });
        expect(claimed.map((r) => [r.event_id, r.target, r.locked_by])).toEqual([
          ['e1', 'hook-a', 'w1'],
          ['e1', 'hook-b', 'w1'],
        ]);
        const other = await store.outbox.claimDue({
          workerId: 'w2',
          now: at(2 * MIN),
          leaseMs: 8 * MIN,
          limit: 10,
        });
        expect(other.map((r) => r.event_id)).toEqual(['e2']);
        const [a, b] = claimed;
        await store.outbox.complete(
          { outbox_id: a!.id, attempt: 1, at: at(3 * MIN), status_code: 200, duration_ms: 12.5, error: null },
          { delivered: true },
        );
        await store.outbox.complete(
          {
            outbox_id: b!.id,
            attempt: 1,
            at: at(3 * MIN),
            status_code: 503,
            duration_ms: 40,
            error: 'HTTP 503',
          },
          { delivered: false, nextAttemptAt: at(10 * MIN) },
        );
        expect(
          await store.outbox.claimDue({ workerId: 'w3', now: at(5 * MIN), leaseMs: MIN, limit: 10 }),
        ).toEqual([]);
        const retry = await store.outbox.claimDue({
          workerId: 'w3',
          now: at(10 * MIN),
          leaseMs: MIN,
          limit: 10,
        });
        expect(retry.map((r) => [r.id, r.attempts, r.last_error])).toEqual([
          [other[0]!.id, 0, null], // due since 00:01, its lease ran out at 00:10
          [b!.id, 1, 'HTTP 503'], // due at 00:10
        ]);
        await store.outbox.complete(
          {
            outbox_id: b!.id,
            attempt: 2,
            at: at(11 * MIN),
            status_code: null,
            duration_ms: 5000,
            error: 'timeout',
          },
          { delivered: false, nextAttemptAt: null },
        );
        expect((await store.outbox.list({ status: 'dead' })).map((r) => r.id)).toEqual([b!.id]);
        expect((await store.outbox.list({ status: 'delivered' })).map((r) => [r.id, r.delivered_at])).toEqual(
          [[a!.id, at(3 * MIN)]],
        );
        expect(await store.outbox.attempts(b!.id)).toEqual([
          {
            outbox_id: b!.id,
            attempt: 1,
            at: at(3 * MIN),
            status_code: 503,
            duration_ms: 40,
            error: 'HTTP 503',
          },
          {
            outbox_id: b!.id,
            attempt: 2,
            at: at(11 * MIN),
            status_code: null,
            duration_ms: 5000,
            error: 'timeout',
          },
        ]);
      });
    });

    describe('workspaces, contracts, budgets, sync cycles, pull requests', () => {
      it('stores contract versions content-addressed, chained to the previous version', async () => {
        await store.workspaces.ensure('cw', at(0));
        expect((await store.workspaces.ensure('cw', at(MIN), 'ignored')).created_at).toBe(at(0));
        const v1 = await store.contracts.put({
          workspace_id: 'cw',
          service: 'api',
          version_label: '1.0',
          document: { openapi: '3.1.0', info: { title: 'A', version: '1' }, paths: {} },
          diff: null,
          at: at(0),
        });
        const same = await store.contracts.put({
          workspace_id: 'cw',
          service: 'api',
          version_label: 'again',
          document: { paths: {}, info: { version: '1', title: 'A' }, openapi: '3.1.0' },
          diff: null,
          at: at(MIN),
        });
        expect(same).toEqual({ version: v1.version, created: false });
        expect(v1.version.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        const v2 = await store.contracts.put({
          workspace_id: 'cw',
          service: 'api',
          version_label: '2.0',
          document: { openapi: '3.1.0', info: { title: 'A', version: '2' }, paths: {} },
          diff: {
            summary: { breaking: 0, potentially_breaking: 0, non_breaking: 1 },
            changes: [{ id: 'info-version' }],
          },
          at: at(2 * MIN),
        });
        expect(v2.version).toMatchObject({
          previous_id: v1.version.id,
          diff: { summary: { non_breaking: 1 }, changes: [{ id: 'info-version' }] },
        });
        expect((await store.contracts.latest('cw', 'api'))?.id).toBe(v2.version.id);
        expect((await store.contracts.list('cw')).map((v) => v.version_label)).toEqual(['2.0', '1.0']);
      });

      it('creates budgets and replaces the fields of the same scope, keeping the id', async () => {
        const fields = {
          max_breaking_changes: 0,
          max_potentially_breaking_changes: null,
          max_non_breaking_changes: 3,
          severity_threshold: 'high' as const,
          max_field_churn_percent: null,
          time_window_days: null,
          enabled: true,
        };
        const b1 = await store.budgets.put({
          ...fields,
          scope_kind: 'endpoint',
          scope_key: 'POST /api/users',
          workspace_id: '',
          at: at(0),
        });
        const b2 = await store.budgets.put({
          ...fields,
          max_non_breaking_changes: 5,
          enabled: false,
          scope_kind: 'endpoint',
          scope_key: 'POST /api/users',
          workspace_id: '',
          at: at(MIN),
        });
        expect(b2).toEqual({ ...b1, max_non_breaking_changes: 5, enabled: false, updated_at: at(MIN) });
        expect(await store.budgets.get(b1.id)).toEqual(b2);
        expect((await store.budgets.list({ scope_kind: 'endpoint' })).map((b) => b.id)).toEqual([b1.id]);
        expect(await store.budgets.delete(b1.id)).toBe(true);
        expect(await store.budgets.get(b1.id)).toBeUndefined();
      });

      it('records sync cycles and one open PR per fingerprint set', async () => {
        const cycle = await store.syncCycles.start({ id: 'sync-1', workspace_id: 'cw', at: at(0) });
        const done = await store.syncCycles.finish(cycle.id, {
          status: 'ok',
          summary: { changes: 2 },
          at: at(MIN),
        });
        expect(done).toEqual({
          id: 'sync-1',
          workspace_id: 'cw',
          status: 'ok',
          started_at: at(0),
          finished_at: at(MIN),
          summary: { changes: 2 },
        });
        const input = {
          workspace_id: 'cw',
          fingerprint_set_hash: 'set-1',
          provider: 'github',
          url: 'https://github.com/o/r/pull/1',
          branch: 'driftgate/fix-1',
          incident_ids: ['i1'],
          summary: {},
          at: at(0),
        };
        const p1 = await store.pullRequests.upsertOpen(input);
        const p2 = await store.pullRequests.upsertOpen({ ...input, incident_ids: ['i1', 'i2'], at: at(MIN) });
        expect([p1.created, p2.created, p2.pr.id === p1.pr.id, p2.pr.incident_ids]).toEqual([
          true,
          false,
          true,
          ['i1', 'i2'],
        ]);
        await store.pullRequests.setState(p1.pr.id, 'merged', at(2 * MIN));
        const p3 = await store.pullRequests.upsertOpen({ ...input, at: at(3 * MIN) });
        expect(p3.created).toBe(true);
        expect((await store.pullRequests.findOpen('set-1'))?.id).toBe(p3.pr.id);
      });
    });

    it('rolls a transaction back entirely when it throws', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.incidents.recordOccurrence(occurrence({ fingerprint: 'rolled-back' }));
          await tx.driftEvents.record([]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const page = await store.incidents.list({}, { limit: 1000 });
      expect(page.items.some((i) => i.fingerprint === 'rolled-back')).toBe(false);
    });
  });
}
