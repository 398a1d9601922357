// Tenancy and roles, route by route: each role gets exactly what it is allowed, and changing
// an id in the URL never reaches another institution or region.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import * as adminRoute from "~/routes/admin";
import * as indexRoute from "~/routes/_index";
import * as instLayout from "~/routes/inst";
import * as instHome from "~/routes/inst._index";
import * as overviewRoute from "~/routes/inst.assessments.$assessmentId._index";
import * as itemRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode";
import * as submitRoute from "~/routes/inst.assessments.$assessmentId.submit";
import * as loginRoute from "~/routes/login";
import * as regLayout from "~/routes/reg";
import * as regHome from "~/routes/reg._index";
import * as campaignRoute from "~/routes/reg.campaigns.$campaignId";
import * as newCampaignRoute from "~/routes/reg.campaigns.new";
import { createUser, getChecklistVersionId } from "../factories";
import { callAction, callLoader } from "../helpers";
import { openDemoCampaign, regionScope } from "./fixtures";
import { createCampaign } from "~/models/campaign.server";

type Scenario = Awaited<ReturnType<typeof openDemoCampaign>> & {
  admin: Awaited<ReturnType<typeof createUser>>;
  provinceRegulator: Awaited<ReturnType<typeof createUser>>;
  wushenRegulator: Awaited<ReturnType<typeof createUser>>;
};
let s: Scenario;

beforeEach(async () => {
  const base = await openDemoCampaign();
  s = {
    ...base,
    admin: await createUser(db, "admin"),
    provinceRegulator: await createUser(db, "regulator", { regionCode: "410000" }),
    wushenRegulator: await createUser(db, "regulator", { regionCode: "150626" }),
  };
});

const answer = { answer: "no_problem", lockVersion: "0" };

describe("signed out", () => {
  it.each([
    ["/inst", instLayout.loader],
    ["/inst", instHome.loader],
    ["/reg", regLayout.loader],
    ["/reg", regHome.loader],
    ["/admin", adminRoute.loader],
  ])("%s sends to sign-in with the way back", async (path, loader) => {
    const result = await callLoader(loader, path);
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
  });

  it("every institution and regulator route refuses without a session", async () => {
    const params = { assessmentId: s.assessmentId, itemCode: "MI-01", campaignId: s.campaign.id };
    for (const fn of [overviewRoute.loader, itemRoute.loader, submitRoute.loader, campaignRoute.loader, newCampaignRoute.loader]) {
      expect((await callLoader(fn, "/x", { params })).status).toBe(302);
    }
    for (const fn of [itemRoute.action, submitRoute.action, campaignRoute.action, newCampaignRoute.action]) {
      expect((await callAction(fn, "/x", { params, form: answer })).status).toBe(302);
    }
  });

  it("the home page sends each role to its own area", async () => {
    expect((await callLoader(indexRoute.loader, "/")).location).toBe("/login");
    expect((await callLoader(indexRoute.loader, "/", { user: s.officer })).location).toBe("/inst");
    expect((await callLoader(indexRoute.loader, "/", { user: s.cityRegulator })).location).toBe("/reg");
    expect((await callLoader(indexRoute.loader, "/", { user: s.admin })).location).toBe("/admin");
    expect((await callLoader(loginRoute.loader, "/login", { user: s.officer })).location).toBe("/inst");
  });
});

describe("institution users", () => {
  it("see their own self-check", async () => {
    const home = await callLoader(instHome.loader, "/inst", { user: s.officer });
    expect(home.data.assessments.map((a: { id: string }) => a.id)).toEqual([s.assessmentId]);
    const own = await callLoader(overviewRoute.loader, "/x", { user: s.staff, params: { assessmentId: s.assessmentId } });
    expect(own.status).toBe(200);
  });

  it("get 404 for another institution's self-check on every route, and nothing is written", async () => {
    const params = { assessmentId: s.pharmacyAssessmentId, itemCode: "PH-01" };
    for (const user of [s.officer, s.staff, s.outsideOfficer]) {
      expect((await callLoader(overviewRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callLoader(itemRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callAction(itemRoute.action, "/x", { user, params, form: answer })).status).toBe(404);
    }
    expect((await callLoader(submitRoute.loader, "/x", { user: s.officer, params })).status).toBe(404);
    expect((await callAction(submitRoute.action, "/x", { user: s.officer, params, form: { signerName: "x", agree: "on" } })).status).toBe(
      404,
    );
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from assessment_items`);
    expect(n).toBe(0);
  });

  it("get 404 for an item that does not apply to their kind or does not exist, and for a malformed id", async () => {
    const params = { assessmentId: s.assessmentId, itemCode: "PH-01" };
    expect((await callLoader(itemRoute.loader, "/x", { user: s.officer, params })).status).toBe(404);
    expect((await callAction(itemRoute.action, "/x", { user: s.officer, params, form: answer })).status).toBe(404);
    expect((await callLoader(itemRoute.loader, "/x", { user: s.officer, params: { ...params, itemCode: "NOPE" } })).status).toBe(404);
    expect((await callLoader(overviewRoute.loader, "/x", { user: s.officer, params: { assessmentId: "1 or 1=1" } })).status).toBe(404);
  });

  it("staff cannot reach the submission page", async () => {
    const params = { assessmentId: s.assessmentId };
    expect((await callLoader(submitRoute.loader, "/x", { user: s.staff, params })).status).toBe(403);
  });

  it("are refused the regulator and admin areas", async () => {
    for (const user of [s.officer, s.staff]) {
      expect((await callLoader(regLayout.loader, "/reg", { user })).status).toBe(403);
      expect((await callLoader(regHome.loader, "/reg", { user })).status).toBe(403);
      expect((await callLoader(newCampaignRoute.loader, "/x", { user })).status).toBe(403);
      expect((await callAction(newCampaignRoute.action, "/x", { user, form: {} })).status).toBe(403);
      expect((await callLoader(campaignRoute.loader, "/x", { user, params: { campaignId: s.campaign.id } })).status).toBe(403);
      expect(
        (await callAction(campaignRoute.action, "/x", { user, params: { campaignId: s.campaign.id }, form: { intent: "open" } })).status,
      ).toBe(403);
      expect((await callLoader(adminRoute.loader, "/admin", { user })).status).toBe(403);
    }
  });
});

describe("regulators", () => {
  const targetsSeenBy = async (user: { id: string }) => {
    const page = await callLoader(campaignRoute.loader, "/x", { user, params: { campaignId: s.campaign.id } });
    return page.status === 200 ? page.data.targets.rows.map((r: { institutionName: string }) => r.institutionName).sort() : page.status;
  };

  it("see the institutions of their own subtree only", async () => {
    expect(await targetsSeenBy(s.provinceRegulator)).toEqual(["卧龙测试医院", "宛城测试药店"]);
    expect(await targetsSeenBy(s.cityRegulator)).toEqual(["卧龙测试医院", "宛城测试药店"]);
    expect(await targetsSeenBy(s.wolongRegulator)).toEqual(["卧龙测试医院"]);
    expect(await targetsSeenBy(s.wanchengRegulator)).toEqual(["宛城测试药店"]);
    expect(await targetsSeenBy(s.wushenRegulator)).toBe(404);
  });

  it("a county's rollup counts only its own institutions, also when filtering by another county", async () => {
    const page = await callLoader(campaignRoute.loader, "/x?region=411302", {
      user: s.wolongRegulator,
      params: { campaignId: s.campaign.id },
    });
    expect(page.data.summary.targetCount).toBe(1);
    expect(page.data.targets.rows.map((r: { institutionName: string }) => r.institutionName)).toEqual(["卧龙测试医院"]);
  });

  it("campaign lists follow the same boundary", async () => {
    const titles = async (user: { id: string }) =>
      (await callLoader(regHome.loader, "/reg", { user })).data.campaigns.map((c: { title: string }) => c.title);
    expect(await titles(s.wolongRegulator)).toEqual(["南阳测试任务"]);
    expect(await titles(s.wushenRegulator)).toEqual([]);
  });

  it("only the issuing region (or above) may open a draft", async () => {
    const versionId = await getChecklistVersionId(db, "henan-2023-key-violations");
    const draft = await createCampaign(db, regionScope(s.cityRegulator), {
      title: "草稿",
      checklistVersionId: versionId,
      targetRegionCode: "411300",
      targetKinds: ["hospital"],
      reviewPeriodStart: "2021-05-01",
      selfCheckDueOn: "2099-01-01",
      rectificationDueOn: "2099-02-01",
    });
    if (!draft.ok) throw new Error("draft");
    const params = { campaignId: draft.value.id };
    expect((await callLoader(campaignRoute.loader, "/x", { user: s.wolongRegulator, params })).status).toBe(404);
    expect((await callAction(campaignRoute.action, "/x", { user: s.wolongRegulator, params, form: { intent: "open" } })).status).toBe(404);
    expect((await callAction(campaignRoute.action, "/x", { user: s.wushenRegulator, params, form: { intent: "open" } })).status).toBe(404);
    expect((await callAction(campaignRoute.action, "/x", { user: s.provinceRegulator, params, form: { intent: "open" } })).status).toBe(
      302,
    );
  });

  it("cannot use a list issued by another province", async () => {
    const inner = await getChecklistVersionId(db, "nmg-wsq-2025-negative-list");
    const page = await callLoader(newCampaignRoute.loader, "/x", { user: s.cityRegulator });
    expect(page.data.versions.map((v: { versionId: string }) => v.versionId)).not.toContain(inner);
    const result = await callAction(newCampaignRoute.action, "/x", {
      user: s.cityRegulator,
      form: {
        title: "t",
        checklistVersionId: inner,
        targetRegionCode: "411300",
        targetKinds: ["hospital"],
        reviewPeriodStart: "2021-05-01",
        selfCheckDueOn: "2099-01-01",
        rectificationDueOn: "2099-02-01",
      },
    });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.checklistVersionId).toBeTruthy();
  });

  it("are refused the institution and admin areas", async () => {
    const params = { assessmentId: s.assessmentId, itemCode: "MI-01" };
    expect((await callLoader(instLayout.loader, "/inst", { user: s.cityRegulator })).status).toBe(403);
    expect((await callLoader(overviewRoute.loader, "/x", { user: s.cityRegulator, params })).status).toBe(403);
    expect((await callAction(itemRoute.action, "/x", { user: s.cityRegulator, params, form: answer })).status).toBe(403);
    expect((await callAction(submitRoute.action, "/x", { user: s.cityRegulator, params, form: {} })).status).toBe(403);
    expect((await callLoader(adminRoute.loader, "/admin", { user: s.cityRegulator })).status).toBe(403);
  });
});

describe("admin", () => {
  it("sees the system overview but no institution or regulator pages", async () => {
    const page = await callLoader(adminRoute.loader, "/admin", { user: s.admin });
    expect(page.status).toBe(200);
    expect(page.data.regions.length).toBeGreaterThan(10);
    expect((await callLoader(instHome.loader, "/inst", { user: s.admin })).status).toBe(403);
    expect((await callLoader(regHome.loader, "/reg", { user: s.admin })).status).toBe(403);
  });
});
