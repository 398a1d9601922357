// Backup and restore round trip (docs/decisions/016): a seeded database with two submitted
// versions of a self-check and evidence files is backed up (pg_dump custom format + the
// evidence copied and verified), restored into a fresh database and a fresh storage directory,
// and every submission version and every evidence file (by SHA-256) is found intact.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { addEvidence } from "~/models/evidence.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { db } from "~/utils/db.server";
import { createLocalStorage, getEvidenceStorage } from "~/utils/storage.server";
import { createBackup, restoreBackup } from "../../scripts/backup-lib";
import { databaseUrl, dropDatabase, withAdmin } from "../setup/databases";
import { institutionScope, openDemoCampaign, regionScope } from "./fixtures";

const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "zicha-backup-test-"));
const restoredName = `${decodeURIComponent(new URL(process.env.TEST_OWNER_DATABASE_URL!).pathname.slice(1))}_restored`;
afterAll(async () => {
  await dropDatabase(restoredName);
  await fs.rm(workDir, { recursive: true, force: true });
});

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A self-check submitted, returned for one item, fixed and resubmitted, with evidence on the way. */
async function seed() {
  const s = await openDemoCampaign();
  const scope = institutionScope(s.officer);
  const items = await db.execute<{ id: string; code: string }>(sql`
    select id, code from checklist_items where version_id = ${s.campaign.checklistVersionId} and applies_to @> array['hospital']::text[] order by position`);
  for (const item of items) {
    expect(
      (await saveAnswer(db, scope, { assessmentId: s.assessmentId, itemCode: item.code, data: { answer: "no_problem", lockVersion: 0 } }))
        .ok,
    ).toBe(true);
  }
  const files: Buffer[] = [];
  for (const name of ["整改报告", "退款凭证"]) {
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${name}\n`), randomBytes(2048), Buffer.from("\n%%EOF\n")]);
    const tempPath = path.join(workDir, `${randomBytes(6).toString("hex")}.part`);
    await fs.writeFile(tempPath, bytes);
    const added = await addEvidence(db, getEvidenceStorage(), scope, {
      assessmentId: s.assessmentId,
      itemCode: items[0].code,
      files: [
        {
          originalName: `${name}.pdf`,
          contentType: "application/pdf",
          extension: "pdf",
          sizeBytes: bytes.length,
          sha256: sha(bytes),
          tempPath,
        },
      ],
    });
    expect(added.ok).toBe(true);
    files.push(bytes);
  }
  expect((await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" })).ok).toBe(true);
  const reviewer = regionScope(s.wolongRegulator);
  await reviewItem(db, reviewer, { assessmentId: s.assessmentId, checklistItemId: items[1].id, decision: "returned", comment: "请补充" });
  await decideAssessment(db, reviewer, { assessmentId: s.assessmentId, decision: "returned", reworkDueOn: "2099-12-20" });
  expect(
    (
      await saveAnswer(db, scope, {
        assessmentId: s.assessmentId,
        itemCode: items[1].code,
        data: { answer: "not_applicable", lockVersion: 1 },
      })
    ).ok,
  ).toBe(true);
  expect((await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" })).ok).toBe(true);
  return { files };
}

const versionsOf = (client: postgres.Sql) =>
  client<{ id: string; assessment_id: string; version: number; digest: string }[]>`
    select id, assessment_id, version, md5(snapshot::text) as digest from assessment_versions order by assessment_id, version`;
const evidenceOf = (client: postgres.Sql) => client<{ id: string; sha256: string; frozen: boolean }[]>`
    select id, sha256, frozen_at is not null as frozen from evidence_files order by id`;

describe("npm run backup / npm run restore", () => {
  it("restores every submission version and every evidence file, byte for byte", { timeout: 120_000 }, async () => {
    const { files } = await seed();
    const source = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const backupDir = path.join(workDir, "backup");
    const manifest = await createBackup({
      databaseUrl: process.env.TEST_OWNER_DATABASE_URL!,
      storage: getEvidenceStorage(),
      storageDriver: "local",
      outDir: backupDir,
    });
    expect(manifest.evidence).toMatchObject({ objects: 2, copied: true });

    await dropDatabase(restoredName);
    await withAdmin((admin) => admin.unsafe(`create database "${restoredName}"`));
    const restoredStorageDir = path.join(workDir, "restored-evidence");
    const restoredStorage = createLocalStorage(restoredStorageDir);
    const report = await restoreBackup({
      backupDir,
      databaseUrl: databaseUrl(restoredName),
      storage: restoredStorage,
      storageDriver: "local",
    });
    expect(report).toMatchObject({ evidenceRestored: 2, evidenceReferenced: 2, missing: [] });

    const restored = postgres(databaseUrl(restoredName), { max: 1, onnotice: () => {} });
    try {
      const versions = await versionsOf(restored);
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect(versions).toEqual(await versionsOf(source));
      const evidence = await evidenceOf(restored);
      expect(evidence).toEqual(await evidenceOf(source));
      expect(evidence.every((e) => e.frozen)).toBe(true);
      // The bytes: each restored object hashes to its row's SHA-256 and equals what was uploaded.
      for (const bytes of files) {
        const { stream } = await restoredStorage.getStream(sha(bytes));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        expect(sha(Buffer.concat(chunks))).toBe(sha(bytes));
      }
      // The rest came along: the audit trail (partitioned, still append-only), the app role's grants.
      const [counts] = await restored<{ audit: number; partitions: number; can_insert: boolean; can_delete: boolean }[]>`
        select (select count(*)::int from audit_events) as audit,
               (select count(*)::int from pg_inherits i join pg_class p on p.oid = i.inhparent where p.relname = 'audit_events') as partitions,
               has_table_privilege('zicha_app', 'audit_events', 'INSERT') as can_insert,
               has_table_privilege('zicha_app', 'audit_events', 'DELETE') as can_delete`;
      const [sourceAudit] = await source<{ audit: number }[]>`select count(*)::int as audit from audit_events`;
      expect(counts).toMatchObject({ audit: sourceAudit.audit, can_insert: true, can_delete: false });
      expect(counts.partitions).toBeGreaterThanOrEqual(5);
      await expect(restored`delete from audit_events`).rejects.toThrow(/append-only/);
      // A restore never overwrites a database that has data.
      await expect(
        restoreBackup({ backupDir, databaseUrl: databaseUrl(restoredName), storage: restoredStorage, storageDriver: "local" }),
      ).rejects.toThrow(/refusing to restore/);
    } finally {
      await restored.end();
      await source.end();
    }
  });

  it("refuses a damaged archive", async () => {
    await seed();
    const backupDir = path.join(workDir, "damaged");
    await createBackup({
      databaseUrl: process.env.TEST_OWNER_DATABASE_URL!,
      storage: getEvidenceStorage(),
      storageDriver: "local",
      outDir: backupDir,
    });
    const dump = path.join(backupDir, "db.dump");
    const bytes = await fs.readFile(dump);
    bytes[bytes.length - 10] ^= 0xff;
    await fs.writeFile(dump, bytes);
    await expect(
      restoreBackup({
        backupDir,
        databaseUrl: databaseUrl(`${restoredName}_never`),
        storage: createLocalStorage(path.join(workDir, "never")),
        storageDriver: "local",
      }),
    ).rejects.toThrow(/does not match the manifest/);
  });
});
