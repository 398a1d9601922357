// Runs in each test file before it is imported: point the app at this worker's own database
// and empty the tables between tests.
import fs from "node:fs/promises";
import postgres from "postgres";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, inject } from "vitest";
import { createDatabaseFromTemplate, databaseUrl, databaseUrlAs } from "./databases";

const template = inject("dbTemplate");
const name = `${template}_w${process.env.VITEST_POOL_ID ?? "0"}`;
await createDatabaseFromTemplate(name, template);
// The app (and any worker or server a test starts) connects as the least-privilege role; only
// the reset between tests, which truncates, uses the owner.
process.env.DATABASE_URL = databaseUrlAs(name, inject("dbAppRole"));
process.env.TEST_OWNER_DATABASE_URL = databaseUrl(name);
// The cluster tests (scripts/test-cluster.sh) also read from the topology's hot standby: the
// same database, reached as the same least-privilege role (roles replicate with the data).
if (process.env.TEST_REPLICA_ADMIN_DATABASE_URL) {
  const replica = new URL(process.env.DATABASE_URL);
  const replicaAdmin = new URL(process.env.TEST_REPLICA_ADMIN_DATABASE_URL);
  replica.hostname = replicaAdmin.hostname;
  replica.port = replicaAdmin.port;
  process.env.DATABASE_READ_URL = replica.toString();
}
const ownerClient = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
process.env.NODE_ENV = "test";
// Evidence files go to a throwaway directory of this worker, never the demo's var/evidence.
const storageDir = path.join(os.tmpdir(), `${name}_evidence`);
process.env.STORAGE_DIR = storageDir;
process.env.STORAGE_DRIVER = "local";
// Queue keys of this worker only (removed by the global teardown).
process.env.QUEUE_PREFIX = name;
// One key for TOTP secrets in the test process and the server it starts (e2e), so secrets the
// tests seal open in the app.
process.env.MFA_SECRET_KEY ??= "dGVzdC1vbmx5LW1mYS1rZXktMDEyMzQ1Njc4OWFiY2Q=";

const { sqlClient } = await import("~/utils/db.server");
const { createRedisConnection, deleteKeysMatching } = await import("~jobs/connection");
const { queueKeyPattern } = await import("~jobs/queues");
// The deployment's Redis: the cluster when REDIS_CLUSTER_NODES is set (scripts/test-cluster.sh).
const redis = createRedisConnection();

beforeEach(async () => {
  await resetDatabase(ownerClient);
  await deleteQueueKeys();
});

afterAll(async () => {
  await deleteQueueKeys();
  redis.disconnect();
  await sqlClient.end();
  await ownerClient.end();
  await fs.rm(storageDir, { recursive: true, force: true });
});

/** Remove everything a test may have written; keep regions and the shipped checklists. */
export async function resetDatabase(sql: postgres.Sql) {
  await sql.unsafe(`
    truncate table campaign_region_stats, campaign_item_stats, campaign_submission_days,
      inspection_sample_entries, inspection_samples, inspection_verifications, inspection_attachments, inspection_findings, inspection_inspectors, inspections,
      risk_score_history, risk_overrides, risk_scores, invitations, roster_imports,
      -- In one statement with inspections, which reference clues (migration 0017).
      sample_must_includes, clue_month_stats, clue_files, clue_complainants, clue_record_answers, clue_records, clues, clue_imports, clue_batches;
    truncate table audit_events, notifications, notification_keys, evidence_upload_pins, item_reviews, item_comments, item_assignments, evidence_files, assessment_versions;
    delete from assessment_items;
    delete from assessments;
    -- The deletes above fired the rollup triggers (migration 0006); empty the rollups again.
    truncate table campaign_region_stats, campaign_item_stats, campaign_submission_days;
    delete from campaign_targets;
    delete from campaigns;
    delete from sessions;
    delete from auth_throttles;
    -- Published versions are frozen by triggers (0009); the purge flag lifts that for this transaction only.
    select set_config('zicha.checklist_purge', 'on', true);
    delete from checklist_items where version_id in (select id from checklist_versions where created_by is not null or version > 1);
    delete from checklist_versions where created_by is not null or version > 1;
    delete from checklist_items where version_id in (select v.id from checklist_versions v join checklists c on c.id = v.checklist_id where c.source = 'test');
    delete from checklist_versions where checklist_id in (select id from checklists where source = 'test');
    delete from checklists where source = 'test';
    delete from checklists c where not exists (select 1 from checklist_versions v where v.checklist_id = c.id);
    delete from users;
    delete from institutions;
  `);
}

/** Jobs left by an earlier test (e.g. a notice queued by a route) must not reach the next one. */
async function deleteQueueKeys() {
  await deleteKeysMatching(redis, queueKeyPattern(name));
}
