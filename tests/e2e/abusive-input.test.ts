// What a person sees when input is refused (issue 13): a decompression bomb uploaded to the
// roster and checklist imports gets a message beside the file field; a form far over its limit
// (sent without JavaScript) gets the Chinese 413 page. The page policy holds throughout.
import { describe, it } from "vitest";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { buildBomb } from "../security/bombs";
import { DESKTOP, expectText, PHONE, screenshot, useAppAndBrowser } from "./browser";

const app = useAppAndBrowser();
const BOMB_MESSAGE = "文件解压后超过 50 MB（可能是“压缩炸弹”）";

describe("refused input in the browser", () => {
  it("a roster .xlsx bomb (phone) and a notice .docx bomb (desktop) are refused beside the file field", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    // 100 MB is past the 50 MB cap; tests/security/ tries the 300 MB ones through the routes.
    const bomb = await buildBomb({ kind: "xlsx", unpackedMb: 100, lie: true });

    const phone = await app.pageFor(regulator, PHONE);
    await phone.goto(`${app.server.url}/reg/institutions/import`);
    await phone.setInputFiles("#file", {
      name: "全市名单.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: bomb,
    });
    await phone.getByRole("button", { name: "上传并校验" }).click();
    await expectText(phone.locator("#file-error"), BOMB_MESSAGE);
    await screenshot(phone, "abusive-roster-bomb-390");
    await phone.context().close();

    const desk = await app.pageFor(regulator, DESKTOP);
    await desk.goto(`${app.server.url}/reg/checklists/import`);
    await desk.getByLabel("清单名称").fill("问题清单");
    await desk.getByLabel("发文单位").fill("南阳市医疗保障局");
    await desk.getByLabel("文号").fill("宛医保〔2026〕1号");
    await desk.getByLabel("年度").fill("2026");
    await desk.setInputFiles("#file", {
      name: "通知.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: await buildBomb({ kind: "docx", unpackedMb: 100 }),
    });
    await desk.getByRole("button", { name: "识别并预览" }).click();
    await expectText(desk.locator("#file-error"), BOMB_MESSAGE);
    await screenshot(desk, "abusive-checklist-bomb-1280");
    await desk.context().close();
  });

  it("a sign-in form of 300 KB sent without JavaScript gets the Chinese 413 page (phone and desktop)", async () => {
    for (const [viewport, name] of [
      [PHONE, "abusive-413-390"],
      [DESKTOP, "abusive-413-1280"],
    ] as const) {
      const context = await app.browser.newContext({ viewport, locale: "zh-CN", javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${app.server.url}/login`);
      await page.locator("#email").evaluate((input, value) => ((input as HTMLInputElement).value = value), "a".repeat(300 * 1024));
      await page.locator("#password").fill("x");
      await page.getByRole("button", { name: "登录" }).click();
      await expectText(page.locator("h1"), "提交的内容过大");
      await expectText(page.locator("p").first(), "128 KB");
      await screenshot(page, name);
      await context.close();
    }
  });
});
