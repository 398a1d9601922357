// `npm run checklists:load`: validate every checklist file and bring it into the database.
// Idempotent: an unchanged file changes nothing; a changed file becomes a new version.
import { createDatabase } from "~db/client";
import { ensureRegions } from "~/models/region.server";
import { importChecklists } from "~/models/checklist.server";
import { ChecklistFileError, loadChecklistDir } from "./loader";

const url = process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha";

let loaded;
try {
  loaded = loadChecklistDir();
} catch (error) {
  if (error instanceof ChecklistFileError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { db, client } = createDatabase(url, { max: 1 });
try {
  await ensureRegions(db);
  const report = await importChecklists(db, loaded);
  for (const row of report) console.log(`${row.outcome.padEnd(11)} v${row.version}  ${row.code}  (${row.file})`);
} finally {
  await client.end();
}
