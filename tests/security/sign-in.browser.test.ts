// Issue 12 in a real browser (Chromium) against the built app:
// point 1 — the open-redirect family after sign-in, as it was tried;
// point 2 — X-Forwarded-For counts only with TRUST_PROXY;
// point 4 — a regulator's first sign-in sets up the authenticator, the next one asks for a code.
import { sql } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { parseTotpKey } from "~/utils/mfa.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../factories";
import { DESKTOP, expectText, expectVisible, PHONE, screenshot, startServer, useAppAndBrowser } from "../e2e/browser";
import { totpCode } from "./support";

const app = useAppAndBrowser();

/**
 * A browser context that refuses (and records) every request that leaves the app's origin.
 * Without JavaScript the form posts natively and Chromium itself follows the Location header,
 * which is what the attack relies on (and it is faster).
 */
async function guardedContext(viewport = DESKTOP) {
  const context = await app.browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai", javaScriptEnabled: false });
  const offsite: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== app.server.url) {
      offsite.push(url);
      return route.abort();
    }
    return route.continue();
  });
  return { context, offsite };
}

async function signIn(context: BrowserContext, query: string, email: string) {
  const page = await context.newPage();
  await page.goto(`${app.server.url}/login${query}`);
  await page.getByLabel("登录邮箱").fill(email);
  await page.getByLabel("密码").fill(DEFAULT_PASSWORD);
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "登录" }).click()]);
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 10_000 }).catch(() => {});
  return page;
}

describe("after signing in, only a path of the app is followed", () => {
  it("the whole family of off-site redirectTo values lands on the role's home, and nothing leaves the origin", async () => {
    const institution = await createInstitution(db);
    await createUser(db, "officer", { institutionId: institution.id, email: "redirect@e2e.test" });
    const family = [
      "//evil.example/",
      "/\\evil.example",
      "/\t/evil.example",
      "/%5Cevil.example",
      "%2F%2Fevil.example",
      "https://evil.example/",
      "javascript:alert(document.domain)",
      "/\r\n/evil.example",
      "/\n/evil.example",
    ];
    // One browser context and one account per value, all at once (each signs in through the
    // form; one account would hit its own limit of 5 tries in flight).
    for (let i = 0; i < family.length; i++)
      await createUser(db, "officer", { institutionId: institution.id, email: `redirect${i}@e2e.test` });
    const outcomes = await Promise.all(
      family.map(async (value, i) => {
        const { context, offsite } = await guardedContext();
        const page = await signIn(context, `?redirectTo=${encodeURIComponent(value)}`, `redirect${i}@e2e.test`);
        await page.waitForLoadState("load");
        const outcome = { value, url: page.url(), offsite };
        await context.close();
        return outcome;
      }),
    );
    expect(outcomes).toEqual(family.map((value) => ({ value, url: `${app.server.url}/inst`, offsite: [] })));
    // A path of the app is still followed.
    const { context, offsite } = await guardedContext();
    const page = await signIn(context, `?redirectTo=${encodeURIComponent("/notifications?x=1")}`, "redirect@e2e.test");
    expect(page.url()).toBe(`${app.server.url}/notifications?x=1`);
    expect(offsite).toEqual([]);
    await context.close();
  });
});

describe("the client address", () => {
  const lastSignInIp = async () => {
    const [row] = await db.execute<{ ip: string }>(
      sql`select after->>'ip' as ip from audit_events where action = 'auth.sign_in_failed' order by id desc limit 1`,
    );
    return row.ip;
  };
  const tryWithForwardedFor = (url: string) =>
    fetch(`${url}/login`, {
      method: "POST",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.7" },
      body: "email=someone%40e2e.test&password=wrong-password",
      redirect: "manual",
    });

  it("X-Forwarded-For is ignored unless TRUST_PROXY is set", async () => {
    expect((await tryWithForwardedFor(app.server.url)).status).toBe(400);
    expect(await lastSignInIp()).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);

    const behindProxy = await startServer({ TRUST_PROXY: "true" });
    try {
      expect((await tryWithForwardedFor(behindProxy.url)).status).toBe(400);
      expect(await lastSignInIp()).toBe("203.0.113.7");
    } finally {
      await behindProxy.stop();
    }
  });
});

describe("two-factor sign-in in the browser", () => {
  it("a regulator's first sign-in sets up the authenticator and shows recovery codes; the next asks for a code", async () => {
    await createUser(db, "regulator", { regionCode: "411300", email: "mfa-reg@e2e.test", name: "贺志远" });
    const hospital = await createInstitution(db, { regionCode: "411303", name: "南阳卧龙仁和医院" });
    await createUser(db, "officer", { institutionId: hospital.id, email: "renhe@e2e.test", name: "王晓明" });
    await createUser(db, "staff", { institutionId: hospital.id, email: "renhe-keshi@e2e.test", name: "朱晓燕" });
    const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await screenshot(page, "login-390");
    await page.getByLabel("登录邮箱").fill("mfa-reg@e2e.test");
    await page.getByLabel("密码").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/login\/two-factor/);
    await expectVisible(page.getByRole("heading", { name: "设置两步验证" }));
    // The setup page works without the regulator's pages: /reg is still closed.
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    await screenshot(page, "two-factor-setup-390");
    await page.getByLabel("6 位动态码").fill("000000");
    await page.getByRole("button", { name: "完成设置" }).click();
    await expectText(page.locator("#code-error"), "动态码不正确");
    const key = parseTotpKey(secret);
    await page.getByLabel("6 位动态码").fill(totpCode(key));
    await page.getByRole("button", { name: "完成设置" }).click();
    await expectVisible(page.getByRole("heading", { name: "请保存恢复码" }));
    const recovery = await page.getByTestId("recovery-codes").locator("li").allInnerTexts();
    expect(recovery).toHaveLength(10);
    await screenshot(page, "two-factor-recovery-codes-390");
    await page.getByRole("link", { name: "我已保存，继续" }).click();
    await page.waitForURL(`${app.server.url}/reg`);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(`${app.server.url}/login`);

    // Next time: password, then a code — here one of the recovery codes (the phone is elsewhere).
    await page.setViewportSize(DESKTOP);
    await page.getByLabel("登录邮箱").fill("mfa-reg@e2e.test");
    await page.getByLabel("密码").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/login\/two-factor/);
    await expectVisible(page.getByRole("heading", { name: "两步验证" }));
    await screenshot(page, "two-factor-code-1280");
    await page.getByLabel("动态码或恢复码").fill(recovery[0].trim());
    await page.getByRole("button", { name: "验证并登录" }).click();
    await page.waitForURL(`${app.server.url}/reg`);
    await expectText(page.locator(".flash"), "还剩 9 个恢复码");

    // The account pages: overview, devices (this one), on a phone and a desktop.
    await page.goto(`${app.server.url}/account`);
    await expectVisible(page.getByRole("heading", { name: "账号安全" }));
    await screenshot(page, "account-1280");
    await page.goto(`${app.server.url}/account/sessions`);
    await expectText(page.locator("table.data tbody tr").first(), "本设备");
    await screenshot(page, "account-sessions-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "account-sessions-390");
    await page.goto(`${app.server.url}/reg/accounts`);
    await expectVisible(page.getByRole("heading", { name: "账号管理" }));
    await expectText(page.locator("table.data tbody"), "renhe-keshi@e2e.test");
    // Deactivating needs a reason (checked in the browser before posting).
    const row = page.locator("table.data tbody tr", { hasText: "renhe-keshi@e2e.test" });
    await row.getByText("停用", { exact: true }).click();
    await row.getByRole("button", { name: "确定" }).click();
    await expectText(row.locator(".field__error"), "请填写原因");
    await screenshot(page, "reg-accounts-390");
    await row.getByLabel("原因").fill("调离本院");
    await row.getByRole("button", { name: "确定" }).click();
    await expectText(page.locator(".flash"), "已停用");
    await expectText(page.locator("table.data tbody tr", { hasText: "renhe-keshi@e2e.test" }), "已停用");
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "reg-accounts-1280");
    await page.setViewportSize(PHONE);
    await page.goto(`${app.server.url}/reg/auth-events`);
    await expectText(page.locator("table.data tbody tr").first(), "停用账号");
    await screenshot(page, "reg-auth-events-390");
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "reg-auth-events-1280");
    await context.close();
  });

  it("forgot password answers the same for any e-mail", async () => {
    const context = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.getByRole("link", { name: "忘记密码？" }).click();
    await page.waitForURL(`${app.server.url}/forgot-password`);
    await page.getByLabel("登录邮箱").fill("nobody@e2e.test");
    await page.getByRole("button", { name: "发送重设链接" }).click();
    await expectText(page.getByRole("status"), "如果该邮箱已开通账号");
    await screenshot(page, "forgot-password-390");
    await context.close();
  });
});
