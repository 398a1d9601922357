// The distribution key (docs/decisions/029): every large table's rows carry the province of the
// institution or region they belong to, whichever write path made them, and the hot queries
// (self-check page, review page, dashboards, the digest's reads, the unread count) filter by it.
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { schema } from "~db/client";
import { assessmentItems, assessments, evidenceFiles, users } from "~db/schema";
import { getWorkspacePage, saveAnswer, submitAssessment } from "~/models/assessment.server";
import { recordAudit } from "~/models/audit.server";
import { getRegionOverview, listHotspots, listOverdue, resolveDashboard } from "~/models/dashboard.server";
import { countUnread } from "~/models/inbox.server";
import { recordWeeklyDigest } from "~/models/notification.server";
import { decideAssessment, getReviewPage, reviewItem } from "~/models/review.server";
import { db, sqlClient } from "~/utils/db.server";
import { getSessionUser } from "~/utils/session.server";
import { createUser } from "../factories";
import { BASE_URL, sessionCookieFor } from "../helpers";
import { institutionScope, openDemoCampaign, regionScope } from "./fixtures";

/** How each table's rows find their province, checked row by row. */
const EXPECTED: Record<string, string> = {
  institutions: "left(t.region_code, 2)",
  users: "coalesce((select i.province_code from institutions i where i.id = t.institution_id), left(t.region_code, 2), '00')",
  campaign_targets: "(select i.province_code from institutions i where i.id = t.institution_id)",
  assessments: "(select left(i.region_code, 2) from institutions i where i.id = t.institution_id)",
  assessment_items: "(select a.province_code from assessments a where a.id = t.assessment_id)",
  assessment_versions: "(select a.province_code from assessments a where a.id = t.assessment_id)",
  item_reviews: "(select v.province_code from assessment_versions v where v.id = t.version_id)",
  item_comments: "(select a.province_code from assessments a where a.id = t.assessment_id)",
  item_assignments: "(select a.province_code from assessments a where a.id = t.assessment_id)",
  evidence_files: "(select a.province_code from assessments a where a.id = t.assessment_id)",
  notifications: "(select u.province_code from users u where u.id = t.recipient_id)",
  audit_events:
    "coalesce(left(t.region_code, 2), (select i.province_code from institutions i where i.id = t.institution_id), (select u.province_code from users u where u.id = t.actor_user_id), '00')",
  campaign_region_stats: "left(t.region_code, 2)",
  campaign_item_stats: "left(t.region_code, 2)",
  campaign_submission_days: "left(t.region_code, 2)",
};
/** Tables the scenario below must have written to (so the row check is not vacuous). */
const WRITTEN = [
  "institutions",
  "users",
  "campaign_targets",
  "assessments",
  "assessment_items",
  "assessment_versions",
  "item_reviews",
  "evidence_files",
  "notifications",
  "audit_events",
  "campaign_region_stats",
  "campaign_submission_days",
];

async function answerAllAndSubmit(s: Awaited<ReturnType<typeof openDemoCampaign>>) {
  const scope = institutionScope(s.officer);
  const { ws } = await getWorkspacePage(db, scope, s.assessmentId);
  for (const row of ws.items) {
    const saved = await saveAnswer(db, scope, {
      assessmentId: s.assessmentId,
      itemCode: row.item.code,
      data: { answer: "no_problem", lockVersion: 0 },
    });
    expect(saved.ok).toBe(true);
  }
  const submitted = await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: true } as never);
  expect(submitted.ok, JSON.stringify(submitted)).toBe(true);
  return ws.items;
}

describe("the province key", () => {
  it("every large table's rows carry the province of their institution or region, whatever wrote them", async () => {
    const s = await openDemoCampaign();
    const items = await answerAllAndSubmit(s);
    const city = regionScope(s.cityRegulator);
    const reviewed = await reviewItem(db, city, { assessmentId: s.assessmentId, checklistItemId: items[0].item.id, decision: "accepted" });
    expect(reviewed.ok, JSON.stringify(reviewed)).toBe(true);
    const decided = await decideAssessment(db, city, { assessmentId: s.assessmentId, decision: "accepted" });
    expect(decided.ok, JSON.stringify(decided)).toBe(true);
    // Written without naming the column: an evidence row, an admin's audit event and a notice.
    await db.insert(evidenceFiles).values({
      assessmentId: s.assessmentId,
      checklistItemId: items[1].item.id,
      institutionId: s.hospital.id,
      fileName: "a.pdf",
      contentType: "application/pdf",
      sizeBytes: 10,
      sha256: "a".repeat(64),
      storageKey: `test/${"a".repeat(64)}`,
      uploadedBy: s.officer.id,
    } as never);
    const admin = await createUser(db, "admin", { name: "平台管理员" });
    await recordAudit(db, { actorUserId: admin.id, action: "test.admin", entityType: "user", entityId: admin.id });
    await recordWeeklyDigest(db, new Date("2099-01-05T01:00:00Z"));

    const [henan] = await db.select({ p: assessments.provinceCode }).from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(henan.p).toBe("41");
    const [mongolia] = await db.select({ p: users.provinceCode }).from(users).where(eq(users.id, s.outsideOfficer.id));
    expect(mongolia.p).toBe("15");
    const [nobody] = await db.select({ p: users.provinceCode }).from(users).where(eq(users.id, admin.id));
    expect(nobody.p).toBe("00");
    const answers = await db.select({ p: assessmentItems.provinceCode }).from(assessmentItems);
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers.map((a) => a.p))).toEqual(new Set(["41"]));

    for (const [table, expected] of Object.entries(EXPECTED)) {
      const [row] = await db.execute<{ rows: number; wrong: number; missing: number }>(
        sql.raw(`select count(*)::int as rows,
                  count(*) filter (where t.province_code is distinct from ${expected})::int as wrong,
                  count(*) filter (where t.province_code is null)::int as missing
                from "${table}" t`),
      );
      expect({ table, wrong: row.wrong, missing: row.missing }).toEqual({ table, wrong: 0, missing: 0 });
      if (WRITTEN.includes(table)) expect(row.rows, `${table} has rows`).toBeGreaterThan(0);
    }
    // NOT NULL everywhere the migration put the key.
    const nullable = await db.execute<{ table_name: string }>(sql`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'province_code' and is_nullable = 'YES'`);
    expect(nullable.map((r) => r.table_name)).toEqual([]);
  });

  it("the hot queries filter by the province (query log)", async () => {
    const s = await openDemoCampaign();
    await answerAllAndSubmit(s);
    const logged: string[] = [];
    const logging = drizzle(sqlClient, { schema, logger: { logQuery: (query) => logged.push(query) } });

    // The session carries the province, so the institution scope has it without a lookup.
    const request = new Request(`${BASE_URL}/inst`, { headers: { Cookie: await sessionCookieFor(s.officer.id) } });
    const user = await getSessionUser(request);
    expect(user?.provinceCode).toBe("41");
    const scope = { ...institutionScope(s.officer), provinceCode: user!.provinceCode };

    const city = regionScope(s.cityRegulator);
    await getWorkspacePage(logging, scope, s.assessmentId);
    await countUnread(logging, s.officer.id, user!.provinceCode);
    await getReviewPage(logging, city, s.assessmentId);
    const ctx = await resolveDashboard(db, city, {});
    const today = "2099-01-05";
    await getRegionOverview(logging, ctx, {}, today);
    await listHotspots(logging, ctx, {});
    await listOverdue(logging, ctx, {}, today);
    await recordWeeklyDigest(logging, new Date("2099-01-05T01:00:00Z"));

    const large =
      /\b(from|join)\s+"?(assessments|assessment_items|notifications|campaign_region_stats|campaign_item_stats|campaign_submission_days)"?\s+(\w+\s+)?(on|where|join|left|inner|group|order|$)/i;
    const hot = logged.filter((q) => large.test(q));
    expect(hot.length).toBeGreaterThan(5);
    for (const query of hot) {
      expect(query, query).toMatch(/province_code/);
    }
  });
});
