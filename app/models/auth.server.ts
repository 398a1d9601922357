// Sign-in: atomic throttling per account and per address, the password check, the second
// factor (TOTP or a recovery code), and the audit events of each step (decisions 011, 012).
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { authThrottles, recoveryCodes, sessions, THROTTLE_KINDS, users, userTotp } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import type { Role } from "~/domain/vocabulary";
import { env } from "~/utils/env.server";
import { hashRecoveryCode, looksLikeRecoveryCode, matchTotpStep, openSecret } from "~/utils/mfa.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAuthEvent, type RequestMeta } from "~/models/auth-event.server";

export type ThrottleKind = (typeof THROTTLE_KINDS)[number];

/** Fixed windows: every counter starts again 15 minutes after its first try. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const THROTTLE_LIMITS: Record<ThrottleKind, number> = {
  login_account: 5,
  // A hospital or a bureau signs in from behind one NAT address.
  login_ip: 30,
  mfa_account: 5,
  reset_account: 3,
  reset_ip: 20,
};

export type ThrottleResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Take one slot of each counter, in ONE statement: the upsert locks each counter row, so
 * parallel tries queue on it and each sees the count including every try before it. Only a
 * try whose slots are all within their limits goes on to the (slow) check. Rows are locked in
 * (kind, key) order, so two tries never wait on each other in a cycle.
 */
export async function takeThrottleSlots(
  exec: Executor,
  slots: { kind: ThrottleKind; key: string }[],
  now: Date = new Date(),
): Promise<ThrottleResult> {
  const rows = await exec.execute<{ kind: ThrottleKind; attempts: number; windowStartedAt: string }>(sql`
    insert into auth_throttles (kind, key, attempts, window_started_at)
    select s.kind, s.key, 1, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(slots)}::jsonb) as s(kind text, key text)
    order by s.kind, s.key
    on conflict (kind, key) do update set
      attempts = case when auth_throttles.window_started_at <= excluded.window_started_at - make_interval(secs => ${THROTTLE_WINDOW_SECONDS})
                      then 1 else auth_throttles.attempts + 1 end,
      window_started_at = case when auth_throttles.window_started_at <= excluded.window_started_at - make_interval(secs => ${THROTTLE_WINDOW_SECONDS})
                      then excluded.window_started_at else auth_throttles.window_started_at end
    returning kind, attempts, window_started_at as "windowStartedAt"`);
  let wait = 0;
  for (const row of rows) {
    if (row.attempts <= THROTTLE_LIMITS[row.kind]) continue;
    const endsAt = new Date(row.windowStartedAt).getTime() + THROTTLE_WINDOW_SECONDS * 1000;
    wait = Math.max(wait, Math.ceil((endsAt - now.getTime()) / 1000));
  }
  return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, wait) } : { allowed: true };
}

/** Give back the slot a successful try took (it is not a failure) without touching others' tries. */
async function releaseThrottleSlot(exec: Executor, kind: ThrottleKind, key: string) {
  await exec
    .update(authThrottles)
    .set({ attempts: sql`greatest(${authThrottles.attempts} - 1, 0)` })
    .where(and(eq(authThrottles.kind, kind), eq(authThrottles.key, key)));
}

/** The owner proved the secret: its own account counter starts again. */
async function clearThrottle(exec: Executor, kind: ThrottleKind, key: string) {
  await exec.delete(authThrottles).where(and(eq(authThrottles.kind, kind), eq(authThrottles.key, key)));
}

export type AuthResult =
  | { ok: true; userId: string; role: Role; secondFactor: "none" | "verify" | "enrol" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Compared against when the account does not exist, so timing does not reveal which e-mails exist.
let dummyHash: Promise<string> | null = null;

/** Whether this role must sign in with a second factor (MFA_REQUIRED_ROLES). */
export function isSecondFactorRequired(role: Role): boolean {
  return (env.MFA_REQUIRED_ROLES as readonly string[]).includes(role);
}

/**
 * Check a password: first take a slot of the account's and the address's counters (atomic),
 * then — only if both are within their limits — verify it. Every outcome is audited with the
 * address and request id. `secondFactor` says what the session still needs.
 */
export async function authenticate(
  exec: Executor,
  input: { email: string; password: string },
  meta: RequestMeta,
  now: Date = new Date(),
): Promise<AuthResult> {
  const email = input.email.trim().toLowerCase();
  const throttle = await takeThrottleSlots(
    exec,
    [
      { kind: "login_account", key: email },
      { kind: "login_ip", key: meta.ip },
    ],
    now,
  );
  const [user] = await exec
    .select({
      id: users.id,
      role: users.role,
      passwordHash: users.passwordHash,
      isActive: users.isActive,
      totpConfirmedAt: userTotp.confirmedAt,
    })
    .from(users)
    .leftJoin(userTotp, eq(userTotp.userId, users.id))
    .where(eq(users.email, email));
  if (!throttle.allowed) {
    await recordAuthEvent(
      exec,
      { action: "auth.sign_in_failed", userId: user?.id ?? null, email, result: "failure", reason: "throttled" },
      meta,
    );
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }

  let valid: boolean;
  if (user?.passwordHash) {
    valid = await verifyPassword(user.passwordHash, input.password);
  } else {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, input.password);
    valid = false;
  }
  if (!valid || !user?.isActive) {
    const reason = !user ? "unknown_account" : !valid ? "wrong_password" : "inactive";
    await recordAuthEvent(exec, { action: "auth.sign_in_failed", userId: user?.id ?? null, email, result: "failure", reason }, meta);
    return { ok: false, reason: "invalid" };
  }
  await clearThrottle(exec, "login_account", email);
  await releaseThrottleSlot(exec, "login_ip", meta.ip);
  const secondFactor = user.totpConfirmedAt ? "verify" : isSecondFactorRequired(user.role) ? "enrol" : "none";
  if (secondFactor === "none") {
    await recordAuthEvent(exec, { action: "auth.sign_in", userId: user.id, email, result: "success", extra: { method: "password" } }, meta);
  }
  return { ok: true, userId: user.id, role: user.role, secondFactor };
}

export type SecondFactorResult =
  | { ok: true; method: "totp" | "recovery_code"; recoveryCodesLeft?: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * The code step of signing in: a TOTP code (never one of a time step already used — the
 * database takes the step only if it is newer, in one UPDATE) or a recovery code (used up in
 * one UPDATE). Throttled per account like the password step.
 */
export async function verifySecondFactor(
  exec: Executor,
  input: { userId: string; code: string },
  meta: RequestMeta,
  now: Date = new Date(),
): Promise<SecondFactorResult> {
  const throttle = await takeThrottleSlots(exec, [{ kind: "mfa_account", key: input.userId }], now);
  const [row] = await exec
    .select({ email: users.email, secretEnc: userTotp.secretEnc, confirmedAt: userTotp.confirmedAt })
    .from(users)
    .leftJoin(userTotp, eq(userTotp.userId, users.id))
    .where(eq(users.id, input.userId));
  if (!row) return { ok: false, reason: "invalid" };
  const base = { userId: input.userId, email: row.email };
  if (!throttle.allowed) {
    await recordAuthEvent(exec, { ...base, action: "auth.second_factor_failed", result: "failure", reason: "throttled" }, meta);
    return { ok: false, reason: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const code = input.code.trim().replace(/\s+/g, "");
  if (row.secretEnc && row.confirmedAt && /^\d{6}$/.test(code)) {
    const step = matchTotpStep(openSecret(row.secretEnc, input.userId), code, now);
    if (step !== null) {
      const taken = await takeTotpStep(exec, input.userId, step);
      if (taken) {
        await clearThrottle(exec, "mfa_account", input.userId);
        await recordAuthEvent(exec, { ...base, action: "auth.sign_in", result: "success", extra: { method: "password+totp" } }, meta);
        return { ok: true, method: "totp" };
      }
      await recordAuthEvent(exec, { ...base, action: "auth.second_factor_failed", result: "failure", reason: "replayed" }, meta);
      return { ok: false, reason: "invalid" };
    }
  } else if (row.confirmedAt && looksLikeRecoveryCode(code)) {
    const left = await useRecoveryCode(exec, input.userId, code);
    if (left !== null) {
      await clearThrottle(exec, "mfa_account", input.userId);
      await recordAuthEvent(exec, { ...base, action: "auth.recovery_code_used", result: "success", extra: { remaining: left } }, meta);
      await recordAuthEvent(
        exec,
        { ...base, action: "auth.sign_in", result: "success", extra: { method: "password+recovery_code" } },
        meta,
      );
      return { ok: true, method: "recovery_code", recoveryCodesLeft: left };
    }
  }
  await recordAuthEvent(exec, { ...base, action: "auth.second_factor_failed", result: "failure", reason: "wrong_code" }, meta);
  return { ok: false, reason: "invalid" };
}

/** Record `step` as used if it is newer than the last one used; false for a replay. */
export async function takeTotpStep(exec: Executor, userId: string, step: number): Promise<boolean> {
  const rows = await exec
    .update(userTotp)
    .set({ lastUsedStep: step })
    .where(and(eq(userTotp.userId, userId), or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step))))
    .returning({ userId: userTotp.userId });
  return rows.length === 1;
}

/** Use up one recovery code; the number left, or null if the code is not an unused one of this user. */
async function useRecoveryCode(exec: Executor, userId: string, code: string): Promise<number | null> {
  const used = await exec
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  if (used.length === 0) return null;
  const [{ left }] = await exec.execute<{ left: number }>(
    sql`select count(*)::int as left from recovery_codes where user_id = ${userId} and used_at is null`,
  );
  return left;
}

/** Nightly: sessions past their idle or absolute end, and throttle windows long over. */
export async function purgeExpiredSessions(exec: Executor, now: Date = new Date()) {
  const ended = await exec
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
    .returning({ id: sessions.id });
  const windows = await exec
    .delete(authThrottles)
    .where(lt(authThrottles.windowStartedAt, new Date(now.getTime() - THROTTLE_WINDOW_SECONDS * 1000)))
    .returning({ kind: authThrottles.kind });
  return { sessions: ended.length, throttles: windows.length };
}
