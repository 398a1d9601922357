// One list page of the list kit in the browser (/reg/inspections), on a phone and a desktop, with
// JavaScript on and off: sort by a column header, filter with the GET form, page.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { DESKTOP, expectText, login, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { scenario } from "./scenario";

const app = useAppAndBrowser();

/** `count` inspections of an institution, one a day from `firstDay`, types in turn flight / cross / on_site. */
async function insertInspections(institutionName: string, count: number, firstDay: string, createdBy: string) {
  await db.execute(sql`
    insert into inspections (institution_id, region_code, recorded_by_region_code, type, inspected_on, inspector_names, created_by)
    select i.id, i.region_code, i.region_code, (array['flight', 'cross', 'on_site'])[1 + n % 3], ${firstDay}::date + n, '张稽核', ${createdBy}
    from institutions i, generate_series(0, ${count - 1}) n where i.name = ${institutionName}`);
}

const COMBINATIONS = [PHONE, DESKTOP].flatMap((viewport) => [true, false].map((javaScriptEnabled) => ({ viewport, javaScriptEnabled })));

// Four navigations with JavaScript, each checked by axe: more than the default 90 s on a loaded machine.
describe("a list page in the browser", { timeout: 240_000 }, () => {
  it.each(COMBINATIONS)(
    "sorts by a header, filters and pages at $viewport.width px, JavaScript on: $javaScriptEnabled",
    async ({ viewport, javaScriptEnabled }) => {
      const s = await scenario();
      await insertInspections("南阳卧龙仁和医院", 60, "2026-01-01", s.regulator.id);
      await insertInspections("南阳宛城康宁医院", 5, "2026-06-01", s.regulator.id);
      const name = `list-kit-${viewport.width}-${javaScriptEnabled ? "js" : "nojs"}`;
      const context = await app.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled });
      await login(context, app.server.url, s.regulator);
      const page = await context.newPage();
      await page.goto(`${app.server.url}/reg/inspections`);
      await expectText(page.locator(".pager"), "第 1 / 2 页，共 65 条");
      const dateHeader = page.locator("th", { has: page.getByRole("link", { name: "检查日期" }) });
      expect(await dateHeader.getAttribute("aria-sort")).toBe("descending");
      await expectText(page.locator("tbody tr").first(), "2026年6月5日");

      // Sort: the active header's link reverses it.
      await page.getByRole("link", { name: "检查日期" }).click();
      await page.waitForURL(/sort=newest&dir=asc/);
      await expectText(page.locator("tbody tr").first(), "2026年1月1日");
      expect(await dateHeader.getAttribute("aria-sort")).toBe("ascending");
      if (viewport === PHONE) await screenshot(page, `${name}-sorted`);

      // Filter: the GET form renders the chosen value back.
      await page.getByLabel("检查类型").selectOption("cross");
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/type=cross/);
      await expectText(page.locator(".pager"), "第 1 / 1 页，共 22 条");
      expect(await page.getByLabel("检查类型").inputValue()).toBe("cross");

      // Page: back to all types, then the next page keeps the sort.
      await page.goto(`${app.server.url}/reg/inspections?sort=institution&dir=asc`);
      await page.getByRole("link", { name: "下一页（第 2 页）" }).click();
      await page.waitForURL(/page=2/);
      await expectText(page.locator(".pager"), "第 2 / 2 页，共 65 条");
      expect(new URL(page.url()).searchParams.get("sort")).toBe("institution");
      await expect(page.locator("tbody tr").count()).resolves.toBe(15);
      await screenshot(page, `${name}-page-2`);
      await context.close();
    },
  );
});
