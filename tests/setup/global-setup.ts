import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { loadChecklistDir } from "../../checklists/loader";
import { importChecklists } from "../../app/models/checklist.server";
import { ensureRegions } from "../../app/models/region.server";
import { createRedisConnection } from "../../jobs/connection";
import { databaseUrl, dropDatabase, withAdmin } from "./databases";

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: string;
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

  return async () => {
    // Drop the template and every worker copy made from it.
    await deleteRedisKeys(`${template}*`);
    const names = await withAdmin((sql) => sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`);
    for (const { datname } of names) await dropDatabase(datname);
  };
}

/** Remove every Redis key a test queue of this run created. */
async function deleteRedisKeys(pattern: string) {
  const redis = createRedisConnection(process.env.REDIS_URL, { lazyConnect: false });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
