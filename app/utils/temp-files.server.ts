// Upload temp files and the sweep of those a crash left behind. A live upload holds its temp
// file (and the storage's staging copy, and an untrusted file's checked copy) in this process and
// touches it every minute, so its modification time stays fresh however long the client takes;
// the sweep (a job in the worker, jobs/handlers/temp-sweep.ts) removes only files untouched for
// an hour, which therefore no live upload holds.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** How often held files are touched. */
export const TEMP_HEARTBEAT_MS = 60_000;
/** Untouched for this long, a temp file belongs to no live upload (many heartbeats missed). */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

/** Where uploads are streamed before they are checked and stored (UPLOAD_TMP_DIR, or the OS temp dir). */
export function defaultUploadTempDir(): string {
  return process.env.UPLOAD_TMP_DIR || path.join(os.tmpdir(), "zicha-uploads");
}

/** Every directory that holds upload temp files on this machine. */
export function uploadTempDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [defaultUploadTempDir()];
  // The local evidence store stages each file in <root>/tmp/ before renaming it into place.
  if ((env.STORAGE_DRIVER ?? "local") === "local") dirs.push(path.join(path.resolve(env.STORAGE_DIR || "var/evidence"), "tmp"));
  return dirs;
}

const held = new Set<string>();
let heartbeat: NodeJS.Timeout | undefined;

/** This process is writing `file` or about to move it: keep it fresh until released. */
export function holdTempFile(file: string): void {
  held.add(file);
  heartbeat ??= setInterval(() => void touchHeldTempFiles(), TEMP_HEARTBEAT_MS).unref();
}

export function releaseTempFile(file: string): void {
  held.delete(file);
}

/** The heartbeat: set every held file's modification time to now (a file gone meanwhile is released). */
export async function touchHeldTempFiles(now: Date = new Date()): Promise<void> {
  await Promise.all(
    [...held].map((file) =>
      fs.utimes(file, now, now).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") held.delete(file);
      }),
    ),
  );
}

export type SweepResult = { removed: string[]; kept: number };

/**
 * Remove the regular files directly in `dirs` whose last modification is older than `maxAgeMs`
 * (nothing else: no directories, no symbolic links, nothing this process holds).
 */
export async function sweepOrphanedTempFiles(dirs: string[], opts: { now?: Date; maxAgeMs?: number } = {}): Promise<SweepResult> {
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.maxAgeMs ?? ORPHAN_AGE_MS);
  const result: SweepResult = { removed: [], kept: 0 };
  for (const dir of dirs) {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.join(dir, entry.name);
      const stat = await fs.lstat(file).catch(() => null);
      if (!stat?.isFile() || held.has(file) || stat.mtimeMs > cutoff) {
        result.kept++;
        continue;
      }
      await fs.rm(file, { force: true });
      result.removed.push(file);
    }
  }
  return result;
}
