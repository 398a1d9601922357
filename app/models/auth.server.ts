import { and, eq, gt, sql } from "drizzle-orm";
import { loginAttempts, users } from "../../db/schema";
import type { Executor } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

const WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per account before each further try has to wait. */
const FREE_FAILURES_PER_EMAIL = 5;
/** A single address may try more accounts (a hospital shares one NAT address). */
const FREE_FAILURES_PER_IP = 30;
const BASE_DELAY_S = 30;
const MAX_DELAY_S = 15 * 60;

export type AuthResult =
  | { ok: true; userId: string; role: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Compared against when the account does not exist, so timing does not reveal which e-mails exist.
let dummyHash: Promise<string> | null = null;

async function recentFailures(exec: Executor, column: "email" | "ip", value: string, now: Date) {
  const since = new Date(now.getTime() - WINDOW_MS);
  const col = column === "email" ? loginAttempts.email : loginAttempts.ip;
  // Failures after the most recent success only: signing in successfully resets the count.
  const [row] = await exec
    .select({
      count: sql<number>`count(*)::int`,
      last: sql<Date | null>`max(${loginAttempts.attemptedAt})`,
    })
    .from(loginAttempts)
    .where(
      and(
        eq(col, value),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, since),
        sql`${loginAttempts.attemptedAt} > coalesce((select max(s.attempted_at) from login_attempts s where s.${sql.raw(column)} = ${value} and s.succeeded), 'epoch')`,
      ),
    );
  return { count: row?.count ?? 0, last: row?.last ? new Date(row.last) : null };
}

function waitSeconds(failures: { count: number; last: Date | null }, free: number, now: Date): number {
  if (failures.count < free || !failures.last) return 0;
  const delay = Math.min(BASE_DELAY_S * 2 ** (failures.count - free), MAX_DELAY_S);
  const remaining = Math.ceil((failures.last.getTime() + delay * 1000 - now.getTime()) / 1000);
  return Math.max(0, remaining);
}

/** Check a password, slowing down repeated failures per account and per address. */
export async function authenticate(
  exec: Executor,
  input: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<AuthResult> {
  const email = input.email.trim().toLowerCase();
  const wait = Math.max(
    waitSeconds(await recentFailures(exec, "email", email, now), FREE_FAILURES_PER_EMAIL, now),
    waitSeconds(await recentFailures(exec, "ip", input.ip, now), FREE_FAILURES_PER_IP, now),
  );
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };

  const [user] = await exec
    .select({ id: users.id, role: users.role, passwordHash: users.passwordHash, isActive: users.isActive })
    .from(users)
    .where(eq(users.email, email));
  let valid: boolean;
  if (user?.passwordHash) {
    valid = await verifyPassword(user.passwordHash, input.password);
  } else {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, input.password);
    valid = false;
  }
  const succeeded = valid && !!user?.isActive;
  await exec.insert(loginAttempts).values({ email, ip: input.ip, succeeded, attemptedAt: now });
  if (!succeeded || !user) return { ok: false, reason: "invalid" };
  return { ok: true, userId: user.id, role: user.role };
}
