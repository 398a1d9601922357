// The whole loop in the browser: submit with evidence → the bureau returns one item → the
// institution fixes it, adds a file and resubmits → the bureau accepts.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessmentVersions, assessments } from "~db/schema";
import { db } from "~/utils/db.server";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { answerSmallList, scenario } from "./scenario";

const PDF = (label: string) => ({
  name: `${label}.pdf`,
  mimeType: "application/pdf",
  buffer: Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`),
});

const app = useAppAndBrowser();

const { pageFor } = app;

describe("review loop in the browser", () => {
  it("return → edit → resubmit → accept, including uploads", async () => {
    const s = await scenario();
    const { assessment: a } = await answerSmallList(s);

    // The officer, on a phone, attaches the rectification report and submits.
    const officer = await pageFor(s.officer, PHONE);
    const itemUrl = `${app.server.url}/inst/assessments/${a.id}/items/MI-01`;
    await officer.goto(itemUrl);
    await officer.getByLabel("选择文件").setInputFiles([PDF("整改报告")]);
    await officer.getByRole("button", { name: "上传佐证材料" }).click();
    await expectText(officer.getByRole("status"), "已上传 1 个文件");
    await expectVisible(officer.getByRole("link", { name: "整改报告.pdf" }));
    await officer.goto(`${app.server.url}/inst/assessments/${a.id}/submit`);
    await officer.getByLabel("我已阅读并同意以上承诺").check();
    await officer.getByRole("button", { name: "提交自查结果" }).click();
    await expectText(officer.getByRole("status"), "自查结果已提交");

    // The county bureau returns MI-01.
    const regulator = await pageFor(s.regulator, DESKTOP);
    await regulator.goto(`${app.server.url}/reg/campaigns/${s.campaignId}`);
    await regulator.getByRole("link", { name: "南阳卧龙仁和医院" }).click();
    await expectText(regulator.locator("h1"), "南阳卧龙仁和医院");
    const item = regulator.locator("#item-MI-01");
    await item.getByLabel("退回").check();
    await item.getByLabel("审核意见").fill("请补充退款凭证");
    await item.getByRole("button", { name: "保存本项审核" }).click();
    await expectText(regulator.getByRole("status"), "第 MI-01 项审核已保存");
    await regulator.getByLabel("退回整改").check();
    await regulator.getByLabel("审核意见（选填）").fill("请按意见修改后重新提交");
    await screenshot(regulator, "regulator-review-1280");
    await regulator.getByRole("button", { name: "保存" }).last().click();
    await expectText(regulator.getByRole("status"), "已退回整改");

    // The officer fixes the returned item, adds the refund receipt and resubmits.
    await officer.goto(`${app.server.url}/inst/assessments/${a.id}`);
    await expectText(officer.getByRole("note"), "医保部门退回了 1 项");
    await screenshot(officer, "officer-returned-390");
    await officer.goto(itemUrl);
    await expectText(officer.getByRole("note"), "请补充退款凭证");
    await officer.getByLabel("主动退回金额（元）").fill("3000.00");
    await officer.getByRole("button", { name: "保存", exact: true }).click();
    await expectText(officer.getByRole("status"), "MI-01 项已保存");
    await officer.goto(itemUrl);
    await officer.getByLabel("选择文件").setInputFiles([PDF("退款凭证")]);
    await officer.getByRole("button", { name: "上传佐证材料" }).click();
    await expectText(officer.getByRole("status"), "已上传 1 个文件");
    await officer.goto(`${app.server.url}/inst/assessments/${a.id}/submit`);
    await officer.getByLabel("我已阅读并同意以上承诺").check();
    await officer.getByRole("button", { name: "提交自查结果" }).click();
    await expectText(officer.getByRole("status"), "已重新提交");

    // The bureau sees version 2 with what changed, and accepts.
    await regulator.reload();
    await expectText(regulator.locator("body"), "第 1 版 → 第 2 版的变化");
    await expectText(regulator.locator(".diff-list").first(), "退款凭证.pdf");
    await regulator.getByRole("button", { name: "保存" }).last().click();
    await expectText(regulator.getByRole("status"), "已审核通过");
    await screenshot(regulator, "regulator-accepted-1280");
    await regulator.setViewportSize(PHONE);
    await screenshot(regulator, "regulator-accepted-390");

    const versions = await db.select().from(assessmentVersions).where(eq(assessmentVersions.assessmentId, a.id));
    expect(versions.map((v) => [v.version, v.decision]).sort()).toEqual([
      [1, "returned"],
      [2, "accepted"],
    ]);
    const [after] = await db.select().from(assessments).where(eq(assessments.id, a.id));
    expect(after).toMatchObject({ status: "accepted", refundedFen: 300000, currentVersion: 2 });
  });
});
