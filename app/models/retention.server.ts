// Retention (docs/decisions/014): month partitions of audit_events and notifications are
// created ahead and dropped once every row in them is older than the retention period — never
// fewer than 6 months (Cybersecurity Law Art. 21), a floor the database function enforces
// too. Evidence is not subject to retention: only stored bytes that nothing references (nor
// an upload in flight pins) are swept. Runs as the owner role (`npm run retention`).
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import type { EvidenceStorage } from "~/utils/storage.server";
import { sweepUnreferencedBytes } from "~/models/stored-file.server";

export const MIN_RETENTION_MONTHS = 6;

export class RetentionTooShortError extends Error {
  constructor(months: number) {
    super(`retention must be at least ${MIN_RETENTION_MONTHS} months (Cybersecurity Law Art. 21), got ${months}`);
    this.name = "RetentionTooShortError";
  }
}

/** Partitions for this month and `monthsAhead` more, and for any month caught by a default partition. */
export async function maintainPartitions(exec: Executor, monthsAhead = 3): Promise<string[]> {
  const rows = await exec.execute<{ partition_name: string }>(sql`select partition_name from zicha_maintain_partitions(${monthsAhead})`);
  return rows.map((r) => r.partition_name);
}

export async function dropExpiredPartitions(exec: Executor, retentionMonths: number): Promise<{ partition: string; rows: number }[]> {
  if (!Number.isInteger(retentionMonths) || retentionMonths < MIN_RETENTION_MONTHS) throw new RetentionTooShortError(retentionMonths);
  const rows = await exec.execute<{ partition_name: string; rows_dropped: string }>(
    sql`select partition_name, rows_dropped from zicha_drop_expired_partitions(${retentionMonths})`,
  );
  return rows.map((r) => ({ partition: r.partition_name, rows: Number(r.rows_dropped) }));
}

/** The month partitions there are, oldest first (for the job's report and the tests). */
export async function listPartitions(exec: Executor): Promise<{ table: string; partition: string; rows: number }[]> {
  const rows = await exec.execute<{ parent: string; name: string; rows: string }>(sql`
    select p.relname as parent, c.relname as name, c.reltuples::bigint as rows
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname in ('audit_events', 'notifications') order by p.relname, c.relname`);
  return rows.map((r) => ({ table: r.parent, partition: r.name, rows: Number(r.rows) }));
}

export type RetentionOptions = { retentionMonths: number; monthsAhead?: number; evidenceGraceHours?: number; lockTimeout?: string };

export async function runRetention(exec: Executor, storage: EvidenceStorage, options: RetentionOptions) {
  if (!Number.isInteger(options.retentionMonths) || options.retentionMonths < MIN_RETENTION_MONTHS)
    throw new RetentionTooShortError(options.retentionMonths);
  // Creating or dropping a partition locks its parent: never queue live traffic behind that
  // for long. A busy table makes this run fail; the next one (daily) catches up.
  const lockTimeout = options.lockTimeout ?? "5s";
  const created = await exec.transaction(async (tx) => {
    await tx.execute(sql`select set_config('lock_timeout', ${lockTimeout}, true)`);
    return maintainPartitions(tx, options.monthsAhead ?? 3);
  });
  const dropped = await exec.transaction(async (tx) => {
    await tx.execute(sql`select set_config('lock_timeout', ${lockTimeout}, true)`);
    return dropExpiredPartitions(tx, options.retentionMonths);
  });
  const evidence = await sweepUnreferencedBytes(exec, storage, { graceHours: options.evidenceGraceHours ?? 24 });
  return { created, dropped, evidence: { scanned: evidence.scanned, removed: evidence.removed.length } };
}
