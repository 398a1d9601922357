// Issue 12, point 3: the password life cycle (none existed): change with the current password
// (other sessions end), "forgot password" by e-mail with a one-time hashed 30-minute link sent
// through the exactly-once mail path, officers send reset links (never type a password), policy.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, sessions, users } from "~db/schema";
import { enqueueInvitations } from "~jobs/producers";
import { hashToken } from "~/models/invitation.server";
import * as changeRoute from "~/routes/account.password";
import * as forgotRoute from "~/routes/forgot-password";
import * as staffRoute from "~/routes/inst.staff";
import * as instHome from "~/routes/inst._index";
import * as regAccounts from "~/routes/reg.accounts";
import * as resetRoute from "~/routes/reset-password.$token";
import { db } from "~/utils/db.server";
import { checkPasswordPolicy } from "~/utils/password-policy.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../factories";
import { callAction, callLoader } from "../helpers";
import { cookieOf, linkTokenOf, mailText, postLogin, startMailWorker, waitFor } from "./support";

async function hospitalWithStaff() {
  const hospital = await createInstitution(db, { regionCode: "411303" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, email: "officer@pw.test" });
  const staff = await createUser(db, "staff", { institutionId: hospital.id, email: "staff@pw.test", name: "朱晓燕" });
  return { hospital, officer, staff };
}

const form = (currentPassword: string, password: string, confirm = password) => ({ currentPassword, password, confirm });

describe("the password policy", () => {
  it("says why a password is refused: length, the e-mail, a common password", () => {
    expect(checkPasswordPolicy("Short@1", "a@b.test")).toBe("密码至少 10 位");
    expect(checkPasswordPolicy("wang.li@pw.test", "Wang.Li@pw.test")).toBe("密码不能与登录邮箱相同");
    expect(checkPasswordPolicy("wangli2026", "wangli2026@pw.test")).toBe("密码不能与登录邮箱相同");
    for (const common of ["password123", "1qaz2wsx3edc", "Qwertyuiop", "woaini1314", "a123456789"]) {
      expect(checkPasswordPolicy(common, "a@b.test")).toBe("这是常见密码，容易被猜中，请换一个");
    }
    expect(checkPasswordPolicy("Renhe@2026-wolong", "a@b.test")).toBeNull();
  });
});

describe("changing one's password", () => {
  it("needs the current password, applies the policy beside the field, and signs out every other session", async () => {
    const { officer } = await hospitalWithStaff();
    const here = cookieOf(await postLogin("officer@pw.test"));
    const elsewhere = cookieOf(await postLogin("officer@pw.test"));

    const wrong = await callAction(changeRoute.action, "/account/password", { cookie: here, form: form("not-it", "Another@Pass-2026") });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors).toEqual({ currentPassword: "当前密码不正确" });
    const short = await callAction(changeRoute.action, "/account/password", { cookie: here, form: form(DEFAULT_PASSWORD, "short") });
    expect(short.data.fieldErrors).toEqual({ password: "密码至少 10 位" });
    const common = await callAction(changeRoute.action, "/account/password", { cookie: here, form: form(DEFAULT_PASSWORD, "password123") });
    expect(common.data.fieldErrors).toEqual({ password: "这是常见密码，容易被猜中，请换一个" });
    const mismatch = await callAction(changeRoute.action, "/account/password", {
      cookie: here,
      form: form(DEFAULT_PASSWORD, "Another@Pass-2026", "Other"),
    });
    expect(mismatch.data.fieldErrors).toEqual({ confirm: "两次输入的密码不一致" });
    expect(await db.select().from(sessions).where(eq(sessions.userId, officer.id))).toHaveLength(2);

    const done = await callAction(changeRoute.action, "/account/password", {
      cookie: here,
      form: form(DEFAULT_PASSWORD, "Another@Pass-2026"),
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/account");
    expect((await callLoader(instHome.loader, "/inst", { cookie: here })).status).toBe(200);
    expect((await callLoader(instHome.loader, "/inst", { cookie: elsewhere })).status).toBe(302);
    expect(await db.select().from(sessions).where(eq(sessions.userId, officer.id))).toHaveLength(1);
    expect((await postLogin("officer@pw.test")).status).toBe(400);
    expect((await postLogin("officer@pw.test", "Another@Pass-2026")).status).toBe(302);
  });
});

describe("forgot password", () => {
  it("answers the same for an unknown e-mail; mails one link, once, whose token is stored only as a hash and lives 30 minutes", async () => {
    const { smtp, queues } = await startMailWorker();
    const { staff } = await hospitalWithStaff();
    const unknown = await callAction(forgotRoute.action, "/forgot-password", { form: { email: "nobody@pw.test" } });
    const known = await callAction(forgotRoute.action, "/forgot-password", { form: { email: "Staff@PW.test" } });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    expect(known.data).toEqual({ ...unknown.data, email: "Staff@PW.test" });

    const [link] = await db.select().from(invitations).where(eq(invitations.userId, staff.id));
    expect(link.purpose).toBe("reset");
    // A second job for the same link (a retry, a second worker) sends nothing more.
    await enqueueInvitations(queues, [link.id], "-again");
    await waitFor(async () => (await db.select().from(invitations).where(eq(invitations.id, link.id)))[0].emailStatus === "sent");
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.map((m) => m.to)).toEqual([["staff@pw.test"]]);
    expect(smtp.received[0].subject).toContain("重设登录密码");
    expect(mailText(smtp.received[0].raw)).toContain("30 分钟内");
    const token = linkTokenOf(smtp.received[0].raw, "reset-password");
    const [sent] = await db.select().from(invitations).where(eq(invitations.id, link.id));
    expect(sent.tokenHash).toBe(hashToken(token));
    expect((sent.expiresAt.getTime() - sent.emailSentAt!.getTime()) / 60_000).toBeCloseTo(30, 0);

    // An invitation link is not a reset link and the other way round.
    const asInvite = await db.execute(sql`select 1 from invitations where token_hash = ${hashToken(token)} and purpose = 'invite'`);
    expect(asInvite).toHaveLength(0);

    const staffSession = cookieOf(await postLogin("staff@pw.test"));
    const page = await callLoader(resetRoute.loader, "/x", { params: { token } });
    expect(page.data.page).toEqual({ state: "valid", name: "朱晓燕", email: "staff@pw.test" });
    const weak = await callAction(resetRoute.action, "/x", {
      params: { token },
      form: { password: "staff@pw.test", confirm: "staff@pw.test" },
    });
    expect(weak.data.fieldErrors).toEqual({ password: "密码不能与登录邮箱相同" });
    // A double submit: both posts pass the first check; the link is spent by exactly one of them.
    const both = await Promise.all(
      ["Keshi-New@2026", "Keshi-Alt@2026"].map((password) =>
        callAction(resetRoute.action, "/x", { params: { token }, form: { password, confirm: password } }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([302, 410]);
    const done = both.find((r) => r.status === 302)!;
    const winner = both[0].status === 302 ? "Keshi-New@2026" : "Keshi-Alt@2026";
    expect(done.location).toBe("/login");
    // Not signed in by the link; every session of the account ended.
    expect(done.headers.get("Set-Cookie")).not.toContain("zicha_session=");
    expect((await callLoader(instHome.loader, "/inst", { cookie: staffSession })).status).toBe(302);
    expect((await postLogin("staff@pw.test", winner)).status).toBe(302);
    // One time only.
    const again = await callAction(resetRoute.action, "/x", {
      params: { token },
      form: { password: "Other-New@2026", confirm: "Other-New@2026" },
    });
    expect(again.status).toBe(410);
    expect(again.data.page).toEqual({ state: "used" });
  });

  it("an expired link is refused and sets nothing", async () => {
    const { smtp } = await startMailWorker();
    const { staff } = await hospitalWithStaff();
    await callAction(forgotRoute.action, "/forgot-password", { form: { email: "staff@pw.test" } });
    await waitFor(() => smtp.received.length === 1);
    const token = linkTokenOf(smtp.received[0].raw, "reset-password");
    await waitFor(async () => (await db.select().from(invitations))[0].emailStatus === "sent");
    await db.execute(sql`update invitations set expires_at = now() - interval '1 second' where user_id = ${staff.id}`);
    const [before] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, staff.id));
    const result = await callAction(resetRoute.action, "/x", {
      params: { token },
      form: { password: "Keshi-New@2026", confirm: "Keshi-New@2026" },
    });
    expect(result.status).toBe(410);
    expect(result.data.page.state).toBe("expired");
    const [after] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, staff.id));
    expect(after.hash).toBe(before.hash);
  });

  it("requests are throttled per e-mail", async () => {
    await hospitalWithStaff();
    for (let i = 0; i < 3; i++)
      expect((await callAction(forgotRoute.action, "/forgot-password", { form: { email: "staff@pw.test" } })).status).toBe(200);
    const fourth = await callAction(forgotRoute.action, "/forgot-password", { form: { email: "staff@pw.test" } });
    expect(fourth.status).toBe(429);
    expect(fourth.data.fieldErrors._form).toMatch(/^请求过于频繁，请在 \d+ 分钟后再试。$/);
  });
});

describe("resetting someone else's password", () => {
  it("an officer sends its staff member a reset link (there is no way to type it); a bureau does it for officers in its subtree", async () => {
    const { smtp } = await startMailWorker();
    const { officer, staff } = await hospitalWithStaff();
    const sent = await callAction(staffRoute.action, "/inst/staff", { user: officer, form: { intent: "send-reset", userId: staff.id } });
    expect(sent.status).toBe(302);
    await waitFor(() => smtp.received.length === 1);
    expect(smtp.received[0].to).toEqual(["staff@pw.test"]);
    expect(linkTokenOf(smtp.received[0].raw, "reset-password")).toHaveLength(43);
    const [staffRow] = await db.select().from(users).where(eq(users.id, staff.id));
    const [again] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, staff.id));
    expect(again.hash).toBe(staffRow.passwordHash);
    // A typed password for another account is not accepted anywhere on the page.
    const typed = await callAction(staffRoute.action, "/inst/staff", {
      user: officer,
      form: { userId: staff.id, password: "Typed-By@Officer1" },
    });
    expect(typed.status).toBe(400);

    const county = await createUser(db, "regulator", { regionCode: "411303" });
    const outside = await createUser(db, "regulator", { regionCode: "150626" });
    expect(
      (await callAction(regAccounts.action, "/reg/accounts", { user: county, form: { intent: "send-reset", userId: officer.id } })).status,
    ).toBe(302);
    expect(
      (await callAction(regAccounts.action, "/reg/accounts", { user: outside, form: { intent: "send-reset", userId: officer.id } })).status,
    ).toBe(404);
    await waitFor(() => smtp.received.length === 2);
    expect(smtp.received[1].to).toEqual(["officer@pw.test"]);
  });
});
