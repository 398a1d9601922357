// Issue 12, point 5: sessions end after 12 hours however active (absolute lifetime on top of
// the idle timeout); a user sees its signed-in devices and signs out one or all others;
// expired sessions are purged by a nightly job.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "~db/schema";
import { runSessionPurge } from "~jobs/handlers/session-purge";
import { SCHEDULES } from "~jobs/producers";
import * as devicesRoute from "~/routes/account.sessions";
import * as instHome from "~/routes/inst._index";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { cookieOf, postLogin } from "./support";

async function officer(email = "officer@sessions.test") {
  const institution = await createInstitution(db);
  return createUser(db, "officer", { institutionId: institution.id, email });
}

const sessionIdOf = (cookie: string) => cookie.split("=")[1];

describe("session lifetime", () => {
  it("a session starts with a 2-hour idle end and a 12-hour absolute end, and records where it started", async () => {
    const user = await officer();
    const before = Date.now();
    const login = await postLogin("officer@sessions.test", undefined, { ip: "10.20.30.40" });
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row.id).toBe(sessionIdOf(cookieOf(login)));
    expect(row.ip).toBe("10.20.30.40");
    expect(row.absoluteExpiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3600_000);
    expect(Math.round((row.expiresAt.getTime() - before) / 60_000)).toBe(120);
    expect(row.isMfaPending).toBe(false);
  });

  it("an active session still ends 12 hours after sign-in", async () => {
    const user = await officer();
    const cookie = cookieOf(await postLogin("officer@sessions.test"));
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(200);
    // Signed in 12 hours ago and active all along: the idle end is still ahead.
    await db.execute(sql`update sessions set created_at = now() - interval '12 hours 1 second',
      absolute_expires_at = now() - interval '1 second', expires_at = now() + interval '1 hour' where user_id = ${user.id}`);
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(302);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("an idle session ends at its idle end", async () => {
    const user = await officer();
    const cookie = cookieOf(await postLogin("officer@sessions.test"));
    await db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${user.id}`);
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(302);
  });

  it("the nightly purge deletes sessions past either end and keeps live ones", async () => {
    const user = await officer();
    for (let i = 0; i < 3; i++) await postLogin("officer@sessions.test");
    const ids = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id))).map((r) => r.id);
    await db.execute(sql`update sessions set expires_at = now() - interval '1 minute' where id = ${ids[0]}`);
    await db.execute(sql`update sessions set absolute_expires_at = now() - interval '1 minute' where id = ${ids[1]}`);
    const result = await runSessionPurge({ db }, new Date());
    expect(result.sessions).toBe(2);
    expect((await db.select({ id: sessions.id }).from(sessions)).map((r) => r.id)).toEqual([ids[2]]);
    expect(SCHEDULES.sessionPurge).toEqual({ pattern: "15 3 * * *", tz: "Asia/Shanghai" });
  });
});

describe("signed-in devices", () => {
  it("lists this user's sessions (marking this one, never showing session ids) and signs out one or every other", async () => {
    const user = await officer();
    const phone = cookieOf(await postLogin("officer@sessions.test", undefined, { ip: "10.0.0.2" }));
    const desk = cookieOf(await postLogin("officer@sessions.test", undefined, { ip: "10.0.0.3" }));
    const laptop = cookieOf(await postLogin("officer@sessions.test", undefined, { ip: "10.0.0.4" }));
    const someoneElse = await officer("other@sessions.test");
    const otherCookie = cookieOf(await postLogin("other@sessions.test"));

    const page = await callLoader(devicesRoute.loader, "/account/sessions", { cookie: desk });
    expect(page.data.devices.map((d: { ip: string; isCurrent: boolean }) => [d.ip, d.isCurrent])).toEqual([
      ["10.0.0.2", false],
      ["10.0.0.3", true],
      ["10.0.0.4", false],
    ]);
    const text = JSON.stringify(page.data);
    for (const cookie of [phone, desk, laptop]) expect(text).not.toContain(sessionIdOf(cookie));

    // Another user's device handle does nothing.
    const theirs = (await callLoader(devicesRoute.loader, "/account/sessions", { cookie: otherCookie })).data.devices[0].handle;
    expect(
      (await callAction(devicesRoute.action, "/account/sessions", { cookie: desk, form: { intent: "one", device: theirs } })).status,
    ).toBe(404);
    expect((await callLoader(instHome.loader, "/inst", { cookie: otherCookie })).status).toBe(200);

    const phoneHandle = page.data.devices[0].handle;
    expect(
      (await callAction(devicesRoute.action, "/account/sessions", { cookie: desk, form: { intent: "one", device: phoneHandle } })).status,
    ).toBe(302);
    expect((await callLoader(instHome.loader, "/inst", { cookie: phone })).status).toBe(302);
    expect((await callLoader(instHome.loader, "/inst", { cookie: laptop })).status).toBe(200);

    expect((await callAction(devicesRoute.action, "/account/sessions", { cookie: desk, form: { intent: "others" } })).status).toBe(302);
    expect((await callLoader(instHome.loader, "/inst", { cookie: laptop })).status).toBe(302);
    expect((await callLoader(instHome.loader, "/inst", { cookie: desk })).status).toBe(200);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    expect(await db.select().from(sessions).where(eq(sessions.userId, someoneElse.id))).toHaveLength(1);
  });
});
