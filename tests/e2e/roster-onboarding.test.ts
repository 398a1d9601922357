// A bureau imports its roster in the browser; the new institution's contact gets the invitation
// from a real SMTP server, sets a password through the link and signs in with it.
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { institutions } from "~db/schema";
import { createRedisConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { createQueues, DEFAULT_JOB_OPTIONS, queuePrefix } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { creditCodeCheckChar } from "~/domain/codes";
import { db } from "~/utils/db.server";
import { createMailer } from "~/utils/mail.server";
import { closeQueues } from "~/utils/queue.server";
import { createUser } from "../factories";
import { startSmtpSink } from "../setup/smtp";
import { DESKTOP, expectText, expectVisible, login, PHONE, screenshot, useAppAndBrowser } from "./browser";
import { ROSTER_COLUMNS, columnLabel } from "~/domain/roster";

const app = useAppAndBrowser();
// Unset in scripts/test-cluster.sh: then the Redis Cluster of REDIS_CLUSTER_NODES.
const REDIS_URL = process.env.REDIS_URL;

// The worker runs in the test process against the server's queues and a real SMTP server.
const env = {} as { smtp: Awaited<ReturnType<typeof startSmtpSink>>; stop: () => Promise<void>; close: () => Promise<void> };
beforeAll(async () => {
  env.smtp = await startSmtpSink();
  const connection = createRedisConnection(REDIS_URL);
  const queues = createQueues(connection, queuePrefix(), { ...DEFAULT_JOB_OPTIONS, attempts: 3, backoff: { type: "fixed", delay: 200 } });
  const mailer = createMailer(`${env.smtp.url}?pool=false`);
  const deps: JobDeps = { db, queues, mailer, appUrl: app.server.url, mailFrom: "自查 <no-reply@zicha.test>", leaseSeconds: 300 };
  env.stop = await startWorkers(deps, REDIS_URL, { schedule: false });
  env.close = async () => {
    await Promise.all(Object.values(queues).map((q) => q.close()));
    connection.disconnect();
    mailer.close();
  };
});
afterAll(async () => {
  await env.stop?.();
  await env.close?.();
  await env.smtp?.close();
  await closeQueues();
});

function credit(serial: number) {
  const first17 = `12411303${String(serial).padStart(9, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

async function rosterXlsx() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("定点机构名单");
  sheet.addRow(ROSTER_COLUMNS.map(columnLabel));
  sheet.addRow([
    "南阳卧龙康复医院",
    "医院",
    "二级",
    "民营",
    "411303",
    "H41130300101",
    credit(101),
    "赵雅琴",
    "0377-63123456",
    "kangfu@e2e.test",
  ]);
  const bad = credit(102);
  sheet.addRow([
    "卧龙区七里园乡卫生院",
    "基层医疗机构",
    "一级",
    "公立",
    "411303",
    "H41130300102",
    bad.slice(0, 17) + (bad[17] === "0" ? "1" : "0"),
    "钱国庆",
    "13800138002",
    "qiliyuan@e2e.test",
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("roster onboarding in the browser", () => {
  it("a regulator uploads a roster, imports the valid rows; the contact sets a password from the e-mail and signs in", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", name: "贺志远" });
    const context = await app.browser.newContext({ viewport: DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    await login(context, app.server.url, regulator);
    const page = await context.newPage();

    await page.goto(`${app.server.url}/reg/institutions`);
    await page.getByRole("link", { name: "批量导入" }).click();
    await page.waitForURL(/\/reg\/institutions\/import$/);
    await expectVisible(page.getByRole("heading", { name: "批量导入定点机构" }));
    await screenshot(page, "roster-upload-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "roster-upload-390");
    await page.setViewportSize(DESKTOP);

    // Without a file the form says so beside the field.
    await page.getByRole("button", { name: "上传并校验" }).click();
    await expectText(page.locator("#file-error"), "请选择要上传的名单文件");

    await page.setInputFiles("#file", {
      name: "卧龙区定点机构名单.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await rosterXlsx(),
    });
    await page.getByRole("button", { name: "上传并校验" }).click();
    await page.waitForURL(/\/reg\/institutions\/import\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByRole("heading", { name: "名单校验结果" }));
    await expectText(page.locator("table.roster-problems tbody tr").first(), "统一社会信用代码校验位不正确");
    await expectText(page.locator("table.roster-problems tbody tr").first(), "3");
    expect(await page.getByRole("button", { name: "导入全部" }).count()).toBe(0); // not clean
    await screenshot(page, "roster-preview-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "roster-preview-390");
    await page.setViewportSize(DESKTOP);

    await page.getByRole("button", { name: "仅导入有效行" }).click();
    await expectText(page.getByRole("status").last(), "导入完成：新增 1 家机构", false, 30_000);
    await screenshot(page, "roster-imported-1280");
    const imported = await db.select().from(institutions).where(eq(institutions.nhsaCode, "H41130300101"));
    expect(imported.map((i) => i.name)).toEqual(["南阳卧龙康复医院"]);
    expect(await db.select().from(institutions).where(eq(institutions.nhsaCode, "H41130300102"))).toEqual([]);

    // The invitation arrives over SMTP.
    const deadline = Date.now() + 30_000;
    while (env.smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(env.smtp.received.map((m) => m.to)).toEqual([["kangfu@e2e.test"]]);
    const raw = env.smtp.received[0].raw.replace(/=\r\n/g, "").replace(/=3D/g, "=");
    const link = new RegExp(`${app.server.url.replace(/[.:/]/g, "\\$&")}/invite/[A-Za-z0-9_-]{43}`).exec(raw)?.[0];
    expect(link).toBeTruthy();

    // The contact, on a phone, without any session.
    const contactContext = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const contact = await contactContext.newPage();
    await contact.goto(link!);
    await expectVisible(contact.getByRole("heading", { name: "设置登录密码" }));
    await expectText(contact.locator(".login-title"), "kangfu@e2e.test");
    await contact.locator("#password").fill("short");
    await contact.locator("#confirm").fill("short");
    await contact.getByRole("button", { name: "设置密码并登录" }).click();
    await expectText(contact.locator("#password-error"), "密码至少 10 位");
    await screenshot(contact, "roster-invite-390");
    await contact.setViewportSize(DESKTOP);
    await screenshot(contact, "roster-invite-1280");
    await contact.setViewportSize(PHONE);
    await contact.locator("#password").fill("Kangfu@2026");
    await contact.locator("#confirm").fill("Kangfu@2026");
    await contact.getByRole("button", { name: "设置密码并登录" }).click();
    await contact.waitForURL(`${app.server.url}/inst`);
    await contactContext.close();

    // The link is spent; the new password signs in on /login.
    const again = await app.browser.newContext({ viewport: PHONE, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const second = await again.newPage();
    await second.goto(link!);
    await expectVisible(second.getByRole("heading", { name: "邀请链接已使用" }));
    await screenshot(second, "roster-invite-used-390");
    await second.goto(`${app.server.url}/login`);
    await second.getByLabel("登录邮箱").fill("kangfu@e2e.test");
    await second.getByLabel("密码").fill("Kangfu@2026");
    await second.getByRole("button", { name: "登录" }).click();
    await second.waitForURL(`${app.server.url}/inst`);
    await again.close();

    // The bureau sees the account opened.
    await page.goto(`${app.server.url}/reg/institutions/accounts`);
    await expectText(page.locator("table.data tbody tr").first(), "已开通");
    await screenshot(page, "roster-accounts-1280");
    await page.setViewportSize(PHONE);
    await screenshot(page, "roster-accounts-390");
    await context.close();
  });
});
