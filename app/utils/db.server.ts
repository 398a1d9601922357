import { createDatabase, type Database } from "~db/client";
import { env } from "~/utils/env.server";

// One pool per process; kept on globalThis in development so rebuilds do not leak connections.
const globalForDb = globalThis as unknown as { __zichaDb?: ReturnType<typeof createDatabase> };

const handle = globalForDb.__zichaDb ?? createDatabase(env.DATABASE_URL);
if (env.NODE_ENV === "development") globalForDb.__zichaDb = handle;

export const db: Database = handle.db;
export const sqlClient = handle.client;
export type { Database, Executor } from "~db/client";
