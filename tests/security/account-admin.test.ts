// Issue 12, point 6: the admin and bureaus deactivate and reactivate accounts in their scope
// (institution users under their region, bureaus below them), with the reason audited; a
// deactivated user cannot sign in, every session ends and pending invitations die.
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, invitations, sessions, users } from "~db/schema";
import { createInvitation } from "~/models/invitation.server";
import * as adminAccounts from "~/routes/admin_.accounts";
import * as staffRoute from "~/routes/inst.staff";
import * as instHome from "~/routes/inst._index";
import * as regAccounts from "~/routes/reg.accounts";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { cookieOf, postLogin } from "./support";

async function world() {
  const province = await createUser(db, "regulator", { regionCode: "410000", email: "henan@acct.test" });
  const city = await createUser(db, "regulator", { regionCode: "411300", email: "nanyang@acct.test" });
  const cityPeer = await createUser(db, "regulator", { regionCode: "411300", email: "nanyang2@acct.test" });
  const county = await createUser(db, "regulator", { regionCode: "411303", email: "wolong@acct.test" });
  const outsideRegulator = await createUser(db, "regulator", { regionCode: "150626", email: "wushen@acct.test" });
  const hospital = await createInstitution(db, { regionCode: "411303" });
  const outsideHospital = await createInstitution(db, { regionCode: "150626" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, email: "officer@acct.test", name: "王晓明" });
  const staff = await createUser(db, "staff", { institutionId: hospital.id, email: "staff@acct.test" });
  const outsideOfficer = await createUser(db, "officer", { institutionId: outsideHospital.id, email: "outside@acct.test" });
  const outsideStaff = await createUser(db, "staff", { institutionId: outsideHospital.id, email: "outside-staff@acct.test" });
  const admin = await createUser(db, "admin", { email: "admin@acct.test" });
  return { province, city, cityPeer, county, outsideRegulator, hospital, officer, staff, outsideOfficer, outsideStaff, admin };
}

const deactivate = (userId: string, reason = "离职，账号收回") => ({ intent: "deactivate", userId, reason });

describe("deactivating an account", () => {
  it("ends every session, kills pending links, stops sign-in; the reason, IP and request id are audited", async () => {
    const w = await world();
    const cookie = cookieOf(await postLogin("officer@acct.test"));
    await createInvitation(db, w.officer.id, w.city.id, "reset");
    const result = await callAction(regAccounts.action, "/reg/accounts", {
      user: w.city,
      form: deactivate(w.officer.id),
      ip: "10.8.8.8",
      requestId: "req-deactivate-1",
    });
    expect(result.status).toBe(302);
    expect(result.headers.get("Set-Cookie")).toContain("zicha_flash=");

    const [row] = await db.select().from(users).where(eq(users.id, w.officer.id));
    expect(row.isActive).toBe(false);
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    expect(await db.select().from(sessions).where(eq(sessions.userId, w.officer.id))).toEqual([]);
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(302);
    expect(
      await db
        .select()
        .from(invitations)
        .where(and(eq(invitations.userId, w.officer.id), isNull(invitations.revokedAt))),
    ).toEqual([]);
    const login = await postLogin("officer@acct.test");
    expect(login.status).toBe(400);
    expect(login.data.fieldErrors._form).toBe("邮箱或密码不正确。");

    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "account.deactivated"));
    expect(event).toMatchObject({
      actorUserId: w.city.id,
      entityType: "auth",
      entityId: w.officer.id,
      institutionId: w.hospital.id,
      regionCode: "411303",
    });
    expect(event.after).toMatchObject({
      result: "success",
      note: "离职，账号收回",
      ip: "10.8.8.8",
      requestId: "req-deactivate-1",
      sessionsEnded: 1,
      linksRevoked: 1,
    });

    const back = await callAction(regAccounts.action, "/reg/accounts", {
      user: w.county,
      form: { intent: "reactivate", userId: w.officer.id, reason: "复职" },
    });
    expect(back.status).toBe(302);
    expect((await postLogin("officer@acct.test")).status).toBe(302);
  });

  it("a pending invitation dies with the account", async () => {
    const w = await world();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, w.staff.id));
    const invitationId = await createInvitation(db, w.staff.id, w.officer.id);
    expect((await callAction(staffRoute.action, "/inst/staff", { user: w.officer, form: deactivate(w.staff.id) })).status).toBe(302);
    const [inv] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(inv.revokedAt).toBeInstanceOf(Date);
  });

  it("needs a reason, beside the field", async () => {
    const w = await world();
    const result = await callAction(regAccounts.action, "/reg/accounts", { user: w.city, form: deactivate(w.officer.id, "") });
    expect(result.status).toBe(400);
    expect(result.data.manage).toEqual({
      userId: w.officer.id,
      intent: "deactivate",
      fieldErrors: { reason: "请填写原因（会记入审计日志）" },
    });
    expect((await db.select().from(users).where(eq(users.id, w.officer.id)))[0].isActive).toBe(true);
  });

  it("is scoped: institution users under the bureau's region, bureaus strictly below it; officers their own staff; the admin anyone", async () => {
    const w = await world();
    const may = async (
      route: typeof regAccounts | typeof adminAccounts | typeof staffRoute,
      path: string,
      actor: { id: string },
      target: { id: string },
    ) => {
      const result = await callAction(route.action, path, { user: actor, form: deactivate(target.id) });
      if (result.status === 302) await db.update(users).set({ isActive: true, deactivatedAt: null }).where(eq(users.id, target.id));
      return result.status;
    };
    // A county bureau: its institutions' officers and staff; not its peers, not those above, not elsewhere.
    expect(await may(regAccounts, "/reg/accounts", w.county, w.officer)).toBe(302);
    expect(await may(regAccounts, "/reg/accounts", w.county, w.staff)).toBe(302);
    expect(await may(regAccounts, "/reg/accounts", w.county, w.outsideOfficer)).toBe(404);
    expect(await may(regAccounts, "/reg/accounts", w.county, w.city)).toBe(404);
    expect(await may(regAccounts, "/reg/accounts", w.county, w.county)).toBe(404);
    // A city bureau: the county bureau below, not a peer of its own region, not the province.
    expect(await may(regAccounts, "/reg/accounts", w.city, w.county)).toBe(302);
    expect(await may(regAccounts, "/reg/accounts", w.city, w.cityPeer)).toBe(404);
    expect(await may(regAccounts, "/reg/accounts", w.city, w.province)).toBe(404);
    expect(await may(regAccounts, "/reg/accounts", w.city, w.admin)).toBe(404);
    expect(await may(regAccounts, "/reg/accounts", w.outsideRegulator, w.officer)).toBe(404);
    // An officer: its own institution's staff only.
    expect(await may(staffRoute, "/inst/staff", w.officer, w.staff)).toBe(302);
    expect(await may(staffRoute, "/inst/staff", w.officer, w.outsideStaff)).toBe(404);
    expect(await may(staffRoute, "/inst/staff", w.officer, w.officer)).toBe(404);
    expect(await may(staffRoute, "/inst/staff", w.staff, w.staff)).toBe(403);
    // The admin: anyone but itself; nobody else reaches the admin's page.
    expect(await may(adminAccounts, "/admin/accounts", w.admin, w.province)).toBe(302);
    expect(await may(adminAccounts, "/admin/accounts", w.admin, w.admin)).toBe(404);
    expect(await may(adminAccounts, "/admin/accounts", w.province, w.officer)).toBe(403);
  });

  it("the bureau's list shows only its scope", async () => {
    const w = await world();
    const list = await callLoader(regAccounts.loader, "/reg/accounts", { user: w.city });
    expect(list.data.list.rows.map((r: { email: string }) => r.email).sort()).toEqual([
      "officer@acct.test",
      "staff@acct.test",
      "wolong@acct.test",
    ]);
    const staffOnly = await callLoader(regAccounts.loader, "/reg/accounts?role=staff", { user: w.city });
    expect(staffOnly.data.list.rows.map((r: { email: string }) => r.email)).toEqual(["staff@acct.test"]);
    expect((await callLoader(regAccounts.loader, "/reg/accounts", { user: w.officer })).status).toBe(403);
    const all = await callLoader(adminAccounts.loader, "/admin/accounts", { user: w.admin });
    expect(all.data.list.total).toBe(9); // everyone but the admin itself
  });
});
