// Test databases: one migrated template per run (with regions and the shipped checklists),
// and one copy per vitest worker, created with CREATE DATABASE … TEMPLATE.
import postgres from "postgres";

export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The same database reached as a login role (the application's least-privilege role in tests). */
export function databaseUrlAs(name: string, role: { user: string; password: string }) {
  const url = new URL(databaseUrl(name));
  url.username = role.user;
  url.password = role.password;
  return url.toString();
}

export async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function dropDatabase(name: string) {
  await withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

export async function createDatabaseFromTemplate(name: string, template: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((sql) => sql.unsafe(`create database "${name}" template "${template}"`));
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "42P04") return; // exists already (an earlier file in this worker)
      // Another worker is copying the same template at this moment.
      if (code === "55006" && attempt < 20) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    }
  }
}
