// Setting up the second factor with JavaScript off (a slow phone before hydration): the recovery
// codes are shown once the code is confirmed, at sign-in and on the account page, and the way on
// from them leads into the app with the full session.
import { and, eq, isNull } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { recoveryCodes, userTotp } from "~db/schema";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { parseTotpKey } from "~/utils/mfa.server";
import { createUser, DEFAULT_PASSWORD } from "../factories";
import { totpCode } from "../security/support";
import { expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";

const app = useAppAndBrowser();

async function noJsContext(): Promise<BrowserContext> {
  return app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled: false });
}

/** Press a submit button and wait for the whole page that answers the post. */
async function press(page: Page, name: string) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name, exact: true }).first().click();
  await answered;
  await page.waitForLoadState("load");
}

/** Confirm the setup with the key shown on the page; returns the recovery codes the answer shows. */
async function confirmSetup(page: Page): Promise<string[]> {
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.locator("#code").fill(totpCode(parseTotpKey(secret)));
  await press(page, t("accounts.twoFactor.confirm"));
  await expectVisible(page.getByTestId("recovery-codes"));
  return (await page.getByTestId("recovery-codes").locator("li").allInnerTexts()).map((c) => c.trim());
}

async function expectSavedCodes(userId: string, shown: string[]) {
  const [totp] = await db.select().from(userTotp).where(eq(userTotp.userId, userId));
  expect(totp.confirmedAt).not.toBeNull();
  const unused = await db
    .select()
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  expect(shown).toHaveLength(10);
  expect(new Set(shown).size).toBe(10);
  expect(unused).toHaveLength(10);
}

describe("two-factor setup without JavaScript", () => {
  it("at sign-in: the recovery codes are shown after the code is confirmed, then the app opens signed in", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "mfa-setup-nojs@e2e.test", name: "蒋文博" });
    const context = await noJsContext();
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.locator("#email").fill("mfa-setup-nojs@e2e.test");
    await page.locator("#password").fill(DEFAULT_PASSWORD);
    await press(page, t("auth.signIn"));
    await page.waitForURL(/\/login\/two-factor/);

    const shown = await confirmSetup(page);
    await expectText(page.locator("#recovery-title"), t("accounts.twoFactor.recoveryTitle"));
    await screenshot(page, "two-factor-no-js-codes");
    await expectSavedCodes(regulator.id, shown);

    // The codes page's way on is the app itself, with the full session its answer set.
    await page.getByRole("link", { name: t("accounts.twoFactor.recoveryDone") }).click();
    await page.waitForURL(`${app.server.url}/reg`);
    await page.goto(`${app.server.url}/login/two-factor`);
    await page.waitForURL(`${app.server.url}/reg`);
    await context.close();
  });

  it("on the account page: the recovery codes are shown after the code is confirmed", async () => {
    const officer = await createUser(db, "regulator", { regionCode: "411300", email: "mfa-account-nojs@e2e.test", name: "邓雅琴" });
    const context = await noJsContext();
    await login(context, app.server.url, officer);
    const page = await context.newPage();
    await page.goto(`${app.server.url}/account/two-factor`);
    const shown = await confirmSetup(page);
    await expectText(page.locator(".form-notice"), t("accounts.twoFactor.enrolled"));
    await expectSavedCodes(officer.id, shown);
    await context.close();
  });
});
