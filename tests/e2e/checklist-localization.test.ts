// A city bureau localizes the provincial list in the browser: derive → rewrite guidance → add a
// local item → disable one → publish → diff with the parent.
import type { Page } from "playwright-core";
import { describe, it } from "vitest";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, useAppAndBrowser } from "./browser";

const app = useAppAndBrowser();

async function pageFor(user: { id: string }, viewport: { width: number; height: number }): Promise<Page> {
  const page = await app.pageFor(user, viewport);
  page.on("dialog", (dialog) => void dialog.accept());
  return page;
}

describe("checklist localization in the browser", () => {
  it("derive, edit, publish and compare", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
    const page = await pageFor(regulator, DESKTOP);
    await page.goto(`${app.server.url}/reg/checklists`);
    await expectText(page.locator("h1"), "问题清单");
    await page.getByRole("link", { name: "派生本地化版本" }).first().click();
    await expectText(page.locator("h1"), "派生本地化版本");
    await page.getByLabel("文号").fill("宛医保办〔2026〕12号");
    await page.getByRole("button", { name: "创建草稿" }).click();
    await expectText(page.getByRole("status"), "已创建草稿");
    await expectText(page.locator("h1"), "南阳市本地化");

    // Rewrite the guidance of MI-04; the official wording stays read-only.
    await page.locator(".clist-item", { hasText: "MI-04" }).getByRole("link", { name: "修改" }).click();
    await expectText(page.locator("h1"), "修改条目 MI-04");
    await page.getByLabel("检查要点").fill("调取近一年住院结算明细，核对 15 日内再次入院的病例，抽查病房在床情况。");
    await screenshot(page, "checklist-item-edit-1280");
    await page.getByRole("button", { name: "保存" }).click();
    await expectText(page.getByRole("status"), "条目 MI-04 已保存");

    // Add a local item (client-side validation first).
    await page.getByRole("link", { name: "增加本地条目" }).click();
    await page.getByRole("button", { name: "增加条目" }).click();
    await expectVisible(page.getByText("请至少选择一种适用机构类型"));
    await page.setViewportSize(PHONE);
    await screenshot(page, "checklist-item-new-errors-390");
    await page.setViewportSize(DESKTOP);
    await page.getByLabel("条目表述").fill("医养结合机构将养老服务费用纳入医保基金结算");
    await page.getByLabel("检查要点").fill("核对医疗服务记录与养老服务记录，确认养老费用未纳入医保结算。");
    await page.getByLabel("医养结合机构").check();
    await page.getByRole("button", { name: "增加条目" }).click();
    await expectText(page.getByRole("status"), "已增加本地条目 MI-L01");

    // Disable XD-04; it is listed as 已停用 with a restore button.
    await page.locator(".clist-item", { hasText: "XD-04" }).getByRole("button", { name: "停用" }).click();
    await expectText(page.getByRole("status"), "已停用条目 XD-04");
    await expectVisible(page.locator("#disabled").getByRole("button", { name: "恢复" }));
    await screenshot(page, "checklist-draft-1280");

    await page.getByRole("button", { name: "发布此版本" }).click();
    await expectText(page.getByRole("status"), "已发布第 1 版");
    await expectText(page.locator(".page-head .badge"), "已发布");
    const versionUrl = page.url();

    await page.getByRole("link", { name: "与来源版本对比" }).first().click();
    await expectText(page.locator("#diff-added h2"), "新增条目（1）");
    await expectText(page.locator("#diff-removed h2"), "（1）");
    await expectText(page.locator("#diff-changed h2"), "修改的条目（1）");
    await screenshot(page, "checklist-diff-1280");
    const diffUrl = page.url();

    const phone = await pageFor(regulator, PHONE);
    await phone.goto(versionUrl);
    await expectVisible(phone.getByText("本地检查要点"));
    await screenshot(phone, "checklist-version-390");
    await phone.goto(diffUrl);
    await expectText(phone.locator("#diff-changed h2"), "修改的条目（1）");
    await screenshot(phone, "checklist-diff-390");
    await phone.goto(`${app.server.url}/reg/checklists`);
    await screenshot(phone, "checklist-list-390");
    await page.goto(`${app.server.url}/reg/checklists`);
    await screenshot(page, "checklist-list-1280");
  });
});
