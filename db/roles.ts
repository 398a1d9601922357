// `npm run db:roles`: the login role the web and the worker connect as (DATABASE_URL's user),
// a member of the zicha_app group role that the migrations grant to (docs/decisions/014).
// Runs as DATABASE_OWNER_URL, which needs CREATEROLE (or a superuser, once, by the DBA).
// Idempotent: an existing role gets its password and membership set again.
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export type AppRoleResult = { role: string; created: boolean };

/** Make sure zicha_app exists and `appUrl`'s user is a plain login role in it, with its password. */
export async function ensureAppRole(ownerUrl: string, appUrl: string): Promise<AppRoleResult> {
  const app = new URL(appUrl);
  const owner = new URL(ownerUrl);
  const role = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  if (!role) throw new Error("DATABASE_URL names no user: it must be the application's own role, e.g. postgres://zicha_web:…@host/zicha");
  if (role === "zicha_app") {
    throw new Error(
      `DATABASE_URL's user "zicha_app" is the group role the migrations grant to; the login role needs a name of its own, e.g. zicha_web`,
    );
  }
  if (role === decodeURIComponent(owner.username) || role === "postgres") {
    throw new Error(`DATABASE_URL's user "${role}" is the owner or the superuser; the application needs a role of its own`);
  }
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      // Serialize concurrent runs (two hosts deploying at once): roles are cluster-wide.
      await tx`select pg_advisory_xact_lock(hashtextextended('zicha_roles', 0))`;
      const [group] = await tx`select 1 from pg_roles where rolname = 'zicha_app'`;
      if (!group) await tx.unsafe("create role zicha_app nologin");
      const [existing] = await tx<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = ${role}`;
      if (existing?.rolsuper) throw new Error(`role "${role}" is a superuser; pick another name for the application's role`);
      // Identifiers and the password quoted by PostgreSQL itself (format %I / %L).
      const verb = existing ? "alter" : "create";
      const [{ statement }] = await tx<{ statement: string }[]>`
        select format(${`${verb} role %I with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`} || case when ${password} <> '' then ' password %L' else '' end, ${role}::text, ${password}::text) as statement`;
      await tx.unsafe(statement);
      const [{ grant }] = await tx<{ grant: string }[]>`select format('grant zicha_app to %I', ${role}::text) as grant`;
      await tx.unsafe(grant);
      return { role, created: !existing };
    });
  } finally {
    await sql.end();
  }
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isEntry) {
  const appUrl = process.env.DATABASE_URL;
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  if (!appUrl || !ownerUrl) {
    console.error("db:roles needs DATABASE_URL (the application's role) and DATABASE_OWNER_URL (a role with CREATEROLE)");
    process.exit(1);
  }
  try {
    const result = await ensureAppRole(ownerUrl, appUrl);
    console.log(`${result.created ? "created" : "updated"} login role ${result.role} (member of zicha_app)`);
  } catch (error) {
    console.error(`db:roles: ${(error as Error).message}`);
    process.exit(1);
  }
}
