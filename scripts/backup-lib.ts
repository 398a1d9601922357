// Backup and restore (docs/decisions/016): the database as a pg_dump custom-format archive,
// evidence storage as a verified copy (local driver) or a listing (S3: the bucket keeps the
// bytes, with its own versioning or replication), and a manifest. Restore loads the archive
// into an empty database with pg_restore (parallel), puts the evidence back (or checks that
// the bucket still holds every listed object), and verifies that every evidence file and
// inspection attachment the database points at is present with its SHA-256.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import type { EvidenceStorage } from "~/utils/storage.server";

export type BackupManifest = {
  format: 1;
  createdAt: string;
  database: { name: string; dumpFile: string; dumpBytes: number; dumpSha256: string; migrations: number };
  evidence: { driver: "local" | "s3"; objects: number; bytes: number; copied: boolean; listingFile: string };
};

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim().slice(-2000)}`)),
    );
  });
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** Copy a stream to a file while hashing it; the SHA-256 of what was written. */
async function copyHashing(source: NodeJS.ReadableStream, target: string): Promise<string> {
  const hash = createHash("sha256");
  await fs.mkdir(path.dirname(target), { recursive: true });
  await pipeline(
    source,
    new Transform({
      transform(chunk, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(target, { flags: "wx" }),
  );
  return hash.digest("hex");
}

const objectPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

export async function createBackup(options: {
  databaseUrl: string;
  storage: EvidenceStorage;
  storageDriver: "local" | "s3";
  outDir: string;
  log?: (message: string) => void;
}): Promise<BackupManifest> {
  const log = options.log ?? (() => {});
  await fs.mkdir(options.outDir, { recursive: true });
  if ((await fs.readdir(options.outDir)).length > 0) throw new Error(`backup directory ${options.outDir} is not empty`);
  const dumpFile = "db.dump";
  log(`pg_dump → ${path.join(options.outDir, dumpFile)}`);
  // Custom format: compressed, restorable in parallel, selectively. Consistent: one snapshot.
  await run("pg_dump", [
    "--format=custom",
    "--compress=1",
    `--file=${path.join(options.outDir, dumpFile)}`,
    `--dbname=${options.databaseUrl}`,
  ]);
  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  let migrations = 0;
  try {
    [{ migrations }] = await sql<{ migrations: number }[]>`select count(*)::int as migrations from drizzle.__drizzle_migrations`;
  } finally {
    await sql.end();
  }

  log(`evidence (${options.storageDriver}) → ${options.storageDriver === "local" ? "copy" : "listing"}`);
  const listing: { sha256: string; sizeBytes: number }[] = [];
  let bytes = 0;
  for await (const object of options.storage.list()) {
    if (options.storageDriver === "local") {
      const { stream } = await options.storage.getStream(object.sha256);
      const actual = await copyHashing(stream, objectPath(path.join(options.outDir, "evidence"), object.sha256));
      if (actual !== object.sha256) throw new Error(`stored evidence ${object.sha256} is corrupt (its bytes hash to ${actual})`);
    }
    listing.push({ sha256: object.sha256, sizeBytes: object.sizeBytes });
    bytes += object.sizeBytes;
  }
  const listingFile = "evidence.json";
  await fs.writeFile(path.join(options.outDir, listingFile), JSON.stringify(listing));
  const dumpStat = await fs.stat(path.join(options.outDir, dumpFile));
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    database: {
      name: decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1)),
      dumpFile,
      dumpBytes: dumpStat.size,
      dumpSha256: await sha256OfFile(path.join(options.outDir, dumpFile)),
      migrations,
    },
    evidence: { driver: options.storageDriver, objects: listing.length, bytes, copied: options.storageDriver === "local", listingFile },
  };
  await fs.writeFile(path.join(options.outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

export type RestoreReport = { tables: number; evidenceRestored: number; evidenceReferenced: number; missing: string[] };

/** Restore a backup into an empty database (created if missing) and the given storage. */
export async function restoreBackup(options: {
  backupDir: string;
  databaseUrl: string;
  storage: EvidenceStorage;
  storageDriver: "local" | "s3";
  storageDir?: string;
  jobs?: number;
  log?: (message: string) => void;
}): Promise<RestoreReport> {
  const log = options.log ?? (() => {});
  const manifest = JSON.parse(await fs.readFile(path.join(options.backupDir, "manifest.json"), "utf8")) as BackupManifest;
  const dump = path.join(options.backupDir, manifest.database.dumpFile);
  const actual = await sha256OfFile(dump);
  if (actual !== manifest.database.dumpSha256) throw new Error(`${dump} does not match the manifest (SHA-256 ${actual})`);

  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ tables }] = await sql<
      { tables: number }[]
    >`select count(*)::int as tables from pg_tables where schemaname in ('public', 'drizzle')`;
    if (tables > 0)
      throw new Error(
        `refusing to restore into ${new URL(options.databaseUrl).pathname.slice(1)}: it already has ${tables} tables (restore into a new, empty database)`,
      );
    // The dump grants to zicha_app; the group role must exist in this cluster (npm run db:roles makes it).
    const [role] = await sql`select 1 from pg_roles where rolname = 'zicha_app'`;
    if (!role) await sql.unsafe("create role zicha_app nologin");
  } finally {
    await sql.end();
  }
  log(`pg_restore ← ${dump}`);
  // --no-owner: the restoring role (the new owner) owns everything; grants to zicha_app are kept.
  await run("pg_restore", ["--no-owner", "--exit-on-error", `--jobs=${options.jobs ?? 2}`, `--dbname=${options.databaseUrl}`, dump]);

  const listing = JSON.parse(await fs.readFile(path.join(options.backupDir, manifest.evidence.listingFile), "utf8")) as {
    sha256: string;
  }[];
  let evidenceRestored = 0;
  if (manifest.evidence.copied) {
    log(`evidence ← ${listing.length} objects`);
    const tmp = path.join(options.backupDir, "evidence");
    for (const { sha256 } of listing) {
      const source = objectPath(tmp, sha256);
      if ((await sha256OfFile(source)) !== sha256) throw new Error(`backup copy of ${sha256} is corrupt`);
      if (!(await options.storage.exists(sha256))) {
        // putFile consumes its temp file: hand it a copy.
        const staged = `${source}.restore`;
        await fs.copyFile(source, staged);
        await options.storage.putFile(staged, sha256, "application/octet-stream");
      }
      evidenceRestored++;
    }
  }

  // Every stored object the database points at must be there.
  const check = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const referenced = await check<{ sha256: string }[]>`
      select sha256 from evidence_files union select sha256 from inspection_attachments`;
    const missing: string[] = [];
    for (const { sha256 } of referenced) if (!(await options.storage.exists(sha256))) missing.push(sha256);
    const [{ tables }] = await check<{ tables: number }[]>`select count(*)::int as tables from pg_tables where schemaname = 'public'`;
    return { tables, evidenceRestored, evidenceReferenced: referenced.length, missing };
  } finally {
    await check.end();
  }
}
