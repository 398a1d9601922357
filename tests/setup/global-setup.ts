import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase } from "~db/client";
import { migrateDatabase } from "~db/migrate";
import { loadChecklistDir } from "~checklists/loader";
import { importChecklists } from "~/models/checklist.server";
import { ensureRegions } from "~/models/region.server";
import { clusterNodesFromEnv, createRedisConnection, deleteKeysMatching } from "~jobs/connection";
import { databaseUrl, dropDatabase, withAdmin } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: string;
    /** The login role the app connects as in tests: a member of zicha_app, like production's. */
    dbAppRole: { user: string; password: string };
  }
}

/** Build this run's template database once; every worker copies it. */
export default async function setup(project: TestProject) {
  const template = `zicha_test_${process.pid}_${project.name}`;
  await dropDatabase(template);
  await withAdmin((sql) => sql.unsafe(`create database "${template}"`));
  const url = databaseUrl(template);
  await migrateDatabase(url);
  const { db, client } = createDatabase(url, { max: 1 });
  try {
    await ensureRegions(db);
    await importChecklists(db, loadChecklistDir());
  } finally {
    await client.end();
  }
  project.provide("dbTemplate", template);
  // Tests run as the least-privilege role (docs/decisions/014): a login role of this run that
  // is a member of zicha_app (made by the migration), dropped with the run's databases.
  const appRole = { user: `${template}_app`, password: randomBytes(18).toString("hex") };
  await withAdmin(async (sql) => {
    await sql.unsafe(`drop role if exists "${appRole.user}"`);
    await sql.unsafe(`create role "${appRole.user}" login password '${appRole.password}' in role zicha_app`);
  });
  project.provide("dbAppRole", appRole);

  return async () => {
    // Drop the template and every worker copy made from it, then the run's login role.
    // Every worker's queue prefix starts with the template's name (in a cluster, inside a hash tag).
    await deleteRedisKeys(clusterNodesFromEnv() ? `{${template}*` : `${template}*`);
    const names = await withAdmin(
      (sql) => sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`,
    );
    for (const { datname } of names) await dropDatabase(datname);
    await withAdmin((sql) => sql.unsafe(`drop role if exists "${appRole.user}"`));
    // The e2e run's list of pages already checked with axe (tests/e2e/browser.ts).
    await fs.rm(path.join(os.tmpdir(), `${template}_axe_pages.txt`), { force: true });
  };
}

/** Remove every Redis key a test queue of this run created. */
async function deleteRedisKeys(pattern: string) {
  const redis = createRedisConnection(undefined, { lazyConnect: false });
  try {
    await deleteKeysMatching(redis, pattern);
  } finally {
    redis.disconnect();
  }
}
