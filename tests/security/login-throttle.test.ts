// Issue 12, point 2: sign-in throttling must be one atomic count-and-check. Tried as found:
// 40 parallel wrong passwords for one account got 17 real password checks through (limit 5).
import { describe, expect, it } from "vitest";
import { passwordVerifications } from "~/utils/password.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../factories";
import { postLogin } from "./support";

async function officer(email: string) {
  const institution = await createInstitution(db);
  return createUser(db, "officer", { institutionId: institution.id, email });
}

describe("sign-in throttling", () => {
  it("40 parallel wrong passwords for one account: at most 5 password checks, the rest 429 saying when to try again", async () => {
    await officer("target@example.test");
    const before = passwordVerifications.count;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postLogin("target@example.test", `wrong-${i}`, { ip: `10.1.${i}.1` })),
    );
    const checks = passwordVerifications.count - before;
    expect(checks).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status === 400)).toHaveLength(checks);
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(40 - checks);
    for (const r of throttled) {
      expect(r.data.fieldErrors._form).toMatch(/^登录失败次数过多，请在 \d+ 秒后再试。$/);
      expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // Even the right password is not checked until the window is over.
    const right = await postLogin("target@example.test", DEFAULT_PASSWORD, { ip: "10.9.9.9" });
    expect(right.status).toBe(429);
    expect(passwordVerifications.count - before).toBe(checks);
  });

  it("40 parallel tries from one address over many accounts: at most 30 password checks", async () => {
    const before = passwordVerifications.count;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postLogin(`nobody${i}@example.test`, "wrong-password", { ip: "10.2.0.1" })),
    );
    const checks = passwordVerifications.count - before;
    expect(checks).toBeLessThanOrEqual(30);
    expect(results.filter((r) => r.status === 429)).toHaveLength(40 - checks);
  });

  it("a successful sign-in does not reset the address's counter for other accounts", async () => {
    await officer("mine@example.test");
    // 29 failures on other accounts from one address, then the attacker signs in to its own account.
    for (let i = 0; i < 29; i++) expect((await postLogin(`victim${i}@example.test`, "guess", { ip: "10.3.0.1" })).status).toBe(400);
    expect((await postLogin("mine@example.test", DEFAULT_PASSWORD, { ip: "10.3.0.1" })).status).toBe(302);
    // One more failure is allowed (30), the next is not: the success gave back only its own slot.
    expect((await postLogin("victim99@example.test", "guess", { ip: "10.3.0.1" })).status).toBe(400);
    expect((await postLogin("victim100@example.test", "guess", { ip: "10.3.0.1" })).status).toBe(429);
    // Another address is not affected.
    expect((await postLogin("victim101@example.test", "guess", { ip: "10.3.0.2" })).status).toBe(400);
  });
});
