// Tenancy and roles for the risk and sampling routes, exports included: a county regulator never
// sees another county's institutions, scores or samples; institution users get 403.
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import * as institutionRoute from "~/routes/reg.institutions.$institutionId";
import * as riskExport from "~/routes/reg.risk.export";
import * as riskRoute from "~/routes/reg.risk._index";
import * as rulesRoute from "~/routes/reg.risk.rules";
import * as sampleExport from "~/routes/reg.samples.$sampleId.export";
import * as sampleRoute from "~/routes/reg.samples.$sampleId._index";
import * as samplesRoute from "~/routes/reg.samples._index";
import * as newSampleRoute from "~/routes/reg.samples.new";
import { recomputeRiskInBatches } from "~/models/risk.server";
import { createSample } from "~/models/sample.server";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { openDemoCampaign, regionScope } from "./fixtures";

type Scenario = Awaited<ReturnType<typeof openDemoCampaign>> & { citySampleId: string; admin: { id: string } };
let s: Scenario;

beforeEach(async () => {
  const base = await openDemoCampaign();
  await recomputeRiskInBatches(db, { cause: "test" });
  const sample = await createSample(db, regionScope(base.cityRegulator), {
    title: "南阳市抽查",
    regionCode: "411300",
    periodStart: "2026-01-01",
    periodEnd: "2026-06-30",
    ratioPercent: 100,
    seed: "seed-1",
    inspectorsPerInstitution: 1,
  });
  if (!sample.ok) throw new Error("sample");
  s = { ...base, citySampleId: sample.id, admin: await createUser(db, "admin") };
});

async function sheetRows(body: string | ArrayBuffer, sheet = 1) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as ArrayBuffer);
  const rows: string[] = [];
  workbook.worksheets[sheet - 1].eachRow((row) => rows.push(JSON.stringify(row.values)));
  return rows.join("\n");
}

async function download(loader: typeof riskExport.loader, path: string, user: { id: string }, params: Record<string, string> = {}) {
  const { sessionCookieFor, BASE_URL } = await import("../helpers");
  const request = new Request(new URL(path, BASE_URL), { headers: { Cookie: await sessionCookieFor(user.id) } });
  try {
    return (await loader({ request, params, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("the risk list and its export", () => {
  it("list only the regulator's subtree, with counts per tier over it", async () => {
    const city = await callLoader(riskRoute.loader, "/reg/risk", { user: s.cityRegulator });
    expect(city.status).toBe(200);
    const cityNames = city.data.list.rows.map((r: { name: string }) => r.name).sort();
    expect(cityNames).toEqual(["卧龙测试医院", "宛城测试药店"].sort());
    const county = await callLoader(riskRoute.loader, "/reg/risk", { user: s.wanchengRegulator });
    expect(county.data.list.rows.map((r: { name: string }) => r.name)).toEqual(["宛城测试药店"]);
    expect(county.data.list.counts).toMatchObject({ A: 1, B: 0, C: 0, D: 0 });
    // A region filter outside the subtree is ignored, never widened.
    const sneaky = await callLoader(riskRoute.loader, "/reg/risk?region=411303", { user: s.wanchengRegulator });
    expect(sneaky.data.list.rows.map((r: { name: string }) => r.name)).toEqual(["宛城测试药店"]);
  });

  it("the .xlsx holds every filtered row of the subtree and nothing else", async () => {
    const response = await download(riskExport.loader, "/reg/risk/export", s.wanchengRegulator);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const text = await sheetRows(await response.arrayBuffer());
    expect(text).toContain("宛城测试药店");
    expect(text).not.toContain("卧龙测试医院");
    expect(text).not.toContain("乌审旗测试医院");
  });

  it("refuse institution users and admins; send the signed-out to sign in", async () => {
    for (const [loader, path] of [
      [riskRoute.loader, "/reg/risk"],
      [rulesRoute.loader, "/reg/risk/rules"],
      [riskExport.loader, "/reg/risk/export"],
      [samplesRoute.loader, "/reg/samples"],
      [newSampleRoute.loader, "/reg/samples/new"],
    ] as const) {
      expect((await callLoader(loader, path, { user: s.officer })).status).toBe(403);
      expect((await callLoader(loader, path, { user: s.admin })).status).toBe(403);
      expect((await callLoader(loader, path)).status).toBe(302);
    }
    expect((await callLoader(rulesRoute.loader, "/reg/risk/rules", { user: s.wolongRegulator })).status).toBe(200);
  });
});

describe("the regulator's institution page", () => {
  const path = (id: string) => `/reg/institutions/${id}`;

  it("shows the tier card to regulators of its subtree; 404 elsewhere; 403 for institution users", async () => {
    const params = { institutionId: s.hospital.id };
    const own = await callLoader(institutionRoute.loader, path(s.hospital.id), { user: s.wolongRegulator, params });
    expect(own.status).toBe(200);
    expect(own.data.card).toMatchObject({ tier: "A", effective: { tier: "A", source: "computed" } });
    expect(own.data.card.result.factors).toHaveLength(9);
    expect((await callLoader(institutionRoute.loader, path(s.hospital.id), { user: s.wanchengRegulator, params })).status).toBe(404);
    expect(
      (await callLoader(institutionRoute.loader, path(s.outside.id), { user: s.cityRegulator, params: { institutionId: s.outside.id } }))
        .status,
    ).toBe(404);
    expect(
      (await callLoader(institutionRoute.loader, "/reg/institutions/nope", { user: s.cityRegulator, params: { institutionId: "nope" } }))
        .status,
    ).toBe(404);
    expect((await callLoader(institutionRoute.loader, path(s.hospital.id), { user: s.officer, params })).status).toBe(403);
  });

  it("the override form validates, saves with a redirect, and is refused outside the subtree", async () => {
    const params = { institutionId: s.hospital.id };
    const bad = await callAction(institutionRoute.action, path(s.hospital.id), {
      user: s.wolongRegulator,
      params,
      form: { intent: "override", tier: "D", reason: " ", expiresOn: "2099-01-01" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.reason).toBeTruthy();
    const form = { intent: "override", tier: "D", reason: "举报线索核查中", expiresOn: "2099-01-01" };
    expect((await callAction(institutionRoute.action, path(s.hospital.id), { user: s.wanchengRegulator, params, form })).status).toBe(404);
    expect((await callAction(institutionRoute.action, path(s.hospital.id), { user: s.officer, params, form })).status).toBe(403);
    const ok = await callAction(institutionRoute.action, path(s.hospital.id), { user: s.wolongRegulator, params, form });
    expect(ok.status).toBe(302);
    const after = await callLoader(institutionRoute.loader, path(s.hospital.id), { user: s.wolongRegulator, params });
    expect(after.data.card.effective).toEqual({ tier: "D", source: "override" });
    expect(after.data.override).toMatchObject({ tier: "D", reason: "举报线索核查中" });
    // The county next door still does not see it, in the list either.
    const county = await callLoader(riskRoute.loader, "/reg/risk?tier=D", { user: s.wanchengRegulator });
    expect(county.data.list.rows).toEqual([]);
    const revoke = await callAction(institutionRoute.action, path(s.hospital.id), {
      user: s.wanchengRegulator,
      params,
      form: { intent: "revoke", overrideId: after.data.override.id },
    });
    expect(revoke.status).toBe(404);
  });
});

describe("samples", () => {
  it("a county does not see the city's sample, its entries, its export or its verification", async () => {
    const params = { sampleId: s.citySampleId };
    const city = await callLoader(sampleRoute.loader, `/reg/samples/${s.citySampleId}`, { user: s.cityRegulator, params });
    expect(city.status).toBe(200);
    expect(city.data.entries).toHaveLength(2);
    expect(city.data.sample.seed).toBe("seed-1");
    const verified = await callAction(sampleRoute.action, `/reg/samples/${s.citySampleId}`, {
      user: s.cityRegulator,
      params,
      form: { intent: "verify" },
    });
    expect(verified.data.verification).toMatchObject({ matches: true });

    expect((await callLoader(samplesRoute.loader, "/reg/samples", { user: s.cityRegulator })).data.list.rows).toHaveLength(1);
    expect((await callLoader(samplesRoute.loader, "/reg/samples", { user: s.wolongRegulator })).data.list.rows).toHaveLength(0);
    expect((await callLoader(sampleRoute.loader, `/reg/samples/${s.citySampleId}`, { user: s.wolongRegulator, params })).status).toBe(404);
    expect(
      (
        await callAction(sampleRoute.action, `/reg/samples/${s.citySampleId}`, {
          user: s.wolongRegulator,
          params,
          form: { intent: "verify" },
        })
      ).status,
    ).toBe(404);
    expect((await download(sampleExport.loader, `/reg/samples/${s.citySampleId}/export`, s.wolongRegulator, params)).status).toBe(404);
    expect((await callLoader(sampleRoute.loader, `/reg/samples/${s.citySampleId}`, { user: s.officer, params })).status).toBe(403);
    expect((await download(sampleExport.loader, `/reg/samples/${s.citySampleId}/export`, s.officer, params)).status).toBe(403);
  });

  it("the export has the entries and the frozen inputs", async () => {
    const response = await download(sampleExport.loader, `/reg/samples/${s.citySampleId}/export`, s.cityRegulator, {
      sampleId: s.citySampleId,
    });
    expect(response.status).toBe(200);
    const body = await response.arrayBuffer();
    const entries = await sheetRows(body, 1);
    expect(entries).toContain("seed-1");
    expect(entries).toContain("卧龙测试医院");
    const inputs = await sheetRows(body, 2);
    expect(inputs).toContain(s.hospital.id);
    expect(inputs).not.toContain("乌审旗测试医院");
  });

  it("the new-sample form draws within the subtree only and shows field errors", async () => {
    const form = {
      title: "卧龙区抽查",
      regionCode: "411300",
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
      ratioPercent: "10",
      seed: "abc",
      inspectorsPerInstitution: "0",
    };
    const outside = await callAction(newSampleRoute.action, "/reg/samples/new", { user: s.wolongRegulator, form });
    expect(outside.status).toBe(400);
    expect(outside.data.fieldErrors.regionCode).toBeTruthy();
    const lowRatio = await callAction(newSampleRoute.action, "/reg/samples/new", {
      user: s.wolongRegulator,
      form: { ...form, regionCode: "411303", ratioPercent: "5" },
    });
    expect(lowRatio.status).toBe(400);
    expect(lowRatio.data.fieldErrors.ratioPercent).toBeTruthy();
    expect((await callAction(newSampleRoute.action, "/reg/samples/new", { user: s.officer, form })).status).toBe(403);
    const ok = await callAction(newSampleRoute.action, "/reg/samples/new", {
      user: s.wolongRegulator,
      form: { ...form, regionCode: "411303" },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toMatch(/^\/reg\/samples\/[0-9a-f-]{36}$/);
    const loaded = await callLoader(newSampleRoute.loader, "/reg/samples/new", { user: s.wolongRegulator });
    expect(loaded.data.defaults.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(loaded.data.regions.map((r: { code: string }) => r.code)).toEqual(["411303"]);
  });
});
