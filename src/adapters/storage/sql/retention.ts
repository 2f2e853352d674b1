// Retention: delete resolved/closed incidents (their timeline goes by ON DELETE CASCADE) that ended
// before a cutoff. One instance at a time through a lease row (same code on both dialects); deletes in
// batches so no statement holds locks for long.
import type { RetentionStore } from '../../../ports/store.js';
import type { SqlContext } from './context.js';
import { toMs } from './context.js';

const BATCH = 1000;
/** Longer than any purge should take; a crashed holder's lease expires after it. */
const LEASE_MS = 10 * 60_000;
export const RETENTION_LEASE = 'retention.incidents';

export async function acquireLease(
  ctx: SqlContext,
  name: string,
  holder: string,
  now: number,
  ttlMs: number,
) {
  const row = await ctx.db
    .insertInto('leases')
    .values({ name, holder, until: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), until: eb.ref('excluded.until') }))
        .where((eb) => eb.or([eb('leases.until', '<=', now), eb('leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(ctx: SqlContext, name: string, holder: string) {
  await ctx.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

export function sqlRetentionStore(ctx: SqlContext): RetentionStore {
  return {
    async purgeIncidents(cutoff, holder, now) {
      if (!(await acquireLease(ctx, RETENTION_LEASE, holder, toMs(now), LEASE_MS))) return null;
      let removed = 0;
      try {
        for (;;) {
          const ids = ctx.db
            .selectFrom('incidents')
            .select('id')
            .where('status', 'in', ['resolved', 'closed'])
            .where('ended_at', '<', toMs(cutoff))
            .limit(BATCH);
          const r = await ctx.db.deleteFrom('incidents').where('id', 'in', ids).executeTakeFirst();
          const n = Number(r.numDeletedRows);
          removed += n;
          if (n < BATCH) break;
        }
      } finally {
        await releaseLease(ctx, RETENTION_LEASE, holder);
      }
      return removed;
    },
  };
}
