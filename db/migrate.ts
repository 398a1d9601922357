// `npm run db:migrate`: the one explicit migration step (docs/decisions/016). It runs as the
// owner role (DATABASE_OWNER_URL; DATABASE_URL when unset, as in development), never from the
// web or the worker. Safe to run twice (applied migrations are recorded), from two hosts at
// once (an advisory lock serializes them), and on a live database: each lock a migration takes
// waits at most MIGRATION_LOCK_TIMEOUT (5 s), so traffic never queues behind it for long, and
// the whole step is retried a few times before it gives up (nothing half-applied: one
// transaction). Afterwards it makes the month partitions ahead (zicha_maintain_partitions).
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";
import { fileURLToPath } from "node:url";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const MIGRATION_LOCK_KEY = 7_361_000_012; // any constant shared by every migrator of this app

export type MigrateOptions = { lockTimeout?: string; attempts?: number; monthsAhead?: number; log?: (message: string) => void };

/** Apply committed migrations with a dedicated single connection; then the partitions ahead. */
export async function migrateDatabase(url: string, options: MigrateOptions = {}) {
  const { lockTimeout = process.env.MIGRATION_LOCK_TIMEOUT ?? "5s", attempts = 5, monthsAhead = 3, log = () => {} } = options;
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Session-level, on the one connection: held across drizzle's transaction.
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await client`select set_config('lock_timeout', ${lockTimeout}, false)`;
      for (let attempt = 1; ; attempt++) {
        try {
          await migrate(drizzle(client), { migrationsFolder });
          break;
        } catch (error) {
          // 55P03 lock_not_available: live traffic held a table; everything was rolled back.
          const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
          if (code !== "55P03" || attempt >= attempts) throw error;
          log(`a table was busy (lock_timeout ${lockTimeout}); retrying (${attempt}/${attempts})`);
          await new Promise((r) => setTimeout(r, 1_000 * attempt));
        }
      }
      const [{ exists }] = await client<{ exists: boolean }[]>`select to_regproc('zicha_maintain_partitions') is not null as exists`;
      if (exists) {
        const made = await client<{ partition_name: string }[]>`select partition_name from zicha_maintain_partitions(${monthsAhead})`;
        if (made.length > 0) log(`partitions created: ${made.map((r) => r.partition_name).join(", ")}`);
      }
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end();
  }
}

/** Create the database named in the URL if it does not exist yet. */
export async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await client`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await client.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isEntry) {
  const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha";
  await ensureDatabase(url);
  await migrateDatabase(url, { log: (m) => console.log(m) });
  console.log(`migrated ${new URL(url).pathname.slice(1)}`);
}
