// The clue loop in the browser: the city dispatches a provincial batch to the county → the
// institution answers every record of the rule at once with evidence → the county returns one
// record → the institution answers it again → the county accepts and closes the clue (办结销号).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CLUE_COLUMNS, clueColumnLabel } from "~/domain/clues";
import { createClueImport, importClueBatch } from "~/models/clue-import.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, useAppAndBrowser } from "./browser";

const app = useAppAndBrowser();
const { pageFor } = app;

const PDF = {
  name: "退款凭证.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n% refund\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
};

async function world() {
  const province = await createUser(db, "regulator", { regionCode: "410000", name: "省局经办" });
  const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
  const county = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "南阳卧龙仁和医院" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, name: "王晓明" });
  const rows = [1, 2, 3].map((n) =>
    [
      hospital.nhsaCode,
      `JS2025${n}`,
      "2025-03-0" + n,
      "X001",
      "血液透析",
      "1",
      "420.00",
      "R01",
      "超标准收费",
      "高",
      "张三",
      "11010519491231002X",
    ].join(","),
  );
  const csv = Buffer.from([CLUE_COLUMNS.map(clueColumnLabel).join(","), ...rows].join("\r\n"), "utf8");
  const scope = { kind: "region" as const, userId: province.id, regionCode: "410000" };
  const created = await createClueImport(db, scope, {
    fileName: "豫疑点.csv",
    bytes: csv,
    batchName: "省级疑点数据第一批",
    docNo: "豫医保〔2025〕3号",
    dueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  const imported = await importClueBatch(db, scope, created.id);
  if (!imported.ok) throw new Error(imported.error);
  // The province sends it one level down (to 南阳市).
  await db.execute(sql`update clues set handler_region_code = '411300', status = 'pending'`);
  const [{ id }] = await db.execute<{ id: string }>(sql`select id from clues`);
  return { city, county, officer, clueId: id };
}

describe("clue ledger in the browser", () => {
  it("dispatch → answer with evidence → return → re-answer → accept → close", async () => {
    const w = await world();
    const url = app.server.url;

    // 南阳市 dispatches everything it holds down to the county.
    const city = await pageFor(w.city, DESKTOP);
    await city.goto(`${url}/reg/clues`);
    await expectVisible(city.getByRole("link", { name: "线索核查" }));
    await screenshot(city, "clues-city-1280");
    await city.getByRole("button", { name: "逐级下发到下一级" }).click();
    await expectText(city.getByRole("status"), "已下发 1 条线索");

    // The hospital, on a phone, answers all three records of the rule at once and attaches a receipt.
    const officer = await pageFor(w.officer, PHONE);
    await officer.goto(`${url}/inst/clues`);
    await officer.getByRole("link", { name: "南阳卧龙仁和医院" }).click();
    await expectText(officer.locator("h1"), "超标准收费");
    await officer.getByLabel("本规则下全部未反馈和被退回的疑点").check();
    await officer.getByLabel("属实", { exact: true }).check();
    await officer.getByLabel("情况说明").fill("经核实确为超标准收费，已全额退回");
    await officer.getByLabel("确认金额已全额退回").check();
    await officer.getByRole("button", { name: "提交反馈" }).click();
    await expectText(officer.getByRole("status"), "已提交 3 条疑点的反馈");
    await officer.locator("#evidence-files").setInputFiles([PDF]);
    await officer.getByRole("button", { name: "上传佐证材料" }).click();
    await expectText(officer.getByRole("status"), "已上传 1 个文件");
    await expectVisible(officer.getByRole("link", { name: "退款凭证.pdf" }));
    await screenshot(officer, "clues-officer-answered-390");

    // The county returns the first record and accepts the others.
    const county = await pageFor(w.county, DESKTOP);
    await county.goto(`${url}/reg/clues/${w.clueId}`);
    const first = county.locator("tr", { hasText: "JS20251" });
    await first.getByLabel("退回意见").fill("请补充该笔退款的银行回单");
    await first.getByRole("button", { name: "退回" }).click();
    await expectText(county.getByRole("status"), "已退回该条反馈");
    await county.getByRole("button", { name: /通过全部待审核反馈/ }).click();
    await expectText(county.getByRole("status"), "已通过 2 条反馈");

    // The hospital answers the returned record again (a new version).
    await officer.reload();
    await expectText(officer.locator("body"), "请补充该笔退款的银行回单");
    await officer.getByLabel("选择 JS20251").check();
    await officer.getByLabel("属实", { exact: true }).check();
    await officer.getByLabel("情况说明").fill("已补充银行回单");
    await officer.getByLabel("确认金额已全额退回").check();
    await officer.getByRole("button", { name: "提交反馈" }).click();
    await expectText(officer.getByRole("status"), "已提交 1 条疑点的反馈");

    // The county accepts it and closes the clue as 查实 with a transfer.
    await county.reload();
    await county.locator("tr", { hasText: "JS20251" }).getByRole("button", { name: "通过" }).click();
    await expectText(county.getByRole("status"), "已通过 1 条反馈");
    await county.getByLabel("核查结论").selectOption("confirmed");
    await county.getByLabel("追回金额（元）").fill("1260.00");
    await county.getByLabel("罚款金额（元）").fill("2520.00");
    await county.getByLabel("办结说明").fill("查实超标准收费，已追回并处罚款");
    await county.getByRole("button", { name: "办结销号" }).click();
    await expectText(county.getByRole("status"), "线索已办结销号");
    await screenshot(county, "clues-county-closed-1280");
    await county.setViewportSize(PHONE);
    await screenshot(county, "clues-county-closed-390");

    const [clue] = await db.execute<{ status: string; result: string; recovered: string }>(sql`
      select status, result, recovered_fen::text as recovered from clues where id = ${w.clueId}`);
    expect(clue).toEqual({ status: "closed", result: "confirmed", recovered: "126000" });
    const versions = await db.execute<{ version: number; decision: string }>(sql`
      select a.version, a.decision from clue_record_answers a join clue_records r on r.id = a.record_id
      where r.settlement_no = 'JS20251' order by a.version`);
    expect(versions.map((v) => [v.version, v.decision])).toEqual([
      [1, "returned"],
      [2, "accepted"],
    ]);
  });
});
