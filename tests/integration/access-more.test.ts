// Tenancy for the pages added with evidence, review and notices (the first set is in access.test.ts).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "~db/schema";
import * as historyRoute from "~/routes/inst.assessments.$assessmentId.history";
import * as instReport from "~/routes/inst.assessments.$assessmentId.report";
import * as overviewRoute from "~/routes/inst.assessments.$assessmentId._index";
import * as staffRoute from "~/routes/inst.staff";
import * as reviewRoute from "~/routes/reg.assessments.$assessmentId";
import { db } from "~/utils/db.server";
import { callAction, callLoader } from "../helpers";
import { openDemoCampaign } from "./fixtures";

describe("more routes, more roles", () => {
  it("history and report of a self-check: only its own institution (and regulators above it)", async () => {
    const s = await openDemoCampaign();
    const params = { assessmentId: s.assessmentId };
    expect((await callLoader(historyRoute.loader, "/x", { user: s.officer, params })).status).toBe(200);
    for (const user of [s.pharmacyOfficer, s.outsideOfficer]) {
      expect((await callLoader(historyRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callLoader(instReport.loader, "/x", { user, params })).status).toBe(404);
    }
    expect((await callLoader(historyRoute.loader, "/x", { user: s.cityRegulator, params })).status).toBe(403);
    expect((await callLoader(reviewRoute.loader, "/x", { user: s.officer, params })).status).toBe(403);
    expect((await callLoader(reviewRoute.loader, "/x", { user: s.wolongRegulator, params })).status).toBe(200);
    expect((await callLoader(reviewRoute.loader, "/x", { user: s.wanchengRegulator, params })).status).toBe(404);
  });

  it("only an officer manages staff, and only for its own institution", async () => {
    const s = await openDemoCampaign();
    const form = { intent: "invite", name: "赵护士", email: "zhao@example.test" };
    expect((await callLoader(staffRoute.loader, "/inst/staff", { user: s.staff })).status).toBe(403);
    expect((await callLoader(staffRoute.loader, "/inst/staff", { user: s.cityRegulator })).status).toBe(403);
    expect((await callAction(staffRoute.action, "/inst/staff", { user: s.staff, form })).status).toBe(403);
    // An officer never types a staff member's password: the old "create with a password" post is refused.
    const typed = await callAction(staffRoute.action, "/inst/staff", {
      user: s.officer,
      form: { name: "赵护士", email: "zhao@example.test", password: "longenough1" },
    });
    expect(typed.status).toBe(400);
    expect((await callAction(staffRoute.action, "/inst/staff", { user: s.officer, form })).status).toBe(302);
    const [created] = await db.select().from(users).where(eq(users.email, "zhao@example.test"));
    expect(created).toMatchObject({ role: "staff", institutionId: s.hospital.id, passwordHash: null });
    const taken = await callAction(staffRoute.action, "/inst/staff", { user: s.pharmacyOfficer, form });
    expect(taken.data.fieldErrors).toEqual({ email: "该邮箱已被使用" });
    const list = await callLoader(staffRoute.loader, "/inst/staff", { user: s.pharmacyOfficer });
    expect(list.data.staff).toEqual([]);
  });

  it("assignment is the officer's, within its own self-check", async () => {
    const s = await openDemoCampaign();
    const result = await callAction(overviewRoute.action, "/x", {
      user: s.pharmacyOfficer,
      params: { assessmentId: s.assessmentId },
      form: { checklistItemIds: [], assigneeId: "" },
    });
    expect(result.status).toBe(404);
  });
});
