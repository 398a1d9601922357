// The form kit in the browser. With JavaScript off (a slow phone before hydration): every form
// shows its current values in the server HTML, a refused submission shows the error at its field
// and keeps what was typed, and the fixed submission is saved (read back from the database).
// With JavaScript on: errors only the server finds land at their field, and several errors all show.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  assessmentItems,
  assessments,
  assessmentVersions,
  campaigns,
  checklistItems,
  checklistVersions,
  evidenceFiles,
  inspectionSamples,
  inspections,
  institutions,
  itemReviews,
  recoveryCodes,
  riskOverrides,
  users,
  userTotp,
} from "~db/schema";
import { submitAssessment } from "~/models/assessment.server";
import { deriveVersion } from "~/models/checklist-version.server";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { parseTotpKey } from "~/utils/mfa.server";
import { createUser, DEFAULT_PASSWORD, makeCreditCode, makeNhsaCode } from "../factories";
import { totpCode } from "../security/support";
import { expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { answerSmallList, scenario } from "./scenario";

const app = useAppAndBrowser();

async function pageFor(user: { id: string }, { js }: { js: boolean }): Promise<Page> {
  const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled: js });
  await login(context, app.server.url, user);
  return context.newPage();
}

/** Press a submit button and wait for the answer to the post (a whole page without JavaScript). */
async function press(page: Page, name: string) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name, exact: true }).first().click();
  await answered;
  await page.waitForLoadState("load");
}

/** The error is shown under its field, the field is marked and points to it, the summary links to it. */
async function expectFieldError(page: Page, id: string, message: string) {
  await expectText(page.locator(`[id="${id}-error"]`), message);
  expect(await page.locator(`[id="${id}"]`).getAttribute("aria-invalid")).toBe("true");
  expect(await page.locator(`[id="${id}"]`).getAttribute("aria-describedby")).toContain(`${id}-error`);
}

async function expectSummaryLink(page: Page, id: string) {
  await expectVisible(page.locator(`.form-alert a[href="#${id}"]`));
}

/** Override the hospital's risk tier with an expiry in the past: refused at the expiry field. */
async function refusedOverride(page: Page, hospitalId: string) {
  await page.goto(`${app.server.url}/reg/institutions/${hospitalId}`);
  await page.locator("#tier").selectOption("D");
  await page.locator("#reason").fill("现场检查发现多项问题");
  await page.locator("#expiresOn").fill("2020-01-01");
  await press(page, t("riskPages.override.submit"));
  await expectFieldError(page, "expiresOn", t("riskPages.override.expiresFuture"));
  await expectSummaryLink(page, "expiresOn");
}

async function itemRow(hospitalId: string, code: string) {
  const [assessment] = await db.select().from(assessments).where(eq(assessments.institutionId, hospitalId));
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, assessment.campaignId));
  const [item] = await db
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.code, code), eq(checklistItems.versionId, campaign.checklistVersionId)));
  const [row] = await db
    .select()
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessment.id), eq(assessmentItems.checklistItemId, item.id)));
  return { assessment, item, row };
}

describe("forms without JavaScript", () => {
  it("new campaign: defaults in the HTML, a refused post keeps what was typed, the fixed post is saved", async () => {
    const s = await scenario();
    const page = await pageFor(s.regulator, { js: false });
    await page.goto(`${app.server.url}/reg/campaigns/new`);
    expect(await page.locator("#escalateCountyAfterDays").inputValue()).toBe("3");
    expect(await page.locator("#escalateCityAfterDays").inputValue()).toBe("7");
    expect(await page.locator("#selfCheckDueOn").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('input[name="targetKinds"][value="hospital"]').isChecked()).toBe(true);

    await page.locator("#description").fill("重点检查住院病历");
    await page.locator("#escalateCountyAfterDays").fill("5");
    await page.locator("#escalateCityAfterDays").fill("9");
    await page.locator("#selfCheckDueOn").fill("2020-01-01");
    await press(page, t("regulator.createDraft"));
    await expectFieldError(page, "title", t("validation.required"));
    await expectFieldError(page, "selfCheckDueOn", t("regulator.dueInPast"));
    await expectSummaryLink(page, "title");
    await expectSummaryLink(page, "selfCheckDueOn");
    expect(await page.locator("#description").inputValue()).toBe("重点检查住院病历");
    expect(await page.locator("#escalateCountyAfterDays").inputValue()).toBe("5");
    expect(await page.locator("#escalateCityAfterDays").inputValue()).toBe("9");
    expect(await page.locator('input[name="targetKinds"][value="hospital"]').isChecked()).toBe(true);
    await screenshot(page, "forms-campaign-refused-390");

    await page.locator("#title").fill("2099年住院专项自查");
    await page.locator("#selfCheckDueOn").fill("2099-06-30");
    await page.locator("#rectificationDueOn").fill("2099-09-30");
    await press(page, t("regulator.createDraft"));
    await page.waitForURL(/\/reg\/campaigns\/[0-9a-f-]{36}$/);
    const [saved] = await db.select().from(campaigns).where(eq(campaigns.title, "2099年住院专项自查"));
    expect(saved).toMatchObject({
      description: "重点检查住院病历",
      escalateCountyAfterDays: 5,
      escalateCityAfterDays: 9,
      selfCheckDueOn: "2099-06-30",
    });
  });

  it("answer form: a refused save keeps the answer and full-width numbers; re-saving a saved answer is no false conflict", async () => {
    const s = await scenario();
    const page = await pageFor(s.officer, { js: false });
    const { assessment } = await itemRow(s.hospital.id, "MI-01");
    const overviewUrl = `${app.server.url}/inst/assessments/${assessment.id}`;
    const itemUrl = `${overviewUrl}/items/MI-01`;
    // One item answered "no problem", two still open: not yet "nothing to rectify".
    await page.goto(`${overviewUrl}/items/MI-02`);
    await page.locator('input[name="answer"][value="no_problem"]').check();
    await press(page, t("institution.saveItem"));
    await page.waitForURL(overviewUrl);
    expect(await page.getByText(t("institution.boardEmpty")).count()).toBe(0);

    await page.goto(itemUrl);
    await page.locator('input[name="answer"][value="problem_found"]').check();
    await page.locator("#caseCount").fill("１２");
    await page.locator("#amountInvolvedFen").fill("１００.５");
    await page.locator("#refundedFen").fill("0");
    await page.locator("#rectificationPlan").fill("退回基金");
    await page.locator("#responsiblePerson").fill("李静");
    await page.locator("#rectificationDueOn").fill("2099-12-30");
    await press(page, t("institution.saveItem"));
    await expectFieldError(page, "description", t("validation.required"));
    await expectSummaryLink(page, "description");
    expect(await page.locator('input[name="answer"][value="problem_found"]').isChecked()).toBe(true);
    expect(await page.locator("#caseCount").inputValue()).toBe("１２");
    expect(await page.locator("#responsiblePerson").inputValue()).toBe("李静");
    expect(await page.locator("#rectificationDueOn").inputValue()).toBe("2099-12-30");

    await page.locator("#description").fill("挂床住院12例");
    await press(page, t("institution.saveItem"));
    await page.waitForURL(/assessments\/[0-9a-f-]{36}$/);
    let { row } = await itemRow(s.hospital.id, "MI-01");
    expect(row).toMatchObject({ answer: "problem_found", caseCount: 12, amountInvolvedFen: 10050, description: "挂床住院12例" });

    // Opened again, the saved answer is in the HTML (with its lock version): saving it again just saves.
    await page.goto(itemUrl);
    expect(await page.locator("#description").inputValue()).toBe("挂床住院12例");
    expect(await page.locator('input[name="answer"][value="problem_found"]').isChecked()).toBe(true);
    await page.locator("#description").fill("挂床住院12例，已核实");
    await press(page, t("institution.saveItem"));
    await page.waitForURL(/assessments\/[0-9a-f-]{36}$/);
    ({ row } = await itemRow(s.hospital.id, "MI-01"));
    expect(row.description).toBe("挂床住院12例，已核实");
    expect(row.lockVersion).toBe(2);
  });

  it("review: a 退回 refused for want of a comment stays 退回, and is saved as returned once fixed", async () => {
    const s = await scenario();
    const answered = await answerSmallList(s);
    const submitted = await submitAssessment(db, answered.scope, answered.assessment.id, { signerName: "王晓明", agree: "on" });
    expect(submitted.ok).toBe(true);
    const page = await pageFor(s.regulator, { js: false });
    await page.goto(`${app.server.url}/reg/assessments/${answered.assessment.id}`);
    const form = page.locator("#item-MI-01 form").first();
    await form.locator('input[name="decision"][value="returned"]').check();
    await press(page, t("review.saveItemReview"));
    await expectFieldError(page, "comment-MI-01", t("review.returnNeedsComment"));
    expect(await page.locator('#item-MI-01 input[name="decision"][value="returned"]').isChecked()).toBe(true);
    await page.locator("#comment-MI-01").fill("请补充退回凭证");
    await press(page, t("review.saveItemReview"));
    const { item } = await itemRow(s.hospital.id, "MI-01");
    const [review] = await db.select().from(itemReviews).where(eq(itemReviews.checklistItemId, item.id));
    expect(review).toMatchObject({ decision: "returned", comment: "请补充退回凭证" });

    // The decision: a rework due date in the past is refused at its field, 退回 stays chosen.
    await page.locator('input[name="decision"][value="returned"]').last().check();
    await page.locator("#reworkDueOn").fill("2020-01-01");
    await press(page, t("common.save"));
    await expectFieldError(page, "reworkDueOn", t("review.reworkDueInPast"));
    expect(await page.locator('input[name="decision"][value="returned"]').last().isChecked()).toBe(true);
    await page.locator("#reworkDueOn").fill("2099-01-15");
    await press(page, t("common.save"));
    const [after] = await db.select().from(assessments).where(eq(assessments.id, answered.assessment.id));
    expect(after).toMatchObject({ status: "returned", reworkDueOn: "2099-01-15" });
  });

  it("new inspection: the hidden institution field carries its value; a date in the future is refused, then saved", async () => {
    const s = await scenario();
    const page = await pageFor(s.regulator, { js: false });
    await page.goto(`${app.server.url}/reg/inspections/new?institution=${s.hospital.id}`);
    expect(await page.locator('input[name="institutionId"]').inputValue()).toBe(s.hospital.id);
    await page.locator("#inspectedOn").fill("2099-01-01");
    await page.locator("#inspectorNames").fill("赵立新、钱雅琴");
    await press(page, t("inspections.create.submit"));
    await expectFieldError(page, "inspectedOn", t("inspections.create.dateInFuture"));
    expect(await page.locator("#inspectorNames").inputValue()).toBe("赵立新、钱雅琴");
    expect(await page.locator('input[name="institutionId"]').inputValue()).toBe(s.hospital.id);
    await page.locator("#inspectedOn").fill("2025-11-03");
    await press(page, t("inspections.create.submit"));
    await page.waitForURL(/\/reg\/inspections\/[0-9a-f-]{36}$/);
    const [saved] = await db.select().from(inspections).where(eq(inspections.institutionId, s.hospital.id));
    expect(saved).toMatchObject({ inspectedOn: "2025-11-03", inspectorNames: "赵立新、钱雅琴" });
  });
});

describe("checklist item form without JavaScript", () => {
  it("an edit keeps the legal basis, institution kinds and 'evidence required' through a refused and a plain save", async () => {
    const s = await scenario();
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, s.campaignId));
    const derived = await deriveVersion(db, { kind: "region", userId: s.regulator.id, regionCode: "411300" }, campaign.checklistVersionId, {
      docNumber: "宛医保测〔2026〕2号",
      year: 2026,
    });
    if (!derived.ok) throw new Error(derived.error);
    const draftItem = async () =>
      (
        await db
          .select()
          .from(checklistItems)
          .where(and(eq(checklistItems.versionId, derived.value.id), eq(checklistItems.code, "MI-01")))
      )[0];
    const editUrl = `${app.server.url}/reg/checklists/${derived.value.id}/items/${(await draftItem()).id}`;
    const page = await pageFor(s.regulator, { js: false });
    await page.goto(editUrl);
    expect(await page.locator('input[name="appliesTo"][value="hospital"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="isEvidenceRequired"]').isChecked()).toBe(true);
    expect(await page.locator("#guidance").inputValue()).toBe("核对住院病历与床位记录。");

    await page.locator("#legalBasis").fill("《医疗保障基金使用监督管理条例》第三十八条");
    await page.locator('input[name="appliesTo"][value="primary_care"]').check();
    await page.locator("#guidance").fill("");
    await press(page, t("checklists.form.save"));
    await expectFieldError(page, "guidance", t("validation.required"));
    expect(await page.locator("#legalBasis").inputValue()).toBe("《医疗保障基金使用监督管理条例》第三十八条");
    expect(await page.locator('input[name="appliesTo"][value="primary_care"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="appliesTo"][value="hospital"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="isEvidenceRequired"]').isChecked()).toBe(true);

    await page.locator("#guidance").fill("核对住院病历、床位记录与护理记录。");
    await press(page, t("checklists.form.save"));
    await page.waitForURL(new RegExp(`/reg/checklists/${derived.value.id}`));
    const expected = {
      guidance: "核对住院病历、床位记录与护理记录。",
      legalBasis: "《医疗保障基金使用监督管理条例》第三十八条",
      isEvidenceRequired: true,
    };
    expect(await draftItem()).toMatchObject(expected);
    expect([...(await draftItem()).appliesTo].sort()).toEqual(["hospital", "primary_care"]);

    // Opened again and saved unchanged: nothing is wiped or narrowed.
    await page.goto(editUrl);
    await press(page, t("checklists.form.save"));
    expect(await draftItem()).toMatchObject(expected);
    expect([...(await draftItem()).appliesTo].sort()).toEqual(["hospital", "primary_care"]);
  });
});

describe("forms with JavaScript", () => {
  it("errors only the server finds land at their field; several errors all show", async () => {
    const s = await scenario();
    const regulatorPage = await pageFor(s.regulator, { js: true });

    // Risk override expiring in the past.
    await refusedOverride(regulatorPage, s.hospital.id);
    await regulatorPage.locator("#expiresOn").fill("2099-03-01");
    await press(regulatorPage, t("riskPages.override.submit"));
    await expectVisible(regulatorPage.getByRole("status"));
    const [override] = await db.select().from(riskOverrides).where(eq(riskOverrides.institutionId, s.hospital.id));
    expect(override).toMatchObject({ tier: "D", expiresOn: "2099-03-01" });

    // Campaign due date in the past.
    await regulatorPage.goto(`${app.server.url}/reg/campaigns/new`);
    await regulatorPage.locator("#title").fill("过期测试");
    await regulatorPage.locator("#selfCheckDueOn").fill("2020-01-01");
    await press(regulatorPage, t("regulator.createDraft"));
    await expectFieldError(regulatorPage, "selfCheckDueOn", t("regulator.dueInPast"));
    // The success flash of the override does not stand beside the new error.
    expect(await regulatorPage.locator(".flash").count()).toBe(0);

    // Inspection dated in the future.
    await regulatorPage.goto(`${app.server.url}/reg/inspections/new?institution=${s.hospital.id}`);
    await regulatorPage.locator("#inspectedOn").fill("2099-01-01");
    await regulatorPage.locator("#inspectorNames").fill("赵立新");
    await press(regulatorPage, t("inspections.create.submit"));
    await expectFieldError(regulatorPage, "inspectedOn", t("inspections.create.dateInFuture"));

    // Several errors at once (found by the shared schema before posting): each at its field.
    await regulatorPage.goto(`${app.server.url}/reg/samples/new`);
    await regulatorPage.locator("#title").fill("");
    await regulatorPage.locator("#ratioPercent").fill("5");
    await regulatorPage.locator("#seed").fill("不是种子");
    await regulatorPage.getByRole("button", { name: t("riskPages.sample.submit"), exact: true }).click();
    await expectFieldError(regulatorPage, "title", t("validation.required"));
    await expectFieldError(regulatorPage, "ratioPercent", t("riskPages.sample.ratioMin"));
    await expectFieldError(regulatorPage, "seed", t("riskPages.sample.seedInvalid"));
    expect(await regulatorPage.locator(".form-alert li").count()).toBe(3);
    await screenshot(regulatorPage, "forms-sample-errors-390");

    // Rectification due after the campaign's.
    const officerPage = await pageFor(s.officer, { js: true });
    const { assessment } = await itemRow(s.hospital.id, "MI-01");
    await officerPage.goto(`${app.server.url}/inst/assessments/${assessment.id}/items/MI-01`);
    await officerPage.locator('input[name="answer"][value="problem_found"]').check();
    await officerPage.locator("#description").fill("挂床住院2例");
    await officerPage.locator("#caseCount").fill("2");
    await officerPage.locator("#amountInvolvedFen").fill("100");
    await officerPage.locator("#refundedFen").fill("0");
    await officerPage.locator("#rectificationPlan").fill("退回基金");
    await officerPage.locator("#responsiblePerson").fill("李静");
    await officerPage.locator("#rectificationDueOn").fill("2100-06-30");
    await press(officerPage, t("institution.saveItem"));
    await expectText(officerPage.locator("#rectificationDueOn-error"), "不能晚于");
    await expectSummaryLink(officerPage, "rectificationDueOn");
    expect(await officerPage.locator("#description").inputValue()).toBe("挂床住院2例");

    // After an upload the chosen file is cleared: a second press cannot send it again.
    await officerPage.locator('input[type="file"]').setInputFiles({
      name: "退款凭证.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
    });
    await press(officerPage, t("institution.evidenceUpload"));
    await expectText(officerPage.getByRole("status"), t("institution.evidenceUploaded", { count: 1 }));
    await expectVisible(officerPage.getByRole("link", { name: "退款凭证.pdf" }));
    expect(await officerPage.locator('input[type="file"]').evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
    await press(officerPage, t("institution.evidenceUpload"));
    await expectText(officerPage.getByRole("status"), t("institution.evidenceNoFiles"));
    expect(await db.select().from(evidenceFiles)).toHaveLength(1);
  });
});

describe("more forms without JavaScript", () => {
  it("self-check submit and rectification update: refused, kept, fixed, saved", async () => {
    const s = await scenario();
    const { assessment } = await answerSmallList(s);
    const page = await pageFor(s.officer, { js: false });
    const overviewUrl = `${app.server.url}/inst/assessments/${assessment.id}`;

    await page.goto(`${overviewUrl}/submit`);
    await page.locator("#signerName").fill("王晓明");
    await press(page, t("institution.submit"));
    await expectFieldError(page, "agree", t("institution.commitmentAgreeRequired"));
    await expectSummaryLink(page, "agree");
    expect(await page.locator("#signerName").inputValue()).toBe("王晓明");
    await page.locator("#agree").check();
    await press(page, t("institution.submit"));
    await page.waitForURL(overviewUrl);
    const [submitted] = await db.select().from(assessments).where(eq(assessments.id, assessment.id));
    expect(submitted.status).toBe("submitted");
    const [version] = await db.select().from(assessmentVersions).where(eq(assessmentVersions.assessmentId, assessment.id));
    expect(version.snapshot.signerName).toBe("王晓明");

    // After submission the found problem's rectification moves on; "rectified" needs its date.
    await page.goto(`${overviewUrl}/items/MI-01`);
    expect(await page.locator("#rect-rectificationStatus").inputValue()).toBe("in_progress");
    await page.locator("#rect-rectificationStatus").selectOption("rectified");
    await press(page, t("common.save"));
    await expectFieldError(page, "rect-rectifiedOn", t("institution.rectifiedOnRequired"));
    expect(await page.locator("#rect-rectificationStatus").inputValue()).toBe("rectified");
    await page.locator("#rect-rectifiedOn").fill("2025-11-20");
    await press(page, t("common.save"));
    const { row } = await itemRow(s.hospital.id, "MI-01");
    expect(row).toMatchObject({ rectificationStatus: "rectified", rectifiedOn: "2025-11-20" });
  });

  it("risk override, new sample, new institution, checklist derive: refused, kept, fixed, saved", async () => {
    const s = await scenario();
    const page = await pageFor(s.regulator, { js: false });

    await refusedOverride(page, s.hospital.id);
    expect(await page.locator("#tier").inputValue()).toBe("D");
    expect(await page.locator("#reason").inputValue()).toBe("现场检查发现多项问题");
    await page.locator("#expiresOn").fill("2099-03-01");
    await press(page, t("riskPages.override.submit"));
    const [override] = await db.select().from(riskOverrides).where(eq(riskOverrides.institutionId, s.hospital.id));
    expect(override).toMatchObject({ tier: "D", reason: "现场检查发现多项问题", expiresOn: "2099-03-01" });

    await page.goto(`${app.server.url}/reg/samples/new`);
    expect(await page.locator("#seed").inputValue()).not.toBe("");
    await page.locator("#title").fill("2026年第一批双随机抽查");
    await page.locator("#ratioPercent").fill("5");
    await press(page, t("riskPages.sample.submit"));
    await expectFieldError(page, "ratioPercent", t("riskPages.sample.ratioMin"));
    expect(await page.locator("#title").inputValue()).toBe("2026年第一批双随机抽查");
    await page.locator("#ratioPercent").fill("50");
    await press(page, t("riskPages.sample.submit"));
    await page.waitForURL(/\/reg\/samples\/[0-9a-f-]{36}$/);
    const [sample] = await db.select().from(inspectionSamples).where(eq(inspectionSamples.title, "2026年第一批双随机抽查"));
    expect(sample).toBeDefined();

    await page.goto(`${app.server.url}/reg/institutions/new`);
    const codes = { nhsaCode: makeNhsaCode("hospital", "411300", 777), creditCode: makeCreditCode("411300", 777) };
    await page.locator("#nhsaCode").fill(codes.nhsaCode);
    await page.locator("#creditCode").fill(codes.creditCode);
    await page.locator("#contactName").fill("张卫东");
    await page.locator("#contactPhone").fill("0377-63123456");
    await press(page, t("common.save"));
    await expectFieldError(page, "name", t("validation.required"));
    expect(await page.locator("#contactName").inputValue()).toBe("张卫东");
    expect(await page.locator("#contactPhone").inputValue()).toBe("0377-63123456");
    expect(await page.locator("#nhsaCode").inputValue()).toBe(codes.nhsaCode);
    expect(await page.locator("#creditCode").inputValue()).toBe(codes.creditCode);
    await page.locator("#name").fill("南阳卧龙康泰诊所");
    await press(page, t("common.save"));
    await page.waitForURL(`${app.server.url}/reg/institutions`);
    const [added] = await db.select().from(institutions).where(eq(institutions.name, "南阳卧龙康泰诊所"));
    expect(added).toMatchObject({ contactName: "张卫东", ...codes });

    // Deriving into the same list: the hidden 文号 and year carry the parent's; a second derive
    // while the draft exists is refused with a link to it.
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, s.campaignId));
    await page.goto(`${app.server.url}/reg/checklists/${campaign.checklistVersionId}/derive`);
    expect(await page.locator('input[name="docNumber"]').inputValue()).toBe("宛医保测〔2026〕1号");
    await press(page, t("checklists.derive.submit"));
    await page.waitForURL(/\/reg\/checklists\/[0-9a-f-]{36}$/);
    const draftId = new URL(page.url()).pathname.split("/").pop()!;
    const [draft] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, draftId));
    const [parent] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, campaign.checklistVersionId));
    expect(draft).toMatchObject({ status: "draft", checklistId: parent.checklistId });
    await page.goto(`${app.server.url}/reg/checklists/${campaign.checklistVersionId}/derive`);
    await press(page, t("checklists.derive.submit"));
    await expectVisible(page.locator(".form-alert"));
    await expectVisible(page.locator(`a[href="/reg/checklists/${draftId}"]`));
  });

  it("staff invitation and password change: refused at the field, kept (never the passwords), fixed, saved", async () => {
    const s = await scenario();
    const page = await pageFor(s.officer, { js: false });
    await page.goto(`${app.server.url}/inst/staff`);
    await page.locator("#invite-name").fill("朱晓燕");
    await page.locator("#invite-email").fill("zhu-at-renhe");
    await press(page, t("roster.staff.inviteButton"));
    await expectFieldError(page, "invite-email", t("auth.emailInvalid"));
    await expectSummaryLink(page, "invite-email");
    expect(await page.locator("#invite-name").inputValue()).toBe("朱晓燕");
    await page.locator("#invite-email").fill("zhu@renhe.test");
    await press(page, t("roster.staff.inviteButton"));
    const [invited] = await db.select().from(users).where(eq(users.email, "zhu@renhe.test"));
    expect(invited).toMatchObject({ name: "朱晓燕", role: "staff", institutionId: s.hospital.id });

    const [before] = await db.select().from(users).where(eq(users.id, s.officer.id));
    await page.goto(`${app.server.url}/account/password`);
    await page.locator("#currentPassword").fill("Wrong-Pass-2026");
    await page.locator("#password").fill("Renhe#Officer-2099");
    await page.locator("#confirm").fill("Renhe#Officer-2099");
    await press(page, t("accounts.password.submit"));
    await expectFieldError(page, "currentPassword", t("accounts.password.wrongCurrent"));
    expect(await page.locator("#password").inputValue()).toBe("");
    await page.locator("#currentPassword").fill(DEFAULT_PASSWORD);
    await page.locator("#password").fill("Renhe#Officer-2099");
    await page.locator("#confirm").fill("Renhe#Officer-2099");
    await press(page, t("accounts.password.submit"));
    await page.waitForURL(`${app.server.url}/account`);
    const [after] = await db.select().from(users).where(eq(users.id, s.officer.id));
    expect(after.passwordHash).not.toBe(before.passwordHash);
  });

  it("sign-in and the second factor: the e-mail is kept, each code error at its field, then signed in", async () => {
    await createUser(db, "regulator", { regionCode: "411300", email: "mfa-nojs@e2e.test", name: "贺志远" });
    const context = await app.browser.newContext({
      viewport: PHONE,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const signIn = async (password: string) => {
      await page.goto(`${app.server.url}/login`);
      await page.locator("#email").fill("mfa-nojs@e2e.test");
      await page.locator("#password").fill(password);
      await press(page, t("auth.signIn"));
    };
    await signIn("");
    await expectFieldError(page, "password", t("auth.passwordRequired"));
    expect(await page.locator("#email").inputValue()).toBe("mfa-nojs@e2e.test");
    await signIn(DEFAULT_PASSWORD);
    await page.waitForURL(/\/login\/two-factor/);
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    await page.locator("#code").fill("000000");
    await press(page, t("accounts.twoFactor.confirm"));
    await expectFieldError(page, "code", "动态码不正确");
    // The setup is finished with JavaScript on: without it the page after the setup reloads its data,
    // finds the session complete and leaves before the recovery codes are shown (see the report).
    const withJs = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    await withJs.addCookies(await context.cookies());
    const jsPage = await withJs.newPage();
    await jsPage.goto(`${app.server.url}/login/two-factor`);
    await jsPage.locator("#code").fill(totpCode(parseTotpKey(secret)));
    await press(jsPage, t("accounts.twoFactor.confirm"));
    await expectVisible(jsPage.getByTestId("recovery-codes"));
    const recovery = await jsPage.getByTestId("recovery-codes").locator("li").allInnerTexts();
    expect(recovery).toHaveLength(10);
    const [regulator] = await db.select().from(users).where(eq(users.email, "mfa-nojs@e2e.test"));
    const [totp] = await db.select().from(userTotp).where(eq(userTotp.userId, regulator.id));
    expect(totp.confirmedAt).not.toBeNull();
    await context.clearCookies();

    // The next sign-in asks for a code: a wrong one is refused at its field, a recovery code signs in.
    await signIn(DEFAULT_PASSWORD);
    await page.waitForURL(/\/login\/two-factor/);
    await page.locator("#code").fill("123456");
    await press(page, t("accounts.secondFactor.submit"));
    await expectFieldError(page, "code", t("accounts.secondFactor.wrong"));
    await page.locator("#code").fill(recovery[0].trim());
    await press(page, t("accounts.secondFactor.submit"));
    await page.waitForURL(`${app.server.url}/reg`);
    const used = await db
      .select()
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, regulator.id), isNotNull(recoveryCodes.usedAt)));
    expect(used).toHaveLength(1);
  });
});
