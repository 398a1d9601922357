// Start-up checks of the web and worker processes (docs/decisions/014, 016). In production the
// application must connect as the least-privilege role: a superuser, or a role that owns the
// tables (it could ALTER, TRUNCATE or disable the audit trigger), is refused.
import type postgres from "postgres";

export type DatabaseRoleFacts = { user: string; isSuperuser: boolean; ownedTables: number; isAppMember: boolean };

export async function describeDatabaseRole(sql: postgres.Sql): Promise<DatabaseRoleFacts> {
  const [row] = await sql<{ user: string; is_superuser: boolean; owned_tables: number; is_app_member: boolean }[]>`
    select current_user as user,
           (select rolsuper from pg_roles where rolname = current_user) as is_superuser,
           (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owned_tables,
           (exists (select 1 from pg_roles where rolname = 'zicha_app') and pg_has_role(current_user, 'zicha_app', 'MEMBER')) as is_app_member`;
  return { user: row.user, isSuperuser: row.is_superuser, ownedTables: row.owned_tables, isAppMember: row.is_app_member };
}

export function databaseRoleProblems(facts: DatabaseRoleFacts, variable = "DATABASE_URL"): string[] {
  const problems: string[] = [];
  if (facts.isSuperuser) problems.push(`${variable} connects as "${facts.user}", a superuser`);
  if (facts.ownedTables > 0)
    problems.push(
      `${variable} connects as "${facts.user}", which owns ${facts.ownedTables} tables (use the owner for migrations only: DATABASE_OWNER_URL)`,
    );
  if (!facts.isAppMember) problems.push(`${variable} connects as "${facts.user}", which is not a member of zicha_app (npm run db:roles)`);
  return problems;
}

/**
 * Refuse to run in production as a privileged database role, unless the operator says so
 * (DATABASE_ALLOW_PRIVILEGED=true, e.g. a managed database without roles). A database that
 * is down at start is not a reason to stop: /readyz reports it.
 */
export async function checkDatabaseRoleAtStart(
  sql: postgres.Sql,
  log: (level: "warn" | "error", message: string) => void,
  variable = "DATABASE_URL",
): Promise<boolean> {
  const isProduction = process.env.NODE_ENV === "production";
  const isAllowed = process.env.DATABASE_ALLOW_PRIVILEGED === "true";
  let facts: DatabaseRoleFacts;
  try {
    facts = await describeDatabaseRole(sql);
  } catch (error) {
    log("warn", `database role not checked at start: ${(error as Error).message}`);
    return true;
  }
  const problems = databaseRoleProblems(facts, variable);
  if (problems.length === 0) return true;
  for (const problem of problems) log(isProduction && !isAllowed ? "error" : "warn", problem);
  return !isProduction || isAllowed;
}

/** Called by server.js through the build (entry.server re-exports it) before it listens. */
export async function runWebStartupChecks(log: (level: "warn" | "error", message: string) => void): Promise<boolean> {
  // Imported here, not at the top: importing db.server validates the environment first.
  // The read replica is held to the same rule (roles replicate with the data).
  const { sqlClient, replicaSqlClient } = await import("~/utils/db.server");
  const isPrimaryOk = await checkDatabaseRoleAtStart(sqlClient, log);
  const isReplicaOk = replicaSqlClient ? await checkDatabaseRoleAtStart(replicaSqlClient, log, "DATABASE_READ_URL") : true;
  return isPrimaryOk && isReplicaOk;
}
