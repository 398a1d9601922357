// A bureau pastes a list from a seed notice, fixes one item in the preview and saves a draft.
import fs from "node:fs";
import { asc, eq, like } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checklistItems, checklistVersions, checklists } from "~db/schema";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { DESKTOP, expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";

const app = useAppAndBrowser();

const { pageFor } = app;

type Notice = { title: string; issuer: string; docNumber: string; year: string; text: string };

/** The import page with a notice's facts and its text filled in (not yet previewed). */
async function openImport(page: Page, notice: Notice) {
  await page.goto(`${app.server.url}/reg/checklists/import`);
  await page.getByLabel("清单名称").fill(notice.title);
  await page.getByLabel("发文单位").fill(notice.issuer);
  await page.getByLabel("文号").fill(notice.docNumber);
  await page.getByLabel("年度").fill(notice.year);
  await page.getByLabel("粘贴正文").fill(notice.text);
}

/** The items of a saved version, in their order. */
function savedItems(versionId: string) {
  return db.select().from(checklistItems).where(eq(checklistItems.versionId, versionId)).orderBy(asc(checklistItems.position));
}

describe("checklist import in the browser", () => {
  it("paste 东西湖区 三、工作任务 → move the 医师 item to 定点医疗机构 → save the draft", async () => {
    await db.delete(checklists).where(like(checklists.code, "import-%"));
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const notice = {
      title: "打击欺诈骗取医保基金专项治理检查重点",
      issuer: "武汉市东西湖区人民政府办公室",
      docNumber: "东政办〔2019〕1号",
      year: "2019",
      text: fs.readFileSync("checklists/fixtures/whdxh-inspection-focus.txt", "utf8"),
    };

    const phone = await pageFor(regulator, PHONE);
    await openImport(phone, notice);
    await expectVisible(phone.getByRole("heading", { name: "导入问题清单" }));
    await screenshot(phone, "checklist-import-source-390");
    await phone.getByRole("button", { name: "识别并预览" }).click();
    await expectText(phone.locator(".cimport-summary"), "共 3 组、6 条将导入");
    await screenshot(phone, "checklist-import-preview-390");
    await phone.context().close();

    // The same paste on a desktop, then the fix: 对医师… belongs to 定点医疗机构.
    const desk = await pageFor(regulator, DESKTOP);
    await openImport(desk, notice);
    await desk.getByRole("button", { name: "识别并预览" }).click();
    const group = desk.locator("section.cimport-group", { has: desk.getByRole("heading", { name: "（四）检查医师及参保人员" }) });
    await expectVisible(group);
    await group.getByLabel("本条板块（1）").selectOption("定点医疗机构");
    await desk.getByRole("button", { name: "应用修改" }).click();
    await expectText(desk.getByRole("status").filter({ hasText: "修改已应用" }), "修改已应用");
    await screenshot(desk, "checklist-import-preview-1280");
    await desk.getByRole("button", { name: "保存为草稿" }).click();
    await desk.waitForURL(/\/reg\/checklists\/[0-9a-f-]{36}$/);

    const versionId = desk.url().split("/").pop()!;
    const [version] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, versionId));
    expect(version.status).toBe("draft");
    const items = await savedItems(versionId);
    expect(items.map((i) => [i.code, i.section])).toEqual([
      ["MI-01", "定点医疗机构"],
      ["MI-02", "定点医疗机构"],
      ["MI-03", "定点医疗机构"],
      ["PH-01", "定点药店"],
      ["MI-04", "定点医疗机构"],
      ["IN-01", "参保人员"],
    ]);
    expect(items[4].title).toBe("对医师，重点查处开大处方、换串项目、过度检查、过度给药等行为");
    await desk.context().close();
  });

  it("works without JavaScript: paste 云阳县 一是…四是, merge two items, save", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "500235" });
    const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", javaScriptEnabled: false });
    await login(context, app.server.url, regulator);
    const page = await context.newPage();
    await openImport(page, {
      title: "打击诈骗医保基金专项整治重点领域",
      issuer: "云阳县医疗保障局",
      docNumber: "云医保发〔2022〕6号",
      year: "2022",
      text: fs.readFileSync("checklists/fixtures/cqyy-2022-focus-areas.txt", "utf8"),
    });
    await page.getByRole("button", { name: "识别并预览" }).click();
    await expectText(page.locator(".cimport-summary"), "共 1 组、4 条将导入");
    await page.getByRole("button", { name: "并入上一条" }).nth(2).click(); // 四是 into 三是
    await expectText(page.locator(".cimport-summary"), "共 1 组、3 条将导入");
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await page.waitForURL(/\/reg\/checklists\/[0-9a-f-]{36}$/);
    const items = await savedItems(page.url().split("/").pop()!);
    expect(items.map((i) => i.code)).toEqual(["MI-01", "MI-02", "MI-03"]);
    expect(items[2].title).toMatch(/^聚焦基因检测结果造假行为.*；严查血液透析领域/);
    await context.close();
  });

  it("without JavaScript on a phone: “(1) is the group level”, a new group and a merge, then save", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", javaScriptEnabled: false });
    await login(context, app.server.url, regulator);
    const page = await context.newPage();
    // Group names in (1), behaviours on the lines below, page chrome after the list.
    const text = [
      "医保基金使用负面清单",
      "(1)定点医疗机构",
      "分解住院、挂床住院；",
      "串换药品、医用耗材；",
      "重复收费、超标准收费；",
      "(2)定点药店",
      "空刷医保凭证；",
      "来源：某区医疗保障局",
    ].join("\n");
    await openImport(page, {
      title: "医保基金使用负面清单",
      issuer: "某区医疗保障局",
      docNumber: "某医保发〔2025〕3号",
      year: "2025",
      text,
    });
    await page.getByRole("button", { name: "识别并预览" }).click();
    await expectText(page.locator(".cimport-summary"), "共 1 组、2 条将导入");
    const structure = page.locator("fieldset.cimport-structure");
    await expectText(structure, "（1）（2）");
    await expectText(page.locator("details.cimport-skipped summary"), "未导入的文字");
    await screenshot(page, "checklist-import-levels-390");

    // The regulator says (1) is the group level and reads the same text again: no upload.
    await structure.getByRole("combobox").selectOption("heading");
    await structure.getByRole("button", { name: "按此重新识别" }).click();
    await expectText(page.getByRole("status"), "已按新的编号层级重新识别");
    await expectText(page.locator(".cimport-summary"), "共 2 组、4 条将导入");

    // The third behaviour of the first group starts a group of its own, which is then merged back.
    await page.getByRole("button", { name: "从此条起另起一组" }).nth(1).click();
    await expectText(page.locator(".cimport-summary"), "共 3 组、4 条将导入");
    await page.getByLabel("组标题").nth(1).fill("收费");
    await page.getByRole("button", { name: "整组并入上一组" }).nth(0).click();
    await expectText(page.locator(".cimport-summary"), "共 2 组、4 条将导入");
    await screenshot(page, "checklist-import-regrouped-390");
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await page.waitForURL(/\/reg\/checklists\/[0-9a-f-]{36}$/);
    const items = await savedItems(page.url().split("/").pop()!);
    expect(items.map((i) => [i.code, i.title])).toEqual([
      ["MI-01", "分解住院、挂床住院"],
      ["MI-02", "串换药品、医用耗材"],
      ["MI-03", "重复收费、超标准收费"],
      ["PH-01", "空刷医保凭证"],
    ]);
    await context.close();
  });

  it("the levels table and the not-imported text on a desktop (a real notice pasted whole)", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const desk = await pageFor(regulator, DESKTOP);
    await openImport(desk, {
      title: "欺诈骗取医保基金行为",
      issuer: "某医院",
      docNumber: "无",
      year: "2024",
      text: fs.readFileSync("checklists/fixtures/corpus/03-chtyy-hospital-qa.txt", "utf8"),
    });
    await desk.getByRole("button", { name: "识别并预览" }).click();
    await expectText(desk.locator(".cimport-summary"), "共 3 组、17 条将导入");
    await desk.locator("details.cimport-skipped summary").click();
    await expectText(desk.locator("details.cimport-skipped"), "2.发现欺诈骗保行为后应该怎么办");
    await screenshot(desk, "checklist-import-levels-1280");
    await desk.context().close();
  });
});
