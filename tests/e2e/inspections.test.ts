// A regulator records an on-site inspection in the browser: finds the institution, records the
// inspection, a finding its self-check did not report, and an attachment; sees 未自查出.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inspectionAttachments, inspectionFindings } from "~db/schema";
import { submitAssessment } from "~/models/assessment.server";
import { db } from "~/utils/db.server";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { answerSmallList, scenario } from "./scenario";

const PDF = {
  name: "飞行检查记录.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n% inspection\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
};

const app = useAppAndBrowser();

const { pageFor } = app;

describe("on-site inspection in the browser", () => {
  it("records an inspection with a finding the self-check did not report, and an attachment", async () => {
    const s = await scenario();
    const { assessment: a, scope } = await answerSmallList(s);
    expect((await submitAssessment(db, scope, a.id, { signerName: "王晓明", agree: "on" })).ok).toBe(true);
    const [mi02] = await db.execute<{ id: string }>(sql`
      select ci.id from checklist_items ci join campaigns c on c.checklist_version_id = ci.version_id where c.id = ${s.campaignId} and ci.code = 'MI-02'`);

    const page = await pageFor(s.regulator, DESKTOP);
    await page.goto(`${app.server.url}/reg/inspections`);
    await page.getByRole("link", { name: "登记检查" }).click();
    await page.getByLabel("机构名称或医保编码").fill("仁和");
    await page.getByRole("button", { name: "查找" }).click();
    await page.getByRole("link", { name: "选择 南阳卧龙仁和医院" }).click();
    await expectText(page.locator("body"), "将与该机构最近一次已提交的自查");
    await page.setViewportSize(PHONE);
    await screenshot(page, "inspection-new-390");
    await page.setViewportSize(DESKTOP);
    await page.getByLabel("检查类型").selectOption("flight");
    await page.getByLabel("检查人员", { exact: false }).first().fill("张稽核、李稽核");
    await page.getByLabel("检查情况概述").fill("调取住院病历30份，核查收费明细。");
    await page.getByRole("button", { name: "保存检查记录" }).click();
    await expectText(page.getByRole("status"), "检查记录已保存");

    await page.getByLabel("问题清单条目").selectOption(mi02.id);
    await page.getByLabel("问题描述").fill("重复收取护理费12例");
    await page.getByLabel("涉及例次").fill("12");
    await page.getByLabel("查实金额（元）").fill("1200.50");
    await page.getByLabel("追回金额（元）").fill("600");
    await page.getByRole("button", { name: "登记发现" }).click();
    await expectText(page.getByRole("status"), "已登记一条检查发现");

    await page.getByLabel("选择文件").setInputFiles([PDF]);
    await page.getByRole("button", { name: "上传附件" }).click();
    await expectText(page.getByRole("status"), "已上传 1 个附件");
    await expectVisible(page.getByRole("link", { name: "飞行检查记录.pdf" }));
    await expectText(page.locator(".insp-group--unreported h3"), "检查发现、未自查出（1）");
    await expectText(page.locator(".insp-group--unreported"), "重复收取护理费12例");
    await screenshot(page, "inspection-detail-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "inspection-detail-390");
    await page.locator("#comparison").screenshot({ path: "tests/artifacts/inspection-comparison-390.png" });
    await page.locator("#findings").screenshot({ path: "tests/artifacts/inspection-findings-390.png" });

    await page.goto(`${app.server.url}/reg/inspections`);
    await expectText(page.locator("table.data"), "南阳卧龙仁和医院");
    await screenshot(page, "inspections-list-390");
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "inspections-list-1280");
    const exported = await page.request.get(`${app.server.url}/reg/inspections/export?q=仁和`);
    expect(exported.headers()["content-type"]).toContain("spreadsheetml");

    const findings = await db.select().from(inspectionFindings);
    expect(findings.map((f) => [f.checklistItemId, f.amountFoundFen, f.amountRecoveredFen])).toEqual([[mi02.id, 120050, 60000]]);
    expect(await db.$count(inspectionAttachments)).toBe(1);
  });
});
