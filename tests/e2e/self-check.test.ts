import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessments } from "~db/schema";
import { db } from "~/utils/db.server";
import { DEFAULT_PASSWORD } from "../factories";
import { DESKTOP, expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { scenario } from "./scenario";

const app = useAppAndBrowser();

describe("self-check in the browser", () => {
  it("an officer on a phone signs in, completes a small self-check and submits; the regulator sees it submitted", async () => {
    const s = await scenario();
    const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();

    await page.goto(`${app.server.url}/login`);
    await page.getByLabel("登录邮箱").fill("officer@e2e.test");
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expectText(page.getByRole("alert"), "邮箱或密码不正确");
    await page.getByLabel("密码").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${app.server.url}/inst`);
    await expectVisible(page.getByRole("heading", { name: "我的自查任务" }));
    await screenshot(page, "officer-home-390");

    await page.getByRole("link", { name: "开始自查" }).first().click();
    await page.waitForURL(/assessments\/[0-9a-f-]+$/);
    await page.getByRole("link", { name: "开始自查" }).click();
    await page.waitForURL(/items\/MI-01$/);

    // A found problem needs its details: the form says which, beside the field.
    await page.getByLabel("存在问题").check();
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await expectText(page.locator("#description-error"), "此项必填", true);
    await page.getByLabel("问题描述").fill("2025年抽查住院病历，发现2例挂床住院");
    await page.getByLabel("涉及例数").fill("2");
    await page.getByLabel("涉及金额（元）").fill("3580.5");
    await page.getByLabel("主动退回金额（元）").fill("-1");
    await page.getByLabel("整改措施").fill("退回基金，完善床位巡查制度");
    await page.getByLabel("整改责任人").fill("李静");
    await page.getByLabel("整改完成期限").fill("2099-12-30");
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await expectText(page.locator("#refundedFen-error"), "金额不能为负数", true);
    await page.getByLabel("主动退回金额（元）").fill("3580.50");
    await screenshot(page, "officer-item-390");
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await page.waitForURL(/items\/MI-02$/);
    await expectText(page.getByRole("status"), "MI-01 项已保存");

    await page.getByLabel("无此问题").check();
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await page.waitForURL(/items\/IN-01$/);
    await page.getByLabel("不适用").check();
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await page.waitForURL(/assessments\/[0-9a-f-]+$/);
    await expectVisible(page.getByText("全部 3 项已填写，可以提交"));
    await screenshot(page, "officer-overview-390");

    await page.getByRole("link", { name: "签署承诺并提交" }).click();
    await page.getByRole("button", { name: "提交自查结果" }).click();
    await expectVisible(page.getByText("请勾选同意承诺"));
    await page.getByLabel("我已阅读并同意以上承诺").check();
    await screenshot(page, "officer-submit-390");
    await page.getByRole("button", { name: "提交自查结果" }).click();
    await expectText(page.getByRole("status"), "自查结果已提交");
    await expectVisible(page.getByText("已提交").first());
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "officer-submitted-1280");
    await context.close();

    const [row] = await db.select().from(assessments).where(eq(assessments.institutionId, s.hospital.id));
    expect(row).toMatchObject({
      status: "submitted",
      problemCount: 1,
      amountInvolvedFen: 358050,
      refundedFen: 358050,
      commitmentSignedBy: "王晓明",
    });

    for (const [label, viewport] of [
      ["1280", DESKTOP],
      ["390", PHONE],
    ] as const) {
      const regContext = await app.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
      await login(regContext, app.server.url, s.regulator);
      const regPage = await regContext.newPage();
      await regPage.goto(`${app.server.url}/reg`);
      await regPage.getByRole("link", { name: "2026年南阳市医保基金使用自查自纠" }).click();
      const submittedRow = regPage.getByRole("row").filter({ hasText: "南阳卧龙仁和医院" });
      await expectText(submittedRow, "已提交");
      await expectText(submittedRow, "3,580.50");
      await expectText(regPage.getByRole("row").filter({ hasText: "南阳宛城康宁医院" }), "未开始");
      await screenshot(regPage, `regulator-campaign-${label}`);
      await regContext.close();
    }
  });

  it("answering works without JavaScript", async () => {
    const s = await scenario();
    const context = await app.browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    await login(context, app.server.url, s.officer);
    const page = await context.newPage();
    const [a] = await db.select().from(assessments).where(eq(assessments.institutionId, s.hospital.id));
    await page.goto(`${app.server.url}/inst/assessments/${a.id}/items/MI-02`);
    await page.getByLabel("存在问题").check();
    await page.getByLabel("涉及金额（元）").fill("12.345");
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await expectText(page.locator("#amountInvolvedFen-error"), "金额最多两位小数（精确到分）", true);
    await expectText(page.locator("#description-error"), "此项必填", true);
    await page.getByLabel("无此问题").check();
    await page.getByRole("button", { name: "保存并填下一项" }).click();
    await page.waitForURL(/items\/IN-01$/);
    const [after] = await db.select().from(assessments).where(eq(assessments.id, a.id));
    expect(after.answeredCount).toBe(1);
    await context.close();
  });

  it("a state-changing request from another site is refused", async () => {
    await scenario();
    const response = await fetch(`${app.server.url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=officer%40e2e.test&password=${encodeURIComponent(DEFAULT_PASSWORD)}`,
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});
