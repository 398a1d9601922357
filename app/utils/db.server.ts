import { createDatabase, type Database } from "~db/client";
import { env } from "~/utils/env.server";

// One pool per process; kept on globalThis in development so rebuilds do not leak connections.
const globalForDb = globalThis as unknown as {
  __zichaDb?: ReturnType<typeof createDatabase>;
  __zichaReadDb?: ReturnType<typeof createDatabase> | null;
};

const handle = globalForDb.__zichaDb ?? createDatabase(env.DATABASE_URL);
// The read replica (DATABASE_READ_URL), if any: reached only through read-db.server.ts.
const readHandle = globalForDb.__zichaReadDb ?? (env.DATABASE_READ_URL ? createDatabase(env.DATABASE_READ_URL) : null);
if (env.NODE_ENV === "development") {
  globalForDb.__zichaDb = handle;
  globalForDb.__zichaReadDb = readHandle;
}

export const db: Database = handle.db;
export const sqlClient = handle.client;
export const replicaDb: Database | null = readHandle?.db ?? null;
export const replicaSqlClient = readHandle?.client ?? null;
export type { Database, Executor } from "~db/client";
