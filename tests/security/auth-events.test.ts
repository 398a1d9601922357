// Issue 12, point 7: auth events in the audit trail — sign-in success and failure, sign-out,
// password change and reset, 2FA enrolment and recovery-code use, deactivation — each with
// time, IP and request id; a page to filter them, scoped to the bureau's region subtree.
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, recoveryCodes } from "~db/schema";
import { createInvitation, hashToken } from "~/models/invitation.server";
import * as accountTwoFactor from "~/routes/account.two-factor";
import * as changeRoute from "~/routes/account.password";
import * as adminEvents from "~/routes/admin_.auth-events";
import * as logoutRoute from "~/routes/logout";
import * as secondFactorRoute from "~/routes/login_.two-factor";
import * as regAccounts from "~/routes/reg.accounts";
import * as regEvents from "~/routes/reg.auth-events";
import * as resetRoute from "~/routes/reset-password.$token";
import { db } from "~/utils/db.server";
import { hashRecoveryCode, parseTotpKey } from "~/utils/mfa.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../factories";
import { callAction, callLoader } from "../helpers";
import { cookieOf, totpCode } from "./support";

async function world() {
  const hospital = await createInstitution(db, { regionCode: "411303" });
  const outside = await createInstitution(db, { regionCode: "150626" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, email: "officer@events.test", name: "王晓明" });
  const outsideOfficer = await createUser(db, "officer", { institutionId: outside.id, email: "outside@events.test" });
  const city = await createUser(db, "regulator", { regionCode: "411300", email: "city@events.test" });
  const county = await createUser(db, "regulator", { regionCode: "411303", email: "county@events.test" });
  const admin = await createUser(db, "admin", { email: "admin@events.test" });
  return { hospital, officer, outsideOfficer, city, county, admin };
}

const authEvents = () => db.select().from(auditEvents).where(eq(auditEvents.entityType, "auth")).orderBy(asc(auditEvents.id));

describe("auth events", () => {
  it("every step of an account's life is recorded with its IP and request id", async () => {
    const w = await world();
    const as = (n: number) => ({ ip: `10.7.0.${n}`, requestId: `req-${n}` });
    await callAction((await import("~/routes/login")).action, "/login", {
      form: { email: "officer@events.test", password: "wrong" },
      ...as(1),
    });
    const signedIn = await callAction((await import("~/routes/login")).action, "/login", {
      form: { email: "officer@events.test", password: DEFAULT_PASSWORD },
      ...as(2),
    });
    const cookie = cookieOf(signedIn);
    await callAction(changeRoute.action, "/account/password", {
      cookie,
      form: { currentPassword: DEFAULT_PASSWORD, password: "Renhe-New@2026", confirm: "Renhe-New@2026" },
      ...as(3),
    });
    const page = await callLoader(accountTwoFactor.loader, "/account/two-factor", { cookie });
    const key = parseTotpKey(page.data.enrolment.secret);
    await callAction(accountTwoFactor.action, "/account/two-factor", { cookie, form: { intent: "enrol", code: totpCode(key) }, ...as(4) });
    await callAction(logoutRoute.action, "/logout", { cookie, ...as(5) });
    await db.insert(recoveryCodes).values({ userId: w.officer.id, codeHash: hashRecoveryCode("aaaa-bbbb-cccc") });
    const pending = cookieOf(
      await callAction((await import("~/routes/login")).action, "/login", {
        form: { email: "officer@events.test", password: "Renhe-New@2026" },
        ...as(6),
      }),
    );
    await callAction(secondFactorRoute.action, "/login/two-factor", { cookie: pending, form: { code: "aaaa-bbbb-cccc" }, ...as(7) });
    // A reset link (as mailed), then the bureau deactivates the account.
    const invitationId = await createInvitation(db, w.officer.id, null, "reset");
    await db.execute(
      sql`update invitations set token_hash = ${hashToken("t".repeat(43))}, email_status = 'sent', email_sent_at = now() where id = ${invitationId}`,
    );
    await callAction(resetRoute.action, "/x", {
      params: { token: "t".repeat(43) },
      form: { password: "Renhe-Third@2026", confirm: "Renhe-Third@2026" },
      ...as(8),
    });
    await callAction(regAccounts.action, "/reg/accounts", {
      user: w.county,
      form: { intent: "deactivate", userId: w.officer.id, reason: "调离" },
      ...as(9),
    });

    const events = (await authEvents()).map((e) => {
      const after = e.after as Record<string, string>;
      return [e.action, after.result, after.ip, after.requestId];
    });
    expect(events).toEqual([
      ["auth.sign_in_failed", "failure", "10.7.0.1", "req-1"],
      ["auth.sign_in", "success", "10.7.0.2", "req-2"],
      ["auth.password_changed", "success", "10.7.0.3", "req-3"],
      ["auth.mfa_enrolled", "success", "10.7.0.4", "req-4"],
      ["auth.sign_out", "success", "10.7.0.5", "req-5"],
      ["auth.recovery_code_used", "success", "10.7.0.7", "req-7"],
      ["auth.sign_in", "success", "10.7.0.7", "req-7"],
      ["auth.password_reset", "success", "10.7.0.8", "req-8"],
      ["account.deactivated", "success", "10.7.0.9", "req-9"],
    ]);
    for (const e of await authEvents()) {
      expect(e.occurredAt).toBeInstanceOf(Date);
      expect([e.entityId, e.regionCode, e.institutionId]).toEqual([w.officer.id, "411303", w.hospital.id]);
    }
  });

  it("a bureau's page shows its subtree's accounts only and filters by user, result and date; the admin sees everything", async () => {
    const w = await world();
    const login = (await import("~/routes/login")).action;
    await callAction(login, "/login", { form: { email: "officer@events.test", password: "wrong" } });
    await callAction(login, "/login", { form: { email: "officer@events.test", password: DEFAULT_PASSWORD } });
    await callAction(login, "/login", { form: { email: "outside@events.test", password: "wrong" } });
    await callAction(login, "/login", { form: { email: "nobody@events.test", password: "wrong" } });
    await callAction(login, "/login", { form: { email: "city@events.test", password: "wrong" } });
    await callAction(login, "/login", { form: { email: "admin@events.test", password: "wrong" } });

    const rows = async (route: typeof regEvents | typeof adminEvents, query: string, user: { id: string }) => {
      const result = await callLoader(route.loader, `/events${query}`, { user });
      return result.data.list.rows.map((r: { email: string; result: string }) => `${r.email}:${r.result}`).sort();
    };
    expect(await rows(regEvents, "", w.county)).toEqual(["officer@events.test:failure", "officer@events.test:success"]);
    expect(await rows(regEvents, "", w.city)).toEqual([
      "city@events.test:failure",
      "officer@events.test:failure",
      "officer@events.test:success",
    ]);
    expect(await rows(regEvents, "?result=failure", w.city)).toEqual(["city@events.test:failure", "officer@events.test:failure"]);
    expect(await rows(regEvents, "?q=officer%40events", w.city)).toEqual(["officer@events.test:failure", "officer@events.test:success"]);
    expect(await rows(regEvents, "?q=outside%40events", w.city)).toEqual([]);
    expect(await rows(regEvents, "?from=2000-01-01&to=2000-01-31", w.city)).toEqual([]);
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect(await rows(regEvents, `?from=${today}&to=${today}`, w.city)).toHaveLength(3);
    expect(await rows(adminEvents, "", w.admin)).toEqual([
      "admin@events.test:failure",
      "city@events.test:failure",
      "nobody@events.test:failure",
      "officer@events.test:failure",
      "officer@events.test:success",
      "outside@events.test:failure",
    ]);
    expect((await callLoader(regEvents.loader, "/reg/auth-events", { user: w.officer })).status).toBe(403);
    expect((await callLoader(adminEvents.loader, "/admin/auth-events", { user: w.city })).status).toBe(403);
  });
});
