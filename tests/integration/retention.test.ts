// Retention (docs/decisions/014): month partitions of the audit trail and the notices are
// dropped only when every row in them is older than the retention period, never under 6 months
// (Cybersecurity Law Art. 21), more when configured; evidence is never deleted while anything
// references it.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import * as schema from "~db/schema";
import { auditEvents, evidenceFiles, notifications } from "~db/schema";
import { addEvidence } from "~/models/evidence.server";
import { pinUploads } from "~/models/stored-file.server";
import { dropExpiredPartitions, RetentionTooShortError, runRetention } from "~/models/retention.server";
import { db } from "~/utils/db.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { createUser } from "../factories";
import { institutionScope, openDemoCampaign } from "./fixtures";

// Retention runs as the owner (the app role may not drop or create partitions).
const ownerClient = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
const owner = drizzle(ownerClient, { schema });
afterAll(() => ownerClient.end());

const DAY = 86_400_000;
/** `months` calendar months and `days` days before now, in UTC (partitions are UTC months). */
function ago(months: number, days = 0): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return new Date(d.getTime() - days * DAY);
}
/** The first instant after the UTC month that holds `at`: when a partition's rows are all older than it. */
const monthEnd = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));

const AGES = {
  nineMonths: ago(9),
  sevenMonthsAndTwoDays: ago(7, 2), // its whole month is past 6 months, whatever today is
  sixMonthsLessOneDay: ago(6, -1), // younger than 6 months: its partition must stay
  oneMonth: ago(1),
  now: new Date(),
};

async function seedRows() {
  const user = await createUser(db, "admin");
  for (const [label, at] of Object.entries(AGES)) {
    await db
      .insert(auditEvents)
      .values({ occurredAt: at, actorUserId: null, action: "test.retention", entityType: "test", entityId: label });
    await db.insert(notifications).values({
      dedupeKey: `retention|${label}`,
      recipientId: user.id,
      kind: "due_soon",
      subject: label,
      bodyText: label,
      linkPath: "/",
      createdAt: at,
      emailStatus: "skipped",
    });
  }
  return user;
}

const auditLabels = async () =>
  (
    await db
      .select({ id: auditEvents.entityId })
      .from(auditEvents)
      .where(sql`action = 'test.retention'`)
  )
    .map((r) => r.id)
    .sort();
const noticeLabels = async () => (await db.select({ s: notifications.subject }).from(notifications)).map((r) => r.s).sort();
const keys = async () =>
  (await owner.execute<{ k: string }>(sql`select dedupe_key as k from notification_keys order by 1`)).map((r) => r.k);

describe("retention of the audit trail and the notices", () => {
  it("drops only months older than the retention period: 12 months keeps all, 6 drops the old ones", async () => {
    const user = await seedRows();
    const storage = getEvidenceStorage();

    const first = await runRetention(owner, storage, { retentionMonths: 12 });
    expect(first.dropped).toEqual([]);
    expect(await auditLabels()).toEqual(Object.keys(AGES).sort());
    // Back-dated rows sat in the default partitions; maintenance moved them into their months.
    const [defaults] = await owner.execute<{ n: number }>(sql`
      select (select count(*) from audit_events_default) + (select count(*) from notifications_default) as n`);
    expect(Number(defaults.n)).toBe(0);
    expect(first.created).toEqual(expect.arrayContaining([`audit_events_p${AGES.nineMonths.toISOString().slice(0, 7).replace("-", "_")}`]));

    const second = await runRetention(owner, storage, { retentionMonths: 6 });
    const cutoff = ago(6);
    const expected = Object.entries(AGES)
      .filter(([, at]) => monthEnd(at) > cutoff)
      .map(([label]) => label)
      .sort();
    expect(expected).toEqual(expect.arrayContaining(["sixMonthsLessOneDay", "oneMonth", "now"]));
    expect(expected).not.toContain("sevenMonthsAndTwoDays");
    expect(await auditLabels()).toEqual(expected);
    expect(await noticeLabels()).toEqual(expected);
    expect(second.dropped.map((d) => d.partition)).toEqual(
      expect.arrayContaining([
        `audit_events_p${AGES.nineMonths.toISOString().slice(0, 7).replace("-", "_")}`,
        `notifications_p${AGES.sevenMonthsAndTwoDays.toISOString().slice(0, 7).replace("-", "_")}`,
      ]),
    );
    // The dropped months' dedupe keys went with them; the kept ones still refuse a repeat.
    expect(await keys()).toEqual(expected.map((l) => `retention|${l}`).sort());
    const repeat = await db
      .insert(notifications)
      .values({
        dedupeKey: "retention|oneMonth",
        recipientId: user.id,
        kind: "due_soon",
        subject: "again",
        bodyText: "x",
        linkPath: "/",
        emailStatus: "skipped",
      })
      .returning();
    expect(repeat).toEqual([]);
  });

  it("refuses fewer than 6 months, in the job and in the database itself", async () => {
    await seedRows();
    const storage = getEvidenceStorage();
    await runRetention(owner, storage, { retentionMonths: 12 }); // months in place, nothing dropped
    for (const months of [5, 3, 0]) {
      await expect(runRetention(owner, storage, { retentionMonths: months })).rejects.toBeInstanceOf(RetentionTooShortError);
      await expect(dropExpiredPartitions(owner, months)).rejects.toBeInstanceOf(RetentionTooShortError);
      // Straight to the function, past the TypeScript check: the floor holds there too.
      await expect(owner.execute(sql`select * from zicha_drop_expired_partitions(${months})`)).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/at least 6 months/) }),
      });
    }
    expect(await auditLabels()).toEqual(Object.keys(AGES).sort());
  });
});

describe("evidence under retention", () => {
  const writeTemp = async (bytes: Buffer) => {
    const file = path.join(os.tmpdir(), `retention-${randomBytes(6).toString("hex")}.part`);
    await fs.writeFile(file, bytes);
    return file;
  };
  const objectPath = (sha256: string) => path.join(path.resolve(process.env.STORAGE_DIR!), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const age = (sha256: string, days: number) =>
    fs.utimes(objectPath(sha256), new Date(Date.now() - days * DAY), new Date(Date.now() - days * DAY));
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
  const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it("keeps referenced and pinned bytes however old, sweeps old unreferenced ones, leaves fresh ones", async () => {
    const s = await openDemoCampaign();
    const storage = getEvidenceStorage();
    const referenced = pdf("referenced");
    const result = await addEvidence(db, storage, institutionScope(s.officer), {
      assessmentId: s.assessmentId,
      itemCode: "MI-01",
      files: [
        {
          originalName: "凭证.pdf",
          contentType: "application/pdf",
          extension: "pdf",
          sizeBytes: referenced.length,
          sha256: sha(referenced),
          tempPath: await writeTemp(referenced),
        },
      ],
    });
    expect(result.ok).toBe(true);
    const oldOrphan = pdf("left by a crash");
    const freshOrphan = pdf("being uploaded right now");
    const pinned = pdf("an upload in flight");
    for (const bytes of [oldOrphan, freshOrphan, pinned]) await storage.putFile(await writeTemp(bytes), sha(bytes), "application/pdf");
    await pinUploads(db, [sha(pinned)]);
    for (const bytes of [referenced, oldOrphan, pinned]) await age(sha(bytes), 30);

    const report = await runRetention(owner, storage, { retentionMonths: 6, evidenceGraceHours: 24 });
    expect(report.evidence).toEqual({ scanned: 4, removed: 1 });
    expect(await storage.exists(sha(referenced))).toBe(true);
    expect(await storage.exists(sha(pinned))).toBe(true);
    expect(await storage.exists(sha(freshOrphan))).toBe(true);
    expect(await storage.exists(sha(oldOrphan))).toBe(false);
    expect(await db.select().from(evidenceFiles)).toHaveLength(1);
  });
});
