// Sync cycle and pull request records over Kysely (shapes for issues 8 and 9).
import { type Selectable, sql } from 'kysely';
import type {
  PullRequestRecord,
  PullRequestStore,
  SyncCycle,
  SyncCycleStore,
} from '../../../ports/sync-store.js';
import { fromJson, inTransaction, type SqlContext, toIso, toIsoOrNull, toJson, toMs } from './context.js';
import { notFound } from './contracts.js';
import type { PullRequestsTable, SyncCyclesTable } from './schema.js';

function cycleFromRow(r: Selectable<SyncCyclesTable>): SyncCycle {
  return {
    id: r.id,
    workspace_id: r.workspace_id,
    status: r.status,
    started_at: toIso(r.started_at),
    finished_at: toIsoOrNull(r.finished_at),
    summary: fromJson(r.summary),
  };
}

export function sqlSyncCycleStore(root: SqlContext): SyncCycleStore {
  return {
    async start({ id, workspace_id, at }) {
      const row = {
        id: id ?? root.newId(),
        workspace_id,
        status: 'running',
        started_at: toMs(at),
        finished_at: null,
        summary: toJson({}),
      };
      await root.db.insertInto('sync_cycles').values(row).execute();
      return cycleFromRow(row);
    },
    async finish(id, { status, summary, at }) {
      const row = await root.db
        .updateTable('sync_cycles')
        .set({ status, summary: toJson(summary), finished_at: toMs(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('sync cycle', id);
      return cycleFromRow(row);
    },
    async get(id) {
      const r = await root.db.selectFrom('sync_cycles').selectAll().where('id', '=', id).executeTakeFirst();
      return r && cycleFromRow(r);
    },
    async list(workspaceId, limit) {
      const rows = await root.db
        .selectFrom('sync_cycles')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(cycleFromRow);
    },
  };
}

function prFromRow(r: Selectable<PullRequestsTable>): PullRequestRecord {
  return {
    id: r.id,
    workspace_id: r.workspace_id,
    fingerprint_set_hash: r.fingerprint_set_hash,
    provider: r.provider,
    url: r.url,
    branch: r.branch,
    state: r.state as PullRequestRecord['state'],
    incident_ids: fromJson<string[]>(r.incident_ids) ?? [],
    summary: fromJson(r.summary),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

export function sqlPullRequestStore(root: SqlContext): PullRequestStore {
  const findOpen = (ctx: SqlContext, hash: string) =>
    ctx.db
      .selectFrom('pull_requests')
      .selectAll()
      .where('fingerprint_set_hash', '=', hash)
      .where('state', '=', 'open')
      .executeTakeFirst();
  return {
    upsertOpen: (input) =>
      inTransaction(root, async (ctx) => {
        const at = toMs(input.at);
        const fields = {
          provider: input.provider,
          url: input.url,
          branch: input.branch,
          incident_ids: toJson(input.incident_ids),
          summary: toJson(input.summary),
          updated_at: at,
        };
        const inserted = await ctx.db
          .insertInto('pull_requests')
          .values({
            id: ctx.newId(),
            workspace_id: input.workspace_id,
            fingerprint_set_hash: input.fingerprint_set_hash,
            state: 'open',
            created_at: at,
            ...fields,
          })
          .onConflict((oc) =>
            oc.column('fingerprint_set_hash').where(sql<boolean>`state = 'open'`).doNothing(),
          )
          .returningAll()
          .executeTakeFirst();
        if (inserted) return { pr: prFromRow(inserted), created: true };
        const open = await findOpen(ctx, input.fingerprint_set_hash);
        if (!open) throw notFound('open pull request for', input.fingerprint_set_hash);
        const updated = await ctx.db
          .updateTable('pull_requests')
          .set(fields)
          .where('id', '=', open.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { pr: prFromRow(updated), created: false };
      }),
    async setState(id, state, at) {
      const row = await root.db
        .updateTable('pull_requests')
        .set({ state, updated_at: toMs(at) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('pull request', id);
      return prFromRow(row);
    },
    async get(id) {
      const r = await root.db.selectFrom('pull_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r && prFromRow(r);
    },
    async findOpen(hash) {
      const r = await findOpen(root, hash);
      return r && prFromRow(r);
    },
  };
}
