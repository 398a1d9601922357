// The oversight pages through their loaders: a regulator sees its own subtree only — in the
// tables, the chart data and the .xlsx exports — and other roles are refused.
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { LoaderFunction } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import * as overviewRoute from "~/routes/reg.oversight._index";
import * as hotspotsRoute from "~/routes/reg.oversight.hotspots";
import * as overdueRoute from "~/routes/reg.oversight.overdue";
import * as exportRoute from "~/routes/reg.oversight.export.$table";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { answerSchema } from "~/schemas/answer";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { BASE_URL, callLoader, sessionCookieFor } from "../helpers";
import { institutionScope, openDemoCampaign } from "./fixtures";

type Scenario = Awaited<ReturnType<typeof openDemoCampaign>> & {
  provinceRegulator: Awaited<ReturnType<typeof createUser>>;
  wushenRegulator: Awaited<ReturnType<typeof createUser>>;
  admin: Awaited<ReturnType<typeof createUser>>;
};
let s: Scenario;

const ROUTES: [string, LoaderFunction, string][] = [
  ["/reg/oversight", overviewRoute.loader, "overview"],
  ["/reg/oversight/hotspots", hotspotsRoute.loader, "hotspots"],
  ["/reg/oversight/overdue", overdueRoute.loader, "overdue"],
];

beforeEach(async () => {
  // Due long ago: both self-checks that are not submitted are overdue.
  const base = await openDemoCampaign({ selfCheckDueOn: "2026-01-10" });
  s = {
    ...base,
    provinceRegulator: await createUser(db, "regulator", { regionCode: "410000" }),
    wushenRegulator: await createUser(db, "regulator", { regionCode: "150626" }),
    admin: await createUser(db, "admin"),
  };
  // The pharmacy in 宛城区 answers everything (one problem, 88.00 元) and submits.
  const items = await db.execute<{ code: string }>(sql`
    select ci.code from campaigns c join checklist_items ci on ci.version_id = c.checklist_version_id
    where c.id = ${s.campaign.id} and ci.applies_to @> array['pharmacy']::text[] order by ci.position`);
  const scope = institutionScope(s.pharmacyOfficer);
  for (const [i, item] of items.entries()) {
    const data = answerSchema.parse(
      i === 0
        ? {
            answer: "problem_found",
            description: "串换药品",
            caseCount: "1",
            amountInvolvedFen: "88.00",
            refundedFen: "0",
            rectificationPlan: "整改",
            responsiblePerson: "店长",
            rectificationDueOn: "2099-06-30",
            rectificationStatus: "open",
            lockVersion: "0",
          }
        : { answer: "no_problem", lockVersion: "0" },
    );
    expect((await saveAnswer(db, scope, { assessmentId: s.pharmacyAssessmentId, itemCode: item.code, data })).ok).toBe(true);
  }
  // Submitting after the due date is allowed (late); the hospital stays not started.
  const submitted = await submitAssessment(db, scope, s.pharmacyAssessmentId, { signerName: "药店店长", agree: "on" });
  expect(submitted.ok).toBe(true);
});

/** The .xlsx of one table through the export route, as its cell texts. */
async function download(table: string, query: string, user: { id: string }) {
  const request = new Request(new URL(`/reg/oversight/export/${table}${query}`, BASE_URL), {
    headers: { Cookie: await sessionCookieFor(user.id) },
  });
  const response = (await exportRoute.loader({
    request,
    params: { table },
    context: { requestId: "t", clientIp: "127.0.0.1" },
  })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? "")))));
  return cells.join("\n");
}

describe("oversight pages: tenancy", () => {
  it("the city regulator sees both counties, drills down to one and on to its institutions", async () => {
    const r = await callLoader(overviewRoute.loader, `/reg/oversight`, { user: s.cityRegulator });
    expect(r.status).toBe(200);
    expect(r.data.campaign.id).toBe(s.campaign.id);
    expect(r.data.overview.regions.rows.map((x: { code: string }) => x.code)).toEqual(["411302", "411303"]);
    expect(r.data.overview.totals).toMatchObject({
      targetCount: 2,
      pendingReviewCount: 1,
      notStartedCount: 1,
      overdueCount: 1,
      problemCount: 1,
      amountInvolvedFen: 8800,
    });
    expect(r.data.overview.submissionsByDay.map((d: { first: number }) => d.first)).toEqual([1]);
    const drill = await callLoader(overviewRoute.loader, `/reg/oversight?campaign=${s.campaign.id}&region=411303`, {
      user: s.cityRegulator,
    });
    expect(drill.status).toBe(200);
    expect(drill.data.trail.map((x: { code: string }) => x.code)).toEqual(["411300", "411303"]);
    expect(drill.data.overview.totals).toMatchObject({ targetCount: 1, notStartedCount: 1, problemCount: 0 });
    // A county has no children: its row is the way to the campaign page's institution list.
    expect(drill.data.overview.regions.rows).toMatchObject([{ code: "411303", isOwn: true, hasChildren: false }]);
  });

  it("a county regulator never sees the other county: overview, chart data, hot spots, overdue list", async () => {
    const overview = await callLoader(overviewRoute.loader, `/reg/oversight?campaign=${s.campaign.id}`, { user: s.wolongRegulator });
    expect(overview.status).toBe(200);
    expect(overview.data.overview.regions.rows.map((x: { code: string }) => x.code)).toEqual(["411303"]);
    expect(overview.data.overview.totals).toMatchObject({ targetCount: 1, problemCount: 0, amountInvolvedFen: 0 });
    expect(overview.data.overview.byKind.map((k: { kind: string }) => k.kind)).toEqual(["hospital"]);
    expect(overview.data.overview.submissionsByDay).toEqual([]);
    const hot = await callLoader(hotspotsRoute.loader, `/reg/oversight/hotspots?campaign=${s.campaign.id}`, { user: s.wolongRegulator });
    expect(hot.data.hotspots.total).toBe(0);
    const overdue = await callLoader(overdueRoute.loader, `/reg/oversight/overdue?campaign=${s.campaign.id}`, { user: s.wolongRegulator });
    expect(overdue.data.overdue.rows.map((x: { institutionName: string }) => x.institutionName)).toEqual(["卧龙测试医院"]);
    // The other county's regulator sees its pharmacy's problem, and no overdue self-check.
    const other = await callLoader(hotspotsRoute.loader, `/reg/oversight/hotspots?campaign=${s.campaign.id}`, {
      user: s.wanchengRegulator,
    });
    expect(other.data.hotspots.totals).toMatchObject({ problemCount: 1, amountInvolvedFen: 8800 });
    const otherOverdue = await callLoader(overdueRoute.loader, `/reg/oversight/overdue?campaign=${s.campaign.id}`, {
      user: s.wanchengRegulator,
    });
    expect(otherOverdue.data.overdue.total).toBe(0);
  });

  it("a region outside the subtree is 404 on every page, also for the export", async () => {
    for (const [path, loader, table] of ROUTES) {
      for (const region of ["411302", "411300", "150626"]) {
        const query = `?campaign=${s.campaign.id}&region=${region}`;
        expect((await callLoader(loader, `${path}${query}`, { user: s.wolongRegulator })).status).toBe(404);
        expect(
          (await callLoader(exportRoute.loader, `/reg/oversight/export/${table}${query}`, { user: s.wolongRegulator, params: { table } }))
            .status,
        ).toBe(404);
      }
    }
  });

  it("the exports hold the regulator's subtree only, every row of the filter", async () => {
    const q = `?campaign=${s.campaign.id}`;
    const own = [
      await download("overview", q, s.wolongRegulator),
      await download("hotspots", q, s.wolongRegulator),
      await download("overdue", q, s.wolongRegulator),
    ].join("\n");
    expect(own).toContain("卧龙区");
    expect(own).toContain("卧龙测试医院");
    expect(own).not.toContain("宛城");
    const city = await download("overview", q, s.cityRegulator);
    expect(city).toContain("宛城区");
    expect(city).toContain("卧龙区");
    const cityHot = await download("hotspots", q, s.cityRegulator);
    expect(cityHot).toContain("88");
  });

  it("a campaign the regulator cannot see is 404; without one there is nothing to show", async () => {
    for (const [path, loader] of ROUTES) {
      expect((await callLoader(loader, `${path}?campaign=${s.campaign.id}`, { user: s.wushenRegulator })).status).toBe(404);
      expect((await callLoader(loader, `${path}?campaign=not-a-uuid`, { user: s.cityRegulator })).status).toBe(404);
      const none = await callLoader(loader, path, { user: s.wushenRegulator });
      expect(none.status).toBe(200);
      expect(none.data.campaign).toBeNull();
    }
    // The province sees the city's campaign over its whole subtree.
    const province = await callLoader(overviewRoute.loader, "/reg/oversight", { user: s.provinceRegulator });
    expect(province.data.overview.regions.rows.map((x: { code: string }) => x.code)).toEqual(["411300"]);
  });

  it("institution users and admins get 403, signed-out users go to sign-in; an unknown export is 404", async () => {
    expect(
      (await callLoader(exportRoute.loader, "/reg/oversight/export/users", { user: s.cityRegulator, params: { table: "users" } })).status,
    ).toBe(404);
    for (const [path, loader, table] of ROUTES) {
      expect((await callLoader(loader, path, { user: s.officer })).status).toBe(403);
      expect((await callLoader(exportRoute.loader, `/reg/oversight/export/${table}`, { user: s.staff, params: { table } })).status).toBe(
        403,
      );
      expect((await callLoader(loader, path, { user: s.admin })).status).toBe(403);
      expect((await callLoader(loader, path)).status).toBe(302);
    }
  });
});
