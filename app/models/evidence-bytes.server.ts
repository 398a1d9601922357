// Stored evidence bytes are shared by content (SHA-256) between evidence files and inspection
// attachments of any institution. They are deleted only when nothing points at them: no
// evidence row, no attachment row, and no upload in flight (a pin younger than PIN_TTL).
// Pins and deletions take the same per-hash transaction lock, so a deletion either runs
// before a pin (and the upload then stores the bytes again) or sees it (docs/decisions/014).
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import type { EvidenceStorage } from "~/utils/storage.server";

/** An upload that has not committed within this time has died; its pin no longer counts. */
export const PIN_TTL_HOURS = 6;

const lockHash = (sha256: string) => sql`select pg_advisory_xact_lock(hashtextextended(${`evidence:${sha256}`}, 0))`;

/** Before storing bytes: pin each hash (its own short transaction, committed before the copy). */
export async function pinUploads(exec: Executor, hashes: string[]): Promise<string[]> {
  return exec.transaction(async (tx) => {
    const ids: string[] = [];
    for (const sha256 of [...new Set(hashes)].sort()) {
      await tx.execute(lockHash(sha256));
      const [row] = await tx.execute<{ id: string }>(sql`insert into evidence_upload_pins (sha256) values (${sha256}) returning id`);
      ids.push(row.id);
    }
    return ids;
  });
}

/** Remove an upload's pins: inside the transaction that inserts its rows, or after it failed. */
export async function unpinUploads(exec: Executor, pinIds: string[]) {
  if (pinIds.length === 0) return;
  await exec.execute(sql`delete from evidence_upload_pins where id = any(${`{${pinIds.join(",")}}`}::uuid[])`);
}

/** Delete the stored bytes of each hash that nothing points at any more. Returns the deleted hashes. */
export async function removeUnreferencedBytes(exec: Executor, storage: EvidenceStorage, hashes: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const sha256 of [...new Set(hashes)].sort()) {
    const isRemoved = await exec.transaction(async (tx) => {
      await tx.execute(lockHash(sha256));
      const [{ n }] = await tx.execute<{ n: number }>(sql`
        select ((select count(*) from evidence_files where sha256 = ${sha256})
              + (select count(*) from inspection_attachments where sha256 = ${sha256})
              + (select count(*) from evidence_upload_pins where sha256 = ${sha256}
                   and created_at > now() - make_interval(hours => ${PIN_TTL_HOURS})))::int as n`);
      if (Number(n) > 0) return false;
      // Deleted while the lock is held: a pin taken after this commits finds the bytes gone and stores them again.
      await storage.delete(sha256);
      return true;
    });
    if (isRemoved) removed.push(sha256);
  }
  return removed;
}

/**
 * The retention job's sweep of stored bytes nothing points at (left by a crash between
 * storing and committing, say). Objects younger than `graceHours` are left alone, and so is
 * anything referenced or pinned; stale pins are removed.
 */
export async function sweepUnreferencedBytes(
  exec: Executor,
  storage: EvidenceStorage,
  options: { graceHours?: number; now?: Date } = {},
): Promise<{ scanned: number; removed: string[] }> {
  const graceHours = options.graceHours ?? 24;
  const cutoff = (options.now ?? new Date()).getTime() - graceHours * 3600_000;
  await exec.execute(sql`delete from evidence_upload_pins where created_at < now() - make_interval(hours => ${PIN_TTL_HOURS})`);
  let scanned = 0;
  let candidates: string[] = [];
  const removed: string[] = [];
  for await (const object of storage.list()) {
    scanned++;
    if (object.modifiedAt.getTime() <= cutoff) candidates.push(object.sha256);
    if (candidates.length >= 1_000) {
      removed.push(...(await removeUnreferencedBytes(exec, storage, candidates)));
      candidates = [];
    }
  }
  removed.push(...(await removeUnreferencedBytes(exec, storage, candidates)));
  return { scanned, removed };
}
