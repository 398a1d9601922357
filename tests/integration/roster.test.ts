// Roster onboarding end to end against real PostgreSQL, Redis (BullMQ) and an SMTP server:
// upload → preview → import in one transaction → invitation e-mail → set password → sign in.
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { auditEvents, institutions, invitations, rosterImports, users } from "~db/schema";

import { enqueueInvitations } from "~jobs/producers";

import { authenticate } from "~/models/auth.server";
import { createRosterImport, getRosterImport, parseRosterFile, runRosterImport, startRosterImport } from "~/models/roster.server";
import * as inviteRoute from "~/routes/invite.$token";
import * as accountsRoute from "~/routes/reg.institutions.accounts";
import * as accountsXlsxRoute from "~/routes/reg.institutions.accounts[.]xlsx";
import * as previewRoute from "~/routes/reg.institutions.import.$importId._index";
import * as problemsRoute from "~/routes/reg.institutions.import.$importId.problems";
import * as progressRoute from "~/routes/reg.institutions.import.$importId.progress";
import * as importRoute from "~/routes/reg.institutions.import._index";
import * as templateRoute from "~/routes/reg.institutions.import.template";
import * as uploadRoute from "~/routes/reg.institutions.import.upload";
import * as staffRoute from "~/routes/inst.staff";
import { creditCodeCheckChar } from "~/domain/codes";
import { db } from "~/utils/db.server";

import { ROSTER_COLUMNS, columnLabel } from "~/domain/roster";
import { createInstitution, createUser } from "../factories";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";

import { regionScope } from "./fixtures";
import { startMailWorker } from "../mail-worker";
import { waitFor } from "../wait";

type Values = Record<(typeof ROSTER_COLUMNS)[number], string>;

function credit(serial: number) {
  const first17 = `12411303${String(serial).padStart(9, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

/** A clean row for 卧龙区 (411303) number n. */
function rowOf(n: number, overrides: Partial<Values> = {}): Values {
  return {
    name: `卧龙导入测试医院${n}`,
    kind: "医院",
    grade: "二级",
    ownership: "公立",
    regionCode: "411303",
    nhsaCode: `H411303${String(n).padStart(5, "0")}`,
    creditCode: credit(n),
    contactName: `联系人${n}`,
    contactPhone: "13800138000",
    contactEmail: `roster${n}@example.test`,
    ...overrides,
  };
}

const header = ROSTER_COLUMNS.map(columnLabel);
const csvText = (rows: Values[]) =>
  [header, ...rows.map((r) => ROSTER_COLUMNS.map((c) => r[c]))].map((cells) => cells.join(",")).join("\r\n") + "\r\n";
const csvOf = (rows: Values[]) => Buffer.from(csvText(rows), "utf8");

async function xlsxOf(rows: Values[]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("名单");
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(ROSTER_COLUMNS.map((c) => r[c]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function regulatorOf(regionCode = "411300") {
  const user = await createUser(db, "regulator", { regionCode, name: "贺志远" });
  return { user, scope: regionScope(user) };
}

async function upload(scope: ReturnType<typeof regionScope>, rows: Values[], name = "名单.csv") {
  const created = await createRosterImport(db, scope, { name, bytes: name.endsWith(".xlsx") ? await xlsxOf(rows) : csvOf(rows) });
  if (!created.ok) throw new Error(created.error);
  return created.id;
}

async function importNow(scope: ReturnType<typeof regionScope>, id: string, onlyValid = false) {
  const started = await startRosterImport(db, scope, id, onlyValid);
  if (!started.ok) throw new Error(started.error);
  return runRosterImport(db, id);
}

const count = async (table: typeof institutions | typeof users | typeof invitations) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;

const linkTokenOf = (raw: string) => {
  const text = raw.replace(/=\r\n/g, "").replace(/=3D/g, "=");
  const match = /\/invite\/([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no invitation link in:\n${raw.slice(0, 2000)}`);
  return match[1];
};

describe("reading files", () => {
  it("reads .xlsx and .csv in UTF-8 (with and without BOM) and GBK alike", async () => {
    const rows = [rowOf(1), rowOf(2)];
    const variants = [
      await parseRosterFile("a.xlsx", await xlsxOf(rows)),
      await parseRosterFile("a.csv", csvOf(rows)),
      await parseRosterFile("a.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvOf(rows)])),
      await parseRosterFile("a.csv", iconv.encode(csvText(rows), "gbk")),
    ];
    for (const parsed of variants) {
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.rows.map((r) => [r.row, r.values.name, r.values.contactEmail])).toEqual([
        [2, "卧龙导入测试医院1", "roster1@example.test"],
        [3, "卧龙导入测试医院2", "roster2@example.test"],
      ]);
    }
  });

  it("the downloadable templates read back as a roster with the right columns", async () => {
    const { user } = await regulatorOf();
    for (const format of ["xlsx", "csv"]) {
      const response = (await templateRoute.loader({
        request: new Request(new URL(`/reg/institutions/import/template?format=${format}`, BASE_URL), {
          headers: { Cookie: await sessionCookieFor(user.id) },
        }),
        params: {},
        context: { requestId: "test", clientIp: "127.0.0.1" },
      })) as Response;
      expect(response.headers.get("Content-Disposition")).toContain(`.${format}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      // The header is recognized (no "missing columns"); there are just no rows yet.
      expect(await parseRosterFile(`template.${format}`, bytes)).toEqual({ ok: false, error: "文件中没有机构数据" });
    }
  });

  it("names missing columns and refuses other files", async () => {
    const bad = Buffer.from("机构名称,机构类别\r\n某医院,医院\r\n", "utf8");
    const parsed = await parseRosterFile("a.csv", bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain("缺少列：医院等级、经营性质");
    expect(await parseRosterFile("a.pdf", Buffer.from("%PDF"))).toEqual({ ok: false, error: "只支持 .xlsx 或 .csv 文件" });
  });
});

describe("validate and import", () => {
  it("a clean file imports institutions, officers without password, invitations and audit events; re-importing changes nothing", async () => {
    const { scope } = await regulatorOf();
    const rows = [rowOf(1), rowOf(2, { kind: "零售药店", nhsaCode: "P41130300002", ownership: "民营", grade: "" }), rowOf(3)];
    const id = await upload(scope, rows, "卧龙区名单.xlsx");
    const preview = await getRosterImport(db, scope, id);
    expect({ total: preview.totalRows, valid: preview.validRows, new: preview.newRows, problems: preview.problems }).toEqual({
      total: 3,
      valid: 3,
      new: 3,
      problems: [],
    });
    expect(await count(institutions)).toBe(0); // nothing written before the import

    const result = await importNow(scope, id);
    expect(result).toMatchObject({ skipped: false, ok: true, created: 3, unchanged: 0 });
    const pharmacy = (await db.select().from(institutions).where(eq(institutions.nhsaCode, "P41130300002")))[0];
    expect(pharmacy).toMatchObject({ kind: "pharmacy", grade: "ungraded", ownership: "private", contactEmail: "roster2@example.test" });
    const officers = await db.select().from(users).where(eq(users.role, "officer"));
    expect(officers.map((u) => [u.email, u.passwordHash, u.institutionId !== null]).sort()).toEqual([
      ["roster1@example.test", null, true],
      ["roster2@example.test", null, true],
      ["roster3@example.test", null, true],
    ]);
    const invites = await db.select().from(invitations);
    expect(invites.map((i) => [i.emailStatus, i.tokenHash])).toEqual([
      ["pending", null],
      ["pending", null],
      ["pending", null],
    ]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "institution.created"));
    expect(audit.length).toBe(3);
    const [imp] = await db.select().from(rosterImports).where(eq(rosterImports.id, id));
    expect(imp).toMatchObject({ status: "imported", createdCount: 3, unchangedCount: 0, invitedCount: 3, processedRows: 3 });

    // The same file again: every row is registered with the same data.
    const again = await upload(scope, rows, "卧龙区名单.xlsx");
    const second = await getRosterImport(db, scope, again);
    expect({ new: second.newRows, unchanged: second.unchangedRows, invalid: second.invalidRows }).toEqual({
      new: 0,
      unchanged: 3,
      invalid: 0,
    });
    expect(await importNow(scope, again)).toMatchObject({ ok: true, created: 0, unchanged: 3 });
    expect([await count(institutions), await count(users), await count(invitations)]).toEqual([3, 4, 3]);

    // A changed row of a registered institution is an error naming the column, not an update.
    const changed = await upload(scope, [rowOf(1, { name: "卧龙导入测试医院一院" })]);
    const third = await getRosterImport(db, scope, changed);
    expect(third.problems.map((p) => [p.row, p.columnLabel, p.message])).toEqual([
      [2, "机构名称", "该机构已登记，此项与已登记信息不一致（名单导入不修改已登记信息）"],
    ]);
  });

  it("lists each bad row with its column and reason; only the valid rows can be imported", async () => {
    const { scope } = await regulatorOf();
    const existing = await createInstitution(db, { regionCode: "411303", serial: 777 });
    await createUser(db, "staff", { institutionId: existing.id, email: "taken@example.test" });
    const rows = [
      rowOf(1),
      rowOf(2, { creditCode: credit(2).slice(0, 17) + (credit(2)[17] === "0" ? "1" : "0") }),
      rowOf(3, { regionCode: "420112", nhsaCode: "H42011200003" }),
      rowOf(4, { nhsaCode: existing.nhsaCode }),
      rowOf(5, { contactEmail: "taken@example.test" }),
      rowOf(6, { contactEmail: "roster1@example.test" }),
      rowOf(7),
    ];
    const id = await upload(scope, rows);
    const preview = await getRosterImport(db, scope, id);
    expect(preview.problems.map((p) => `${p.row} ${p.columnLabel}: ${p.message}`)).toEqual([
      "2 电子邮箱: 与第 7 行重复",
      "3 统一社会信用代码: 统一社会信用代码校验位不正确，请核对",
      "4 行政区划代码: 该地区不在本局辖区内",
      "5 医保定点编码: 该医保定点编码已被另一家已登记机构使用",
      "6 电子邮箱: 该电子邮箱已有平台账号",
      "7 电子邮箱: 与第 2 行重复",
    ]);
    expect(preview.validRows).toBe(1);

    expect(await startRosterImport(db, scope, id, false)).toEqual({
      ok: false,
      error: "名单仍有 6 行有问题，不能全部导入；请修改后重新上传，或选择仅导入有效行",
    });
    expect(await count(institutions)).toBe(1);
    expect(await importNow(scope, id, true)).toMatchObject({ ok: true, created: 1 });
    expect(
      (
        await db
          .select()
          .from(institutions)
          .where(eq(institutions.creditCode, credit(7)))
      ).length,
    ).toBe(1);
    expect(await count(institutions)).toBe(2);
  });

  it("is one transaction: a failure after the first chunk leaves nothing behind", async () => {
    const { scope } = await regulatorOf();
    const id = await upload(
      scope,
      Array.from({ length: 700 }, (_, i) => rowOf(i + 1)),
    );
    const started = await startRosterImport(db, scope, id, false);
    expect(started.ok).toBe(true);
    const result = await runRosterImport(db, id, { failAfterChunk: 1 });
    expect(result).toMatchObject({ ok: false, created: 0 });
    expect([await count(institutions), await count(invitations)]).toEqual([0, 0]);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "institution.created"))).toEqual([]);
    const [imp] = await db.select().from(rosterImports).where(eq(rosterImports.id, id));
    expect(imp.status).toBe("failed");
    expect(imp.error).toContain("未写入任何数据");
    // It can be started again and then goes through.
    expect(await importNow(scope, id)).toMatchObject({ ok: true, created: 700 });
  });

  it("10,000 rows: validated and imported set-based", async () => {
    const { scope } = await regulatorOf();
    const bytes = await xlsxOf(Array.from({ length: 10_000 }, (_, i) => rowOf(i + 1)));
    const t0 = Date.now();
    const created = await createRosterImport(db, scope, { name: "全市名单.xlsx", bytes });
    if (!created.ok) throw new Error(created.error);
    const id = created.id;
    const t1 = Date.now();
    const result = await importNow(scope, id);
    const t2 = Date.now();
    console.log(`roster 10,000 rows: parse + validate ${t1 - t0} ms, import ${t2 - t1} ms`);
    expect(result).toMatchObject({ ok: true, created: 10_000, unchanged: 0 });
    expect([await count(institutions), await count(invitations)]).toEqual([10_000, 10_000]);
    const [imp] = await db.select().from(rosterImports).where(eq(rosterImports.id, id));
    expect([imp.processedRows, imp.createdCount]).toEqual([10_000, 10_000]);
  }, 180_000);
});

describe("invitations", () => {
  it("the job sends exactly one mail with a working one-time link; expired and used links are refused", async () => {
    const { smtp, queues } = await startMailWorker();
    const { scope } = await regulatorOf();
    const id = await upload(scope, [rowOf(1)]);
    const result = await importNow(scope, id);
    if (result.skipped || !result.ok) throw new Error("import");
    await enqueueInvitations(queues, result.invitationIds);
    await enqueueInvitations(queues, result.invitationIds, "-again"); // a duplicate job sends nothing
    await waitFor(async () => (await db.select().from(invitations))[0].emailStatus === "sent");
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.length).toBe(1);
    const mail = smtp.received[0];
    expect(mail.to).toEqual(["roster1@example.test"]);
    expect(mail.subject).toContain("请开通您的");
    const messageId = /^Message-ID:\s*(.*(?:\r\n[ \t].*)*)/im.exec(mail.raw)?.[1].replace(/\s/g, "");
    expect(messageId).toMatch(/^<invitation-[0-9a-f-]+-1@zicha\.invite>$/);
    const text = Buffer.from(/Content-Type: text\/plain[^]*?\r\n\r\n([^-]+)/.exec(mail.raw)![1].replace(/\s/g, ""), "base64").toString(
      "utf8",
    );
    expect(text).toMatch(/请在北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前打开下面的链接设置登录密码/);
    expect(text).toContain("http://localhost:3000/invite/");
    const token = linkTokenOf(mail.raw);
    const [stored] = await db.select().from(invitations);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(token);

    // The link shows the form; a too short password is refused beside the field.
    const page = await callLoader(inviteRoute.loader, `/invite/${token}`, { params: { token } });
    expect(page.data.page).toMatchObject({ state: "valid", email: "roster1@example.test" });
    const short = await callAction(inviteRoute.action, `/invite/${token}`, {
      params: { token },
      form: { password: "short", confirm: "short" },
    });
    expect(short.status).toBe(400);
    expect(short.data.fieldErrors.password).toBe("密码至少 10 位");
    const mismatch = await callAction(inviteRoute.action, `/invite/${token}`, {
      params: { token },
      form: { password: "Neues@2026", confirm: "Other@2026" },
    });
    expect(mismatch.data.fieldErrors.confirm).toBe("两次输入的密码不一致");

    const done = await callAction(inviteRoute.action, `/invite/${token}`, {
      params: { token },
      form: { password: "Renhe@2026", confirm: "Renhe@2026" },
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/inst");
    expect(done.headers.get("Set-Cookie")).toContain("zicha_session=");
    expect(
      await authenticate(db, { email: "roster1@example.test", password: "Renhe@2026" }, { ip: "127.0.0.9", requestId: "test" }),
    ).toMatchObject({ ok: true });

    // One time only.
    const again = await callAction(inviteRoute.action, `/invite/${token}`, {
      params: { token },
      form: { password: "Other@2026", confirm: "Other@2026" },
    });
    expect(again.status).toBe(410);
    expect(again.data.page).toEqual({ state: "used" });
    expect((await callLoader(inviteRoute.loader, `/invite/${token}`, { params: { token } })).data.page).toEqual({ state: "used" });
    expect((await callLoader(inviteRoute.loader, "/invite/x", { params: { token: "x".repeat(43) } })).data.page).toEqual({
      state: "invalid",
    });
  });

  it("an expired link is refused; a re-send voids the old link and mails a new one", async () => {
    const { smtp, queues } = await startMailWorker();
    const { user, scope } = await regulatorOf();
    const id = await upload(scope, [rowOf(1)]);
    const result = await importNow(scope, id);
    if (result.skipped || !result.ok) throw new Error("import");
    await enqueueInvitations(queues, result.invitationIds);
    await waitFor(() => smtp.received.length === 1);
    const oldToken = linkTokenOf(smtp.received[0].raw);
    await db.execute(sql`update invitations set expires_at = now() - interval '1 minute'`);
    const expired = await callLoader(inviteRoute.loader, "/invite/t", { params: { token: oldToken } });
    expect(expired.data.page.state).toBe("expired");
    const refused = await callAction(inviteRoute.action, "/invite/t", {
      params: { token: oldToken },
      form: { password: "Renhe@2026", confirm: "Renhe@2026" },
    });
    expect(refused.status).toBe(410);

    const officer = (await db.select().from(users).where(eq(users.email, "roster1@example.test")))[0];
    const accounts = await callLoader(accountsRoute.loader, "/reg/institutions/accounts", { user });
    expect(accounts.data.list.rows.map((r: { email: string; state: string }) => [r.email, r.state])).toEqual([
      ["roster1@example.test", "expired"],
    ]);
    const resent = await callAction(accountsRoute.action, "/reg/institutions/accounts", { user, form: { userId: officer.id } });
    expect(resent.status).toBe(302);
    await waitFor(() => smtp.received.length === 2);
    const newToken = linkTokenOf(smtp.received[1].raw);
    expect(newToken).not.toBe(oldToken);
    expect((await callLoader(inviteRoute.loader, "/invite/t", { params: { token: oldToken } })).data.page.state).toBe("invalid");
    expect((await callLoader(inviteRoute.loader, "/invite/t", { params: { token: newToken } })).data.page.state).toBe("valid");
    const open = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.userId, officer.id), sql`${invitations.revokedAt} is null`));
    expect(open.length).toBe(1);
  });

  it("an officer invites its own staff by e-mail; the staff member sets a password and signs in", async () => {
    const { smtp } = await startMailWorker();
    const hospital = await createInstitution(db, { regionCode: "411303" });
    const officer = await createUser(db, "officer", { institutionId: hospital.id });
    const invited = await callAction(staffRoute.action, "/inst/staff", {
      user: officer,
      form: { intent: "invite", name: "李科长", email: "Keshi@Example.test" },
    });
    expect(invited.status).toBe(302);
    const [staff] = await db.select().from(users).where(eq(users.email, "keshi@example.test"));
    expect(staff).toMatchObject({ role: "staff", institutionId: hospital.id, passwordHash: null });
    const duplicate = await callAction(staffRoute.action, "/inst/staff", {
      user: officer,
      form: { intent: "invite", name: "李科长", email: "keshi@example.test" },
    });
    expect(duplicate.data.fieldErrors.email).toBe("该邮箱已被使用");
    await waitFor(() => smtp.received.length === 1);
    expect(smtp.received[0].to).toEqual(["keshi@example.test"]);
    const token = linkTokenOf(smtp.received[0].raw);
    const done = await callAction(inviteRoute.action, "/invite/t", {
      params: { token },
      form: { password: "Keshi@2026", confirm: "Keshi@2026" },
    });
    expect(done.location).toBe("/inst");
    expect(
      await authenticate(db, { email: "keshi@example.test", password: "Keshi@2026" }, { ip: "127.0.0.8", requestId: "test" }),
    ).toMatchObject({ ok: true });
    const list = await callLoader(staffRoute.loader, "/inst/staff", { user: officer });
    expect(list.data.staff.map((s: { email: string; state: string }) => [s.email, s.state])).toEqual([["keshi@example.test", "active"]]);
  });
});

describe("access", () => {
  it("other county's regulator → 404 on an import; institution users → 403; the city and province see it", async () => {
    const { user: wolong, scope } = await regulatorOf("411303");
    const wancheng = await createUser(db, "regulator", { regionCode: "411302" });
    const city = await createUser(db, "regulator", { regionCode: "411300" });
    const province = await createUser(db, "regulator", { regionCode: "410000" });
    const hospital = await createInstitution(db, { regionCode: "411303" });
    const officer = await createUser(db, "officer", { institutionId: hospital.id });
    const id = await upload(scope, [rowOf(1)]);
    const params = { importId: id };

    for (const loader of [previewRoute.loader, progressRoute.loader, problemsRoute.loader]) {
      expect((await callLoader(loader, "/x", { user: wancheng, params })).status).toBe(404);
      expect((await callLoader(loader, "/x", { user: officer, params })).status).toBe(403);
      expect((await callLoader(loader, "/x", { user: city, params })).status).toBe(200);
    }
    expect((await callLoader(previewRoute.loader, "/x", { user: province, params })).status).toBe(200);
    expect((await callLoader(previewRoute.loader, "/x", { user: wolong, params: { importId: "not-a-uuid" } })).status).toBe(404);
    expect((await callAction(previewRoute.action, "/x", { user: wancheng, params, form: { intent: "import-all" } })).status).toBe(404);
    expect((await callAction(previewRoute.action, "/x", { user: officer, params, form: { intent: "import-all" } })).status).toBe(403);
    expect(await count(institutions)).toBe(1);

    for (const loader of [importRoute.loader, templateRoute.loader, accountsRoute.loader, accountsXlsxRoute.loader]) {
      expect((await callLoader(loader, "/x", { user: officer })).status).toBe(403);
    }
    expect((await callAction(importRoute.action, "/x", { user: officer, form: {} })).status).toBe(403);
    expect((await callAction(uploadRoute.action, "/x", { user: officer, form: {} })).status).toBe(403);
    expect((await callAction(accountsRoute.action, "/x", { user: officer, form: { userId: officer.id } })).status).toBe(403);
    // Another county's officer account cannot be re-invited by a regulator outside it.
    const pending = await createUser(db, "officer", { institutionId: hospital.id, email: "pending@example.test" });
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, pending.id));
    expect((await callAction(accountsRoute.action, "/x", { user: wancheng, form: { userId: pending.id } })).status).toBe(404);
    // Staff may not invite or re-invite.
    const staff = await createUser(db, "staff", { institutionId: hospital.id });
    expect(
      (await callAction(staffRoute.action, "/inst/staff", { user: staff, form: { intent: "invite", name: "甲", email: "a@example.test" } }))
        .status,
    ).toBe(403);
    // An officer cannot re-invite another institution's staff.
    const other = await createInstitution(db, { regionCode: "411302" });
    const otherOfficer = await createUser(db, "officer", { institutionId: other.id });
    expect(
      (await callAction(staffRoute.action, "/inst/staff", { user: otherOfficer, form: { intent: "resend", userId: staff.id } })).status,
    ).toBe(404);
    // The accounts list only shows the subtree.
    const listed = await callLoader(accountsRoute.loader, "/x", { user: wancheng });
    expect(listed.data.list.rows.map((r: { id: string }) => r.id)).toEqual([otherOfficer.id]);
  });

  it("the upload route takes a real multipart upload and answers JSON; the page form redirects to the preview", async () => {
    const { user } = await regulatorOf("411300");
    const form = new FormData();
    form.append("file", new Blob([csvOf([rowOf(1), rowOf(2, { kind: "诊所" })])]), "名单.csv");
    const request = new Request(new URL("/reg/institutions/import/upload", BASE_URL), {
      method: "POST",
      headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL },
      body: form,
    });
    const response = (await uploadRoute.action({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
    expect(response.status).toBe(200);
    const { location } = (await response.json()) as { location: string };
    expect(location).toMatch(/^\/reg\/institutions\/import\/[0-9a-f-]{36}$/);
    const preview = await callLoader(previewRoute.loader, location, { user, params: { importId: location.split("/").pop()! } });
    expect(preview.data.imp.problems.map((p: { row: number; columnLabel: string }) => [p.row, p.columnLabel])).toEqual([[3, "机构类别"]]);

    const empty = new FormData();
    const noFile = await importRoute.action({
      request: new Request(new URL("/reg/institutions/import", BASE_URL), {
        method: "POST",
        headers: { Cookie: await sessionCookieFor(user.id) },
        body: empty,
      }),
      params: {},
      context: { requestId: "test", clientIp: "127.0.0.1" },
    });
    expect((noFile as { init?: { status?: number } }).init?.status).toBe(400);
  });
});
