import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "~db/schema";
import { authenticate } from "~/models/auth.server";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as instHome from "~/routes/inst._index";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../factories";
import { callAction, callLoader } from "../helpers";

async function officer() {
  const institution = await createInstitution(db);
  return createUser(db, "officer", { institutionId: institution.id, email: "Officer@Example.test" });
}

describe("sign in", () => {
  it("a correct password starts a session cookie (httpOnly, SameSite=Lax) and goes home", async () => {
    await officer();
    const result = await callAction(loginRoute.action, "/login", { form: { email: " officer@example.TEST ", password: DEFAULT_PASSWORD } });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inst");
    const cookie = result.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^zicha_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await callLoader(instHome.loader, "/inst", { cookie: cookie.split(";")[0] });
    expect(page.status).toBe(200);
  });

  it("follows a same-site redirect but never an off-site one", async () => {
    await officer();
    const inside = await callAction(loginRoute.action, "/login", {
      form: { email: "officer@example.test", password: DEFAULT_PASSWORD, redirectTo: "/inst/assessments/x" },
    });
    expect(inside.location).toBe("/inst/assessments/x");
    const outside = await callAction(loginRoute.action, "/login", {
      form: { email: "officer@example.test", password: DEFAULT_PASSWORD, redirectTo: "//evil.example/" },
    });
    expect(outside.location).toBe("/inst");
  });

  it("a wrong password or unknown account gets the same clear message", async () => {
    await officer();
    for (const form of [
      { email: "officer@example.test", password: "wrong" },
      { email: "nobody@example.test", password: "wrong" },
    ]) {
      const result = await callAction(loginRoute.action, "/login", { form });
      expect(result.status).toBe(400);
      expect(result.data.fieldErrors._form).toBe("邮箱或密码不正确。");
      expect(result.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("repeated failures are stopped for the rest of the window, even for the right password, and a success later resets the count", async () => {
    await officer();
    const start = new Date("2026-11-23T02:00:00Z");
    const meta = (ip: string) => ({ ip, requestId: "test" });
    for (let i = 0; i < 5; i++) {
      const r = await authenticate(
        db,
        { email: "officer@example.test", password: "wrong" },
        meta("10.0.0.1"),
        new Date(start.getTime() + i * 1000),
      );
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await authenticate(
      db,
      { email: "officer@example.test", password: DEFAULT_PASSWORD },
      meta("10.0.0.2"),
      new Date(start.getTime() + 5000),
    );
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBe(15 * 60 - 5);
    const later = await authenticate(
      db,
      { email: "officer@example.test", password: DEFAULT_PASSWORD },
      meta("10.0.0.2"),
      new Date(start.getTime() + 15 * 60_000 + 1000),
    );
    expect(later).toMatchObject({ ok: true });
    const fresh = await authenticate(
      db,
      { email: "officer@example.test", password: "wrong" },
      meta("10.0.0.2"),
      new Date(start.getTime() + 15 * 60_000 + 2000),
    );
    expect(fresh).toEqual({ ok: false, reason: "invalid" });
  });

  it("the throttled page says how long to wait", async () => {
    await officer();
    for (let i = 0; i < 5; i++)
      await callAction(loginRoute.action, "/login", { form: { email: "officer@example.test", password: "wrong" } });
    const result = await callAction(loginRoute.action, "/login", { form: { email: "officer@example.test", password: "wrong" } });
    expect(result.status).toBe(429);
    expect(result.data.fieldErrors._form).toMatch(/^登录失败次数过多，请在 \d+ 秒后再试。$/);
  });

  it("a deactivated account cannot sign in and its open session stops working", async () => {
    const user = await officer();
    const ok = await callAction(loginRoute.action, "/login", { form: { email: "officer@example.test", password: DEFAULT_PASSWORD } });
    const cookie = ok.headers.get("Set-Cookie")!.split(";")[0];
    await db.update(users).set({ isActive: false }).where(eq(users.id, user.id));
    expect(
      (await callAction(loginRoute.action, "/login", { form: { email: "officer@example.test", password: DEFAULT_PASSWORD } })).status,
    ).toBe(400);
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(302);
  });

  it("signing out ends the session on the server", async () => {
    const user = await officer();
    const ok = await callAction(loginRoute.action, "/login", { form: { email: "officer@example.test", password: DEFAULT_PASSWORD } });
    const cookie = ok.headers.get("Set-Cookie")!.split(";")[0];
    const out = await callAction(logoutRoute.action, "/logout", { cookie });
    expect(out.location).toBe("/login");
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await callLoader(instHome.loader, "/inst", { cookie })).status).toBe(302);
  });

  it("bad input is answered per field", async () => {
    const result = await callAction(loginRoute.action, "/login", { form: { email: "not-an-email", password: "" } });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ email: "邮箱格式不正确", password: "请填写密码" });
  });
});
