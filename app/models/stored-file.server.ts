// Stored files: uploaded bytes kept once by content (SHA-256) and attached to an owner — an
// evidence file of a self-check item, an attachment of an inspection, and whatever kind comes
// next (the clue ledger's answers) — through one path (docs/decisions/020):
//
//   1. the owner kind says whether the acting user may attach files to this target now —
//      BEFORE the upload's body is read, so a refused upload writes no byte to temp or storage;
//   2. the request's files are received (streamed to temp, type sniffed, hashed);
//   3. each hash is pinned, the bytes are stored, and the owner kind inserts its rows and audit
//      events in one transaction (re-checking under its locks);
//   4. on a refusal or an error, bytes nothing points at are removed; temp files always are.
//
// Bytes are shared between owners of any institution and deleted only when nothing points at
// them: no row of any owner kind's table, and no upload in flight (a pin younger than PIN_TTL).
// Pins and deletions take the same per-hash transaction lock, so a deletion either runs before
// a pin (and the upload then stores the bytes again) or sees it (docs/decisions/014).
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { StoredObjectMissingError, type EvidenceStorage } from "~/utils/storage.server";
import { notFound } from "~/utils/permissions.server";
import type { StoredFileDownload } from "~/utils/download.server";
import { discardUploads, type ReceivedFile, type RejectedFile } from "~/utils/upload.server";

/** A refusal the user reads (the item is locked, the inspection closed …). */
export type AttachRefusal = { ok: false; message: string };
export type AttachResult = { ok: true; count: number } | AttachRefusal;

/**
 * What one kind of owner contributes. `authorize` runs before anything is received or stored:
 * it throws 404/403 (permission helpers) outside the acting user's scope and answers a refusal
 * when the target cannot take files now. `insertRows` runs in the transaction that attaches the
 * stored files: it re-checks under its own locks and inserts one row (and audit event) per file.
 * Its table (with a `sha256` column) goes into FILE_OWNER_TABLES.
 */
export type FileOwnerKind<S, Target> = {
  authorize(exec: Executor, scope: S, target: Target, now: Date): Promise<AttachRefusal | null>;
  insertRows(tx: Executor, scope: S, target: Target, files: ReceivedFile[], now: Date): Promise<AttachResult>;
};

/** Every table that references stored bytes; a new owner kind adds its table here. */
export const FILE_OWNER_TABLES = ["evidence_files", "inspection_attachments", "clue_files"] as const;

/**
 * Receive an upload and attach its files, permission first: `receive` (which reads the request
 * body to temp files) is called only after the owner kind allowed it. Temp files never outlive
 * the call. Returns the attach result (null when the form held no acceptable file) and the
 * files the upload refused (too large, wrong type …), or the refusal when nothing was read.
 */
export async function receiveAndAttach<S, Target>(
  exec: Executor,
  storage: EvidenceStorage,
  owner: FileOwnerKind<S, Target>,
  scope: S,
  target: Target,
  receive: () => Promise<{ files: ReceivedFile[]; rejected: RejectedFile[] }>,
  now: Date = new Date(),
): Promise<{ result: AttachResult | null; rejected: RejectedFile[] }> {
  const refusal = await owner.authorize(exec, scope, target, now);
  if (refusal) return { result: refusal, rejected: [] };
  const received = await receive();
  try {
    const result = received.files.length > 0 ? await storeAndInsert(exec, storage, owner, scope, target, received.files, now) : null;
    return { result, rejected: received.rejected };
  } finally {
    // Whatever was not moved into storage (a refusal, an error) leaves no temp file behind.
    await discardUploads(received.files);
  }
}

/**
 * Attach files already received (in temp): permission first, then pin, store and insert the rows
 * in one transaction. Copying up to 20 × 50 MB must not hold a transaction (and the owner's row
 * lock) open, so the bytes are stored before it — content addressed, so a refusal or an error
 * only leaves bytes nobody points at, which are removed again.
 */
export async function storeAndAttach<S, Target>(
  exec: Executor,
  storage: EvidenceStorage,
  owner: FileOwnerKind<S, Target>,
  scope: S,
  target: Target,
  files: ReceivedFile[],
  now: Date = new Date(),
): Promise<AttachResult> {
  const refusal = await owner.authorize(exec, scope, target, now);
  if (refusal) return refusal;
  return storeAndInsert(exec, storage, owner, scope, target, files, now);
}

async function storeAndInsert<S, Target>(
  exec: Executor,
  storage: EvidenceStorage,
  owner: FileOwnerKind<S, Target>,
  scope: S,
  target: Target,
  files: ReceivedFile[],
  now: Date,
): Promise<AttachResult> {
  const hashes = files.map((f) => f.sha256);
  // Pinned first: bytes being stored are never taken for unreferenced.
  const pins = await pinUploads(exec, hashes);
  let result: AttachResult;
  try {
    for (const file of files) await storage.putFile(file.tempPath, file.sha256, file.contentType);
    result = await exec.transaction((tx) => owner.insertRows(tx, scope, target, files, now));
  } catch (error) {
    await unpinUploads(exec, pins);
    await removeUnreferencedBytes(exec, storage, hashes);
    throw error;
  }
  await unpinUploads(exec, pins);
  if (!result.ok) await removeUnreferencedBytes(exec, storage, hashes);
  return result;
}

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
      const references = FILE_OWNER_TABLES.map((table) => sql`(select count(*) from ${sql.identifier(table)} where sha256 = ${sha256})`);
      const [{ n }] = await tx.execute<{ n: number }>(sql`
        select (${sql.join(references, sql` + `)}
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

/** A stored file the caller may read (its row already found in scope), opened for streaming; 404 when its bytes are gone. */
export async function openStoredFile(
  storage: EvidenceStorage,
  file: { fileName: string; contentType: string; sha256: string },
): Promise<StoredFileDownload> {
  try {
    const object = await storage.getStream(file.sha256);
    return {
      fileName: file.fileName,
      contentType: file.contentType,
      sha256: file.sha256,
      sizeBytes: object.sizeBytes,
      stream: object.stream,
    };
  } catch (error) {
    if (error instanceof StoredObjectMissingError) notFound();
    throw error;
  }
}
