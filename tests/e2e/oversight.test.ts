// The province bureau's oversight in the browser: the overview, down to a city, a county and
// its institutions; the hot spots; the .xlsx of the table — on a desktop and on a phone.
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { assessments } from "~db/schema";
import { saveAnswer } from "~/models/assessment.server";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { DESKTOP, expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { scenario } from "./scenario";

const app = useAppAndBrowser();

describe("oversight in the browser", () => {
  it("overview → city → county → institutions, hot spots and the .xlsx, at phone and desktop widths", async () => {
    const s = await scenario();
    const province = await createUser(db, "regulator", { regionCode: "410000", name: "省局经办" });
    const [a] = await db.select().from(assessments).where(eq(assessments.institutionId, s.hospital.id));
    const scope = { kind: "institution" as const, userId: s.officer.id, role: "officer" as const, institutionId: s.hospital.id };
    const problem = {
      answer: "problem_found" as const,
      lockVersion: 0,
      description: "挂床住院2例",
      caseCount: 2,
      amountInvolvedFen: 358050,
      refundedFen: 100000,
      rectificationPlan: "退回基金，完善床位巡查",
      responsiblePerson: "李静",
      rectificationDueOn: "2099-12-30",
      rectificationStatus: "in_progress" as const,
      rectifiedOn: undefined,
    };
    expect((await saveAnswer(db, scope, { assessmentId: a.id, itemCode: "MI-01", data: problem })).ok).toBe(true);

    for (const [viewport, tag] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const context = await app.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true });
      await login(context, app.server.url, province);
      const page = await context.newPage();
      await page.goto(`${app.server.url}/reg/oversight`);
      await expectText(page.getByRole("heading", { level: 1 }), "监管总览");
      await expectVisible(page.locator("canvas"));
      await screenshot(page, `oversight-overview-${tag}`);

      // Province → 南阳市 → 卧龙区 → the campaign's institution list for 卧龙区.
      await page.locator("table.dash-table").first().getByRole("link", { name: "南阳市", exact: true }).click();
      await expectText(page.locator(".dash-trail"), "南阳市");
      await page.locator("table.dash-table").first().getByRole("link", { name: "卧龙区", exact: true }).click();
      await page.waitForURL(/\/reg\/campaigns\/.+region=411303/);
      await expectVisible(page.getByRole("link", { name: "南阳卧龙仁和医院" }));

      // Hot spots: the reported item with its money.
      await page.goto(`${app.server.url}/reg/oversight/hotspots`);
      await expectText(page.locator("table.dash-table tbody"), "分解住院、挂床住院");
      await expectText(page.locator("table.dash-table tbody"), "3,580.50");
      await screenshot(page, `oversight-hotspots-${tag}`);

      // The 台账 of the hot spots table.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出台账（.xlsx）" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^问题热点_.*\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      const bytes = fs.readFileSync((await download.path())!);
      await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(3).getCell(1).value).toBe("MI-01");
      expect(sheet.getRow(3).getCell(7).value).toBe(3580.5);

      await page.goto(`${app.server.url}/reg/oversight/overdue`);
      await expectText(page.getByRole("heading", { level: 1 }), "逾期名单");
      await screenshot(page, `oversight-overdue-${tag}`);
      await context.close();
    }
  });
});
