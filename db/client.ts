import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDatabase>["db"];
/** A database handle or an open transaction: model functions accept either. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Dates are handled as strings ('YYYY-MM-DD') by drizzle's date columns.
  });
  const db = drizzle(client, { schema });
  return { db, client };
}

export { schema };
