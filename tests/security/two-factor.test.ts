// Issue 12, point 4: two-factor sign-in (TOTP, RFC 6238): required for MFA_REQUIRED_ROLES
// (admin and regulator by default), optional for others; ten one-time hashed recovery codes;
// secrets encrypted at rest; the code step throttled; a used code never accepted again.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recoveryCodes, sessions, userTotp } from "~db/schema";
import { isSecondFactorRequired } from "~/models/auth.server";
import * as accountTwoFactor from "~/routes/account.two-factor";
import * as instHome from "~/routes/inst._index";
import * as secondFactorRoute from "~/routes/login_.two-factor";
import * as regHome from "~/routes/reg._index";
import { db } from "~/utils/db.server";
import { formatTotpKey, hashRecoveryCode, openSecret, parseTotpKey, sealSecret } from "~/utils/mfa.server";
import { createInstitution, createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { cookieOf, enrolTotp, postLogin, totpCode, totpRow } from "./support";

const STEP = 30_000;

async function submitCode(cookie: string, code: string, redirectTo = "/reg") {
  return callAction(secondFactorRoute.action, "/login/two-factor", { cookie, form: { code, redirectTo } });
}

describe("two-factor sign-in", () => {
  it("is required for admins and regulators by default, optional for institution users", () => {
    expect(["admin", "regulator", "officer", "staff"].map((r) => isSecondFactorRequired(r as never))).toEqual([true, true, false, false]);
  });

  it("a regulator without an authenticator must set one up before any page opens; recovery codes are shown once, stored hashed", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "reg@mfa.test" });
    const login = await postLogin("reg@mfa.test", undefined, { redirectTo: "/reg/risk" });
    expect(login.status).toBe(302);
    expect(login.location).toBe("/login/two-factor?redirectTo=%2Freg%2Frisk");
    const pending = cookieOf(login);
    // Half signed in: the regulator's pages do not open.
    expect((await callLoader(regHome.loader, "/reg", { cookie: pending })).status).toBe(302);

    const page = await callLoader(secondFactorRoute.loader, "/login/two-factor", { cookie: pending });
    expect(page.data.enrolment.qrSvg).toMatch(/^<svg/);
    expect(page.data.enrolment.uri).toMatch(/^otpauth:\/\/totp\/.+\?issuer=.+&algorithm=SHA1&secret=[A-Z2-7]+&period=30&digits=6$/);
    const key = parseTotpKey(page.data.enrolment.secret);
    // The secret is encrypted at rest: the stored value holds neither the key nor its base32.
    const row = await totpRow(regulator.id);
    expect(row.confirmedAt).toBeNull();
    expect(row.secretEnc).not.toContain(formatTotpKey(key).replace(/ /g, ""));
    expect(row.secretEnc).not.toContain(Buffer.from(key).toString("base64"));
    expect(Buffer.from(openSecret(row.secretEnc, regulator.id))).toEqual(Buffer.from(key));
    // Bound to its account: copied to another user's row, it does not open.
    expect(() => openSecret(row.secretEnc, "00000000-0000-0000-0000-000000000000")).toThrow();

    const wrong = await callAction(secondFactorRoute.action, "/login/two-factor", {
      cookie: pending,
      form: { intent: "enrol", code: "000000" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.code).toMatch(/^动态码不正确/);
    const enrolled = await callAction(secondFactorRoute.action, "/login/two-factor", {
      cookie: pending,
      form: { intent: "enrol", code: totpCode(key), redirectTo: "/reg/risk" },
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.data.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.data.recoveryCodes).size).toBe(10);
    expect(enrolled.data.continueTo).toBe("/reg/risk");
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, regulator.id));
    expect(stored.map((c) => c.codeHash).sort()).toEqual(enrolled.data.recoveryCodes.map(hashRecoveryCode).sort());
    const full = cookieOf(enrolled);
    expect(full).not.toBe(pending);
    expect((await callLoader(regHome.loader, "/reg", { cookie: full })).status).toBe(200);
    expect((await callLoader(regHome.loader, "/reg", { cookie: pending })).status).toBe(302);
  });

  it("an enrolled account signs in with a code; the same code is never accepted twice, nor an old one", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "reg@mfa.test" });
    const key = await enrolTotp(regulator.id);
    const at = new Date();
    const code = totpCode(key, at);

    const first = cookieOf(await postLogin("reg@mfa.test"));
    const ok = await submitCode(first, code);
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/reg");
    expect((await callLoader(regHome.loader, "/reg", { cookie: cookieOf(ok) })).status).toBe(200);
    // The step used is stored (the request may have crossed into the next step: drift of one is allowed).
    expect(Math.abs((await totpRow(regulator.id)).lastUsedStep! - Math.floor(at.getTime() / STEP))).toBe(0);

    // Someone who saw the code (and knows the password) tries it again within its window.
    const second = cookieOf(await postLogin("reg@mfa.test"));
    const replay = await submitCode(second, code);
    expect(replay.status).toBe(400);
    expect(replay.data.fieldErrors.code).toMatch(/^动态码或恢复码不正确/);
    // The code of the step before (still inside the drift window) is older than the one used.
    expect((await submitCode(second, totpCode(key, new Date(at.getTime() - STEP)))).status).toBe(400);
    expect((await callLoader(regHome.loader, "/reg", { cookie: second })).status).toBe(302);
  });

  it("a recovery code signs in once", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "reg@mfa.test" });
    await enrolTotp(regulator.id);
    const codes = ["abcd-efgh-ijkl", "mnop-qrst-uvwx"];
    await db.insert(recoveryCodes).values(codes.map((c) => ({ userId: regulator.id, codeHash: hashRecoveryCode(c) })));
    const pending = cookieOf(await postLogin("reg@mfa.test"));
    const used = await submitCode(pending, " ABCD EFGH-IJKL ");
    expect(used.status).toBe(302);
    expect(used.headers.get("Set-Cookie")).toContain("zicha_flash=");
    const again = cookieOf(await postLogin("reg@mfa.test"));
    expect((await submitCode(again, "abcd-efgh-ijkl")).status).toBe(400);
    const [left] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from recovery_codes where user_id = ${regulator.id} and used_at is null`,
    );
    expect(left.n).toBe(1);
  });

  it("the code step is throttled like the password step: after 5 wrong codes even the right one waits", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "reg@mfa.test" });
    const key = await enrolTotp(regulator.id);
    const pending = cookieOf(await postLogin("reg@mfa.test"));
    const wrong = await Promise.all(Array.from({ length: 8 }, (_, i) => submitCode(pending, String(100000 + i))));
    expect(wrong.filter((r) => r.status === 400)).toHaveLength(5);
    expect(wrong.filter((r) => r.status === 429)).toHaveLength(3);
    const right = await submitCode(pending, totpCode(key));
    expect(right.status).toBe(429);
    expect(right.data.fieldErrors.code).toMatch(/^登录失败次数过多，请在 \d+ 秒后再试。$/);
  });

  it("an officer signs in with the password alone, may turn the second factor on (then it is asked) and off again", async () => {
    const hospital = await createInstitution(db);
    const officer = await createUser(db, "officer", { institutionId: hospital.id, email: "officer@mfa.test" });
    const login = await postLogin("officer@mfa.test");
    expect(login.location).toBe("/inst");
    const cookie = cookieOf(login);
    const page = await callLoader(accountTwoFactor.loader, "/account/two-factor", { cookie });
    const key = parseTotpKey(page.data.enrolment.secret);
    const enrolled = await callAction(accountTwoFactor.action, "/account/two-factor", {
      cookie,
      form: { intent: "enrol", code: totpCode(key) },
    });
    expect(enrolled.data.recoveryCodes).toHaveLength(10);

    const next = await postLogin("officer@mfa.test");
    expect(next.location).toBe("/login/two-factor?redirectTo=%2Finst");
    expect((await callLoader(instHome.loader, "/inst", { cookie: cookieOf(next) })).status).toBe(302);

    const wrongPassword = await callAction(accountTwoFactor.action, "/account/two-factor", {
      cookie,
      form: { intent: "disable", password: "not-mine" },
    });
    expect(wrongPassword.data.fieldErrors).toEqual({ password: "当前密码不正确" });
    const off = await callAction(accountTwoFactor.action, "/account/two-factor", {
      cookie,
      form: { intent: "disable", password: "Zicha@2026" },
    });
    expect(off.status).toBe(302);
    expect(await db.select().from(userTotp).where(eq(userTotp.userId, officer.id))).toEqual([]);
    expect((await postLogin("officer@mfa.test")).location).toBe("/inst");
  });

  it("a regulator cannot turn it off", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300", email: "reg@mfa.test" });
    await enrolTotp(regulator.id);
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, regulator.id));
    expect(session).toBeUndefined();
    const { sessionCookieFor } = await import("../helpers");
    const cookie = await sessionCookieFor(regulator.id);
    const off = await callAction(accountTwoFactor.action, "/account/two-factor", {
      cookie,
      form: { intent: "disable", password: "Zicha@2026" },
    });
    expect(off.status).toBe(400);
    expect(off.data.fieldErrors._form).toBe("您的角色必须开启两步验证，不能关闭。");
    expect(await totpRow(regulator.id)).toBeDefined();
  });

  it("sealed secrets use a fresh nonce each time", () => {
    const key = new Uint8Array(20).fill(7);
    const userId = "11111111-1111-1111-1111-111111111111";
    expect(sealSecret(key, userId)).not.toBe(sealSecret(key, userId));
  });
});
