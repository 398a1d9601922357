import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { loadChecklistDir } from "../../checklists/loader";
import { importChecklists } from "../../app/models/checklist.server";
import { ensureRegions } from "../../app/models/region.server";
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
    const names = await withAdmin((sql) => sql<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`);
    for (const { datname } of names) await dropDatabase(datname);
  };
}
