// Least privilege (docs/decisions/014): the web and the worker connect as a member of zicha_app,
// which may read and write the application's tables but owns none. Every integration test runs
// as such a role (tests/setup); this file shows what the role is refused, and that the app's
// ordinary work, audit trail included, goes through.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { auditEvents } from "~db/schema";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { recordAudit } from "~/models/audit.server";
import { recordDueNotices } from "~/models/notification.server";
import { db, sqlClient } from "~/utils/db.server";
import { describeDatabaseRole, databaseRoleProblems } from "~/utils/startup.server";
import { ensureAppRole } from "~db/roles";
import { institutionScope, openDemoCampaign } from "./fixtures";

/** The database's refusal of a statement run as the app role: [SQLSTATE, message]. */
async function refusal(statement: string): Promise<[string, string]> {
  try {
    await sqlClient.unsafe(statement);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return [e.code ?? "", e.message ?? ""];
  }
  throw new Error(`accepted: ${statement}`);
}

const owner = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
afterAll(() => owner.end());

describe("the application's database role", () => {
  it("is a member of zicha_app, not a superuser, and owns no table", async () => {
    const facts = await describeDatabaseRole(sqlClient);
    expect(facts).toMatchObject({ isSuperuser: false, ownedTables: 0, isAppMember: true });
    expect(databaseRoleProblems(facts)).toEqual([]);
    // …while the owner would be refused at start-up in production.
    expect(databaseRoleProblems(await describeDatabaseRole(owner)).join("\n")).toMatch(/superuser|owns/);
  });

  it("cannot TRUNCATE, ALTER, disable triggers on, DROP or rewrite the audit trail", async () => {
    await recordAudit(db, { actorUserId: null, action: "test.event", entityType: "test", entityId: "1" });
    const denied = /permission denied|must be owner/;
    for (const statement of [
      "truncate audit_events",
      "truncate audit_events_default",
      "alter table audit_events disable trigger audit_events_no_update_delete",
      "alter table audit_events disable trigger all",
      "alter table audit_events_default disable trigger user",
      "alter table audit_events add column x int",
      "drop table audit_events",
      "update audit_events set action = 'x'",
      "delete from audit_events",
      // Partitions are reached through the parent only.
      "delete from audit_events_default",
      "select * from audit_events_default",
      "insert into audit_events_default (action, entity_type, entity_id) values ('x', 'y', 'z')",
    ]) {
      const [code, message] = await refusal(statement);
      expect(code, statement).toBe("42501");
      expect(message, statement).toMatch(denied);
      // Not the append-only trigger: the privilege is missing before any trigger could run.
      expect(message, statement).not.toMatch(/append-only/);
    }
    const [{ n }] = await owner<{ n: number }[]>`select count(*)::int as n from audit_events where action = 'test.event'`;
    expect(n).toBe(1);
  });

  it("cannot change the schema, bypass triggers or run the owner's retention", async () => {
    for (const statement of [
      "truncate notifications",
      "truncate assessments cascade",
      "alter table assessment_items disable trigger user",
      "alter table notifications drop constraint notifications_kind_valid",
      "create table public.intruder (id int)",
      "set session_replication_role = replica",
      "select zicha_drop_expired_partitions(6)",
      "select zicha_maintain_partitions(3)",
      "select * from drizzle.__drizzle_migrations",
    ]) {
      const [code, message] = await refusal(statement);
      expect(code, statement).toBe("42501");
      expect(message, statement).toMatch(/permission denied|must be owner/);
    }
  });

  it("does the app's ordinary work: a self-check answered and submitted, notices recorded, all audited", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const scope = institutionScope(s.officer);
    const codes = await db.execute<{ code: string }>(sql`
      select code from checklist_items where version_id = ${s.campaign.checklistVersionId} and applies_to @> array['hospital']::text[]`);
    for (const { code } of codes) {
      const saved = await saveAnswer(db, scope, {
        assessmentId: s.assessmentId,
        itemCode: code,
        data: { answer: "no_problem", lockVersion: 0 },
      });
      expect(saved.ok).toBe(true);
    }
    expect((await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" })).ok).toBe(true);
    expect((await recordDueNotices(db, new Date("2026-12-07T09:00:00+08:00"))).length).toBeGreaterThan(0);
    const events = await db.select({ action: auditEvents.action }).from(auditEvents);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["campaign.opened", "assessment.submitted"]));
    // A dedupe key recorded again is skipped, as ever (the key table needs only INSERT).
    expect(await recordDueNotices(db, new Date("2026-12-07T09:00:00+08:00"))).toEqual([]);
  });
});

describe("npm run db:roles", () => {
  it("refuses to make the group role zicha_app a login role (the demo's default database is named zicha)", async () => {
    const ownerUrl = process.env.TEST_OWNER_DATABASE_URL!;
    const appUrl = new URL(ownerUrl);
    appUrl.username = "zicha_app";
    appUrl.password = "x";
    await expect(ensureAppRole(ownerUrl, appUrl.toString())).rejects.toThrow(/group role/);
    const [group] = await owner<{ rolcanlogin: boolean }[]>`select rolcanlogin from pg_roles where rolname = 'zicha_app'`;
    expect(group.rolcanlogin).toBe(false);
  });
});
