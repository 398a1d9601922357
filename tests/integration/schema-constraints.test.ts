import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { assessmentItems, institutions, users } from "~db/schema";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, makeCreditCode } from "../factories";
import { openDemoCampaign } from "./fixtures";

/** The database itself refuses bad rows, whatever the application does. */
async function rejects(run: () => Promise<unknown>, constraint: string) {
  await expect(run()).rejects.toMatchObject({ cause: expect.objectContaining({ constraint_name: constraint }) });
}

/** The database's own message for a rejected statement (drizzle wraps it as `cause`). */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? error);
  }
  throw new Error("statement was accepted");
}

describe("schema constraints", () => {
  it("NHSA code must match its kind and region", async () => {
    const base = {
      name: "x",
      grade: "ungraded" as const,
      ownership: "private" as const,
      regionCode: "411303",
      creditCode: makeCreditCode("411303", 1),
    };
    await rejects(
      () => db.insert(institutions).values({ ...base, kind: "pharmacy", nhsaCode: "H41130300001" }),
      "institutions_nhsa_code_shape",
    );
    await rejects(
      () => db.insert(institutions).values({ ...base, kind: "hospital", nhsaCode: "H41130200001" }),
      "institutions_nhsa_code_shape",
    );
    await rejects(
      () => db.insert(institutions).values({ ...base, kind: "hospital", nhsaCode: "H4113030001X" }),
      "institutions_nhsa_code_shape",
    );
  });

  it("NHSA code, credit code and e-mail are unique", async () => {
    const a = await createInstitution(db, { serial: 7 });
    await rejects(() => createInstitution(db, { serial: 7 }), "institutions_nhsa_code_unique");
    await rejects(
      () => db.insert(institutions).values({ ...a, id: undefined, nhsaCode: "H41130399999" }),
      "institutions_credit_code_unique",
    );
    await createUser(db, "admin", { email: "same@example.test" });
    await rejects(() => createUser(db, "admin", { email: "same@example.test" }), "users_email_unique");
  });

  it("a user's scope matches its role", async () => {
    await rejects(() => db.insert(users).values({ email: "r@example.test", name: "r", role: "regulator" }), "users_scope_matches_role");
    await rejects(
      () => db.insert(users).values({ email: "o@example.test", name: "o", role: "officer", regionCode: "411300" }),
      "users_scope_matches_role",
    );
  });

  it("one self-check per campaign × institution and one answer per item; amounts never negative", async () => {
    const { campaign, hospital, assessmentId, officer } = await openDemoCampaign();
    await rejects(
      () =>
        db.execute(
          sql`insert into assessments (campaign_id, institution_id, region_code, item_count) values (${campaign.id}, ${hospital.id}, '411303', 3)`,
        ),
      "assessments_campaign_institution_unique",
    );
    const [item] = await db.execute<{ id: string }>(
      sql`select id from checklist_items where version_id = ${campaign.checklistVersionId} order by position limit 1`,
    );
    await db.insert(assessmentItems).values({ assessmentId, checklistItemId: item.id, answer: "no_problem", answeredBy: officer.id });
    await rejects(
      () => db.insert(assessmentItems).values({ assessmentId, checklistItemId: item.id, answer: "no_problem", answeredBy: officer.id }),
      "assessment_items_one_answer",
    );
    await rejects(
      () =>
        db.execute(sql`update assessment_items set answer = 'problem_found', description = 'd', case_count = 1, amount_involved_fen = -1, refunded_fen = 0,
        rectification_plan = 'p', responsible_person = 'r', rectification_due_on = '2026-12-31', rectification_status = 'open' where assessment_id = ${assessmentId}`),
      "assessment_items_amounts_valid",
    );
    await rejects(
      () => db.execute(sql`update assessment_items set answer = 'problem_found' where assessment_id = ${assessmentId}`),
      "assessment_items_problem_details",
    );
  });

  it("a self-check cannot be marked submitted while incomplete", async () => {
    const { assessmentId } = await openDemoCampaign();
    await rejects(
      () =>
        db.execute(
          sql`update assessments set status = 'submitted', submitted_at = now(), commitment_signed_at = now() where id = ${assessmentId}`,
        ),
      "assessments_submitted_is_complete",
    );
  });

  it("the audit trail cannot be edited or deleted, not even by the owner", async () => {
    await openDemoCampaign();
    // The application's role lacks the privilege altogether (tests/integration/least-privilege.test.ts);
    // the trigger stops the owner, on every partition.
    const owner = drizzle(postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} }));
    try {
      expect(await refusal(() => owner.execute(sql`update audit_events set action = 'x'`))).toMatch(/append-only/);
      expect(await refusal(() => owner.execute(sql`delete from audit_events`))).toMatch(/append-only/);
    } finally {
      await owner.$client.end();
    }
  });

  it("a checklist version used by a campaign cannot change", async () => {
    const { campaign } = await openDemoCampaign();
    expect(
      await refusal(() => db.execute(sql`update checklist_items set title = 'changed' where version_id = ${campaign.checklistVersionId}`)),
    ).toMatch(/used by a campaign/);
  });
});
