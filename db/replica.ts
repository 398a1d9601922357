// Reads from a streaming hot standby without losing one's own writes (docs/decisions/023).
// The rule: a read may go to the replica once the replica has replayed the primary's WAL up to
// the position the reader needs (its own last commit, or "now" for a worker's digest); any
// doubt — the replica behind, unreachable, slow to answer — sends the read to the primary.
import { sql } from "drizzle-orm";
import type { Database } from "./client";

/** A WAL position as PostgreSQL prints pg_lsn ("16/B374D848"). */
export const LSN_PATTERN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** How long a freshness check may take before the read goes to the primary instead. */
export const REPLICA_CHECK_TIMEOUT_MS = 1_000;

/** The primary's current WAL write position: at or past every commit that has returned. */
export async function currentWalLsn(primary: Database): Promise<string> {
  const [row] = await primary.execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`);
  return row.lsn;
}

/**
 * Has the replica replayed the WAL up to `lsn` (null: no requirement, only "does it answer")?
 * A server that is not in recovery (a primary given as the read URL) counts as caught up.
 * False when it does not answer within the time limit.
 */
export async function hasReplayed(replica: Database, lsn: string | null, timeoutMs = REPLICA_CHECK_TIMEOUT_MS): Promise<boolean> {
  if (lsn !== null && !LSN_PATTERN.test(lsn)) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const check = replica.execute<{ ok: boolean | null }>(sql`
      select case when ${lsn}::text is null then true
                  else coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, not pg_is_in_recovery()) end as ok`);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the read replica did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const [row] = await Promise.race([check, timeout]);
    return row?.ok === true;
  } catch (error) {
    console.warn(`read replica unavailable, reading from the primary: ${(error as Error).message}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For a job's reads: the replica once it has replayed everything the primary had committed
 * when this was called (waiting up to `waitMs`), else the primary.
 */
export async function readDbAfterPrimary(primary: Database, replica: Database | null | undefined, waitMs = 5_000): Promise<Database> {
  if (!replica) return primary;
  const lsn = await currentWalLsn(primary);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await hasReplayed(replica, lsn)) return replica;
    if (Date.now() >= deadline) return primary;
    await new Promise((r) => setTimeout(r, 100));
  }
}
