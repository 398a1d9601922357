// The account life cycle: change and reset passwords, two-factor enrolment, signed-in devices,
// and the administration of accounts in one's scope (deactivate, reactivate, send a reset link,
// reset the second factor). Every change is one transaction with its auth event.
import { createHash } from "node:crypto";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { invitations, recoveryCodes, users, userTotp } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import type { ListPage } from "~/lists/define-list";
import { queryListPage } from "~/lists/list-query.server";
import type { ManagedAccount, ManagedAccountsQuery } from "~/lists/managed-accounts";

import { msgs, t } from "~/utils/i18n";
import {
  formatTotpKey,
  hashRecoveryCode,
  matchTotpStep,
  newRecoveryCodes,
  newTotpKey,
  openSecret,
  sealSecret,
  totpQrSvg,
  totpUri,
} from "~/utils/mfa.server";
import { checkPasswordPolicy } from "~/utils/password-policy.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { notFound, type InstitutionScope, type RegionScope } from "~/utils/permissions.server";
import { destroyAllSessionsOf, destroySessionOf, listSessionsOf, type SessionUser } from "~/utils/session.server";
import { isSecondFactorRequired, takeThrottleSlots } from "~/models/auth.server";
import { recordAuthEvent, type RequestMeta } from "~/models/auth-event.server";
import { createInvitation, getInvitationByToken, setPasswordThroughLink, type InvitationState } from "~/models/invitation.server";
import { inRegionSubtree } from "~/models/region.server";

type FieldErrors = Record<string, string>;
export type ChangeResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

// ---------------------------------------------------------------------------------------------
// Passwords

/**
 * Change one's own password: the current one is required (and throttled like signing in), the
 * new one must pass the policy. Every other session of the user ends; this one goes on.
 */
export async function changePassword(
  exec: Executor,
  user: SessionUser,
  input: { currentPassword: string; password: string },
  meta: RequestMeta,
  currentSessionId: string,
): Promise<ChangeResult> {
  const throttle = await takeThrottleSlots(exec, [{ kind: "login_account", key: user.email }]);
  if (!throttle.allowed)
    return { ok: false, fieldErrors: { currentPassword: t("auth.throttled", { seconds: throttle.retryAfterSeconds }) } };
  const [row] = await exec.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordAuthEvent(
      exec,
      { action: "auth.password_changed", userId: user.id, email: user.email, result: "failure", reason: "wrong_password" },
      meta,
    );
    return { ok: false, fieldErrors: { currentPassword: t("accounts.password.wrongCurrent") } };
  }
  if (input.password === input.currentPassword) return { ok: false, fieldErrors: { password: t("accounts.password.sameAsCurrent") } };
  const weak = checkPasswordPolicy(input.password, user.email);
  if (weak) return { ok: false, fieldErrors: { password: weak } };
  const passwordHash = await hashPassword(input.password);
  await exec.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
    const ended = await destroyAllSessionsOf(tx, user.id, { exceptSessionId: currentSessionId });
    await recordAuthEvent(
      tx,
      { action: "auth.password_changed", userId: user.id, email: user.email, result: "success", extra: { sessionsEnded: ended } },
      meta,
    );
  });
  return { ok: true };
}

export type ResetRequestResult = { ok: true; invitationId: string | null } | { ok: false; retryAfterSeconds: number };

/**
 * "Forgot password": a reset link for an active account that has a password. The answer is the
 * same whether or not the e-mail has an account (the caller shows one message); requests are
 * throttled per e-mail and per address.
 */
export async function requestPasswordReset(
  exec: Executor,
  emailInput: string,
  meta: RequestMeta,
  now: Date = new Date(),
): Promise<ResetRequestResult> {
  const email = emailInput.trim().toLowerCase();
  const throttle = await takeThrottleSlots(
    exec,
    [
      { kind: "reset_account", key: email },
      { kind: "reset_ip", key: meta.ip },
    ],
    now,
  );
  if (!throttle.allowed) return { ok: false, retryAfterSeconds: throttle.retryAfterSeconds };
  return exec.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, email), eq(users.isActive, true), sql`${users.passwordHash} is not null`));
    if (!user) {
      await recordAuthEvent(
        tx,
        { action: "auth.password_reset_requested", userId: null, email, result: "failure", reason: "unknown_account" },
        meta,
      );
      return { ok: true as const, invitationId: null };
    }
    const invitationId = await createInvitation(tx, user.id, null, "reset");
    await recordAuthEvent(
      tx,
      { action: "auth.password_reset_requested", userId: user.id, email, result: "success", extra: { invitationId } },
      meta,
    );
    return { ok: true as const, invitationId };
  });
}

export type ResetLinkState = InvitationState;

export function getResetLink(exec: Executor, token: string, now: Date = new Date()) {
  return getInvitationByToken(exec, token, now, "reset");
}

export type ResetWithLinkResult =
  | { ok: true; userId: string }
  | { ok: false; state: Exclude<InvitationState["state"], "valid"> }
  | { ok: false; state: "weak"; fieldErrors: FieldErrors };

/**
 * Set a new password through a reset link: the link is spent, the password set and every
 * session of the user ended in one transaction. The person then signs in (with the second
 * factor, if enrolled): a reset link alone never signs anyone in.
 */
export async function resetPasswordWithLink(
  exec: Executor,
  token: string,
  password: string,
  meta: RequestMeta,
  now: Date = new Date(),
): Promise<ResetWithLinkResult> {
  const found = await getResetLink(exec, token, now);
  return setPasswordThroughLink(exec, found, password, now, async (tx, link) => {
    const ended = await destroyAllSessionsOf(tx, link.userId);
    await tx.execute(sql`delete from auth_throttles where kind = 'login_account' and key = ${link.email}`);
    await recordAuthEvent(
      tx,
      {
        action: "auth.password_reset",
        userId: link.userId,
        email: link.email,
        result: "success",
        extra: { invitationId: link.invitationId, sessionsEnded: ended },
      },
      meta,
    );
    return { ok: true as const, userId: link.userId };
  });
}

// ---------------------------------------------------------------------------------------------
// Two-factor sign-in

export type TwoFactorStatus = {
  isEnrolled: boolean;
  enrolledAt: Date | null;
  isRequired: boolean;
  recoveryCodesLeft: number;
  passwordChangedAt: Date | null;
};

/** What the account page shows of one's own second factor. */
export async function getTwoFactorStatus(exec: Executor, user: Pick<SessionUser, "id" | "role">): Promise<TwoFactorStatus> {
  const [row] = await exec.execute<{ confirmedAt: Date | null; left: number; passwordChangedAt: Date | null }>(sql`
    select t.confirmed_at as "confirmedAt", u.password_changed_at as "passwordChangedAt",
           (select count(*)::int from recovery_codes c where c.user_id = u.id and c.used_at is null) as left
    from users u left join user_totp t on t.user_id = u.id where u.id = ${user.id}`);
  return {
    isEnrolled: !!row?.confirmedAt,
    enrolledAt: row?.confirmedAt ? new Date(row.confirmedAt) : null,
    isRequired: isSecondFactorRequired(user.role),
    recoveryCodesLeft: row?.left ?? 0,
    passwordChangedAt: row?.passwordChangedAt ? new Date(row.passwordChangedAt) : null,
  };
}

export type Enrolment = { secret: string; qrSvg: string; uri: string };

/**
 * The authenticator setup for a user without a confirmed second factor: a new key, kept
 * (encrypted) until a code from it is accepted, so reloading the page shows the same QR code.
 */
export async function startTotpEnrolment(exec: Executor, user: Pick<SessionUser, "id" | "email">): Promise<Enrolment | null> {
  const [existing] = await exec.select().from(userTotp).where(eq(userTotp.userId, user.id));
  if (existing?.confirmedAt) return null;
  let key: Uint8Array;
  if (existing) {
    key = openSecret(existing.secretEnc, user.id);
  } else {
    key = newTotpKey();
    await exec
      .insert(userTotp)
      .values({ userId: user.id, secretEnc: sealSecret(key, user.id) })
      .onConflictDoNothing();
    // A parallel request may have stored its key first: show the one that is stored.
    const [stored] = await exec.select().from(userTotp).where(eq(userTotp.userId, user.id));
    key = openSecret(stored.secretEnc, user.id);
  }
  const uri = totpUri(key, msgs().app.fullName, user.email);
  return { secret: formatTotpKey(key), qrSvg: await totpQrSvg(uri), uri };
}

export type EnrolResult = { ok: true; recoveryCodes: string[] } | { ok: false; fieldErrors: FieldErrors };

/** Confirm the setup with a code from the authenticator; makes ten recovery codes (shown once). */
export async function confirmTotpEnrolment(
  exec: Executor,
  user: Pick<SessionUser, "id" | "email">,
  code: string,
  meta: RequestMeta,
  options: { isSignIn?: boolean } = {},
  now: Date = new Date(),
): Promise<EnrolResult> {
  const throttle = await takeThrottleSlots(exec, [{ kind: "mfa_account", key: user.id }], now);
  if (!throttle.allowed) return { ok: false, fieldErrors: { code: t("auth.throttled", { seconds: throttle.retryAfterSeconds }) } };
  const [row] = await exec.select().from(userTotp).where(eq(userTotp.userId, user.id));
  if (!row || row.confirmedAt) return { ok: false, fieldErrors: { code: t("accounts.twoFactor.wrongCode") } };
  const step = matchTotpStep(openSecret(row.secretEnc, user.id), code.trim(), now);
  if (step === null) return { ok: false, fieldErrors: { code: t("accounts.twoFactor.wrongCode") } };
  const codes = newRecoveryCodes();
  await exec.transaction(async (tx) => {
    await tx
      .update(userTotp)
      .set({ confirmedAt: now, lastUsedStep: step })
      .where(and(eq(userTotp.userId, user.id), isNull(userTotp.confirmedAt)));
    await replaceRecoveryCodes(tx, user.id, codes);
    await tx.execute(sql`delete from auth_throttles where kind = 'mfa_account' and key = ${user.id}`);
    await recordAuthEvent(tx, { action: "auth.mfa_enrolled", userId: user.id, email: user.email, result: "success" }, meta);
    // Enrolling is the second step of this sign-in (a role that must have a second factor).
    if (options.isSignIn)
      await recordAuthEvent(
        tx,
        { action: "auth.sign_in", userId: user.id, email: user.email, result: "success", extra: { method: "password+totp" } },
        meta,
      );
  });
  return { ok: true, recoveryCodes: codes };
}

async function replaceRecoveryCodes(tx: Executor, userId: string, codes: string[]) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
}

async function checkOwnPassword(exec: Executor, user: Pick<SessionUser, "id" | "email">, password: string): Promise<FieldErrors | null> {
  const throttle = await takeThrottleSlots(exec, [{ kind: "login_account", key: user.email }]);
  if (!throttle.allowed) return { password: t("auth.throttled", { seconds: throttle.retryAfterSeconds }) };
  const [row] = await exec.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, password))) return { password: t("accounts.password.wrongCurrent") };
  return null;
}

/** New recovery codes (the old ones stop working); the current password confirms it is the owner. */
export async function regenerateRecoveryCodes(
  exec: Executor,
  user: SessionUser,
  password: string,
  meta: RequestMeta,
): Promise<EnrolResult> {
  const wrong = await checkOwnPassword(exec, user, password);
  if (wrong) return { ok: false, fieldErrors: wrong };
  const [row] = await exec.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, user.id));
  if (!row?.confirmedAt) return { ok: false, fieldErrors: { _form: t("accounts.twoFactor.notEnrolled") } };
  const codes = newRecoveryCodes();
  await exec.transaction(async (tx) => {
    await replaceRecoveryCodes(tx, user.id, codes);
    await recordAuthEvent(tx, { action: "auth.recovery_codes_regenerated", userId: user.id, email: user.email, result: "success" }, meta);
  });
  return { ok: true, recoveryCodes: codes };
}

/** Turn the second factor off — only for roles that do not require it. */
export async function disableTwoFactor(exec: Executor, user: SessionUser, password: string, meta: RequestMeta): Promise<ChangeResult> {
  if (isSecondFactorRequired(user.role)) return { ok: false, fieldErrors: { _form: t("accounts.twoFactor.cannotDisable") } };
  const wrong = await checkOwnPassword(exec, user, password);
  if (wrong) return { ok: false, fieldErrors: wrong };
  await exec.transaction(async (tx) => {
    await tx.delete(userTotp).where(eq(userTotp.userId, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await recordAuthEvent(tx, { action: "auth.mfa_disabled", userId: user.id, email: user.email, result: "success" }, meta);
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Signed-in devices

/** A handle for a session on the page that is not the session id itself (which is the secret). */
export const deviceHandle = (sessionId: string) => createHash("sha256").update(sessionId).digest("hex").slice(0, 32);

export async function listDevices(exec: Executor, userId: string, currentSessionId: string) {
  const rows = await listSessionsOf(exec, userId);
  return rows.map((r) => ({
    handle: deviceHandle(r.id),
    isCurrent: r.id === currentSessionId,
    createdAt: r.createdAt,
    endsAt: new Date(Math.min(r.expiresAt.getTime(), r.absoluteExpiresAt.getTime())),
    ip: r.ip,
    userAgent: r.userAgent,
  }));
}

/** Sign out one of one's devices (by its handle) or every other one; audited. */
export async function signOutDevices(
  exec: Executor,
  user: SessionUser,
  currentSessionId: string,
  target: { intent: "one"; device: string } | { intent: "others" },
  meta: RequestMeta,
): Promise<{ ok: true; count: number } | { ok: false }> {
  return exec.transaction(async (tx) => {
    let count: number;
    if (target.intent === "others") {
      count = await destroyAllSessionsOf(tx, user.id, { exceptSessionId: currentSessionId });
    } else {
      const match = (await listSessionsOf(tx, user.id)).find((s) => deviceHandle(s.id) === target.device);
      if (!match) return { ok: false as const };
      count = (await destroySessionOf(tx, user.id, match.id)) ? 1 : 0;
    }
    await recordAuthEvent(
      tx,
      { action: "auth.session_revoked", userId: user.id, email: user.email, result: "success", extra: { scope: target.intent, count } },
      meta,
    );
    return { ok: true as const, count };
  });
}

// ---------------------------------------------------------------------------------------------
// Administration of accounts in one's scope

/** Who manages accounts: the admin (all), a bureau (its subtree), an officer (its staff). */
export type AccountManager = { kind: "admin"; userId: string } | RegionScope | InstitutionScope;

/**
 * The accounts a manager may act on, as a condition on `u` (users) joined with `i` (their
 * institution): a bureau manages institution users of its subtree and bureaus strictly below
 * it; an officer its own institution's staff; the admin everyone. Never oneself.
 */
function managedBy(manager: AccountManager): SQL {
  const notSelf = sql`u.id <> ${manager.userId}`;
  if (manager.kind === "admin") return notSelf;
  if (manager.kind === "institution") {
    if (manager.role !== "officer") return sql`false`;
    return sql`${notSelf} and u.role = 'staff' and u.institution_id = ${manager.institutionId}`;
  }
  return sql`${notSelf} and (
    (u.role in ('officer', 'staff') and ${inRegionSubtree(sql`i.region_code`, manager.regionCode)})
    or (u.role = 'regulator' and u.region_code <> ${manager.regionCode} and ${inRegionSubtree(sql`u.region_code`, manager.regionCode)}))`;
}

export type ManagedAccountRow = ManagedAccount & { deactivatedAt: Date | null };

export async function listManagedAccounts(
  exec: Executor,
  manager: AccountManager,
  filter: Partial<ManagedAccountsQuery> = {},
): Promise<ListPage<ManagedAccountRow>> {
  const conditions: SQL[] = [managedBy(manager)];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(u.email ilike ${pattern} or u.name ilike ${pattern} or i.name ilike ${pattern})`);
  }
  if (filter.role) conditions.push(sql`u.role = ${filter.role}`);
  if (filter.status === "active") conditions.push(sql`u.is_active and u.password_hash is not null`);
  if (filter.status === "inactive") conditions.push(sql`not u.is_active`);
  if (filter.status === "pending") conditions.push(sql`u.is_active and u.password_hash is null`);
  const where = sql.join(conditions, sql` and `);
  const from = sql`from users u left join institutions i on i.id = u.institution_id left join regions ur on ur.code = coalesce(i.region_code, u.region_code)`;
  const query = { sort: "unit" as const, dir: "asc" as const, page: filter.page ?? 1, pageSize: filter.pageSize ?? 50 };
  return queryListPage(exec, query, {
    count: sql`select count(*)::int as total ${from} where ${where}`,
    rows: ({ order, limit }) => sql`
      select u.id, u.name, u.email, u.role, coalesce(i.name || '（' || ur.name || '）', ur.name, '') as unit, u.is_active as "isActive",
             u.password_hash is not null as "hasPassword", u.deactivated_at as "deactivatedAt",
             exists (select 1 from user_totp t where t.user_id = u.id and t.confirmed_at is not null) as "isMfaEnrolled"
      ${from} where ${where}
      order by ${order} ${limit}`,
    orderBy: { unit: (dir) => sql`ur.path ${dir} nulls first, i.name nulls first, u.role, u.name` },
    tiebreak: sql`u.id`,
    map: (r: ManagedAccountRow) => r,
  });
}

type Target = { id: string; name: string; email: string; isActive: boolean; hasPassword: boolean };

/** The account if the manager may act on it; 404 otherwise (not theirs to see). */
async function findManaged(exec: Executor, manager: AccountManager, userId: string, lock = false): Promise<Target> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) notFound();
  const rows = await exec.execute<Target>(sql`
    select u.id, u.name, u.email, u.is_active as "isActive", u.password_hash is not null as "hasPassword"
    from users u left join institutions i on i.id = u.institution_id
    where u.id = ${userId} and ${managedBy(manager)} ${lock ? sql`for update of u` : sql``}`);
  return rows[0] ?? notFound();
}

export type ManageResult = { ok: true; name: string; email: string; invitationId?: string } | { ok: false; error: string };

/**
 * Deactivate: the account cannot sign in, every session ends and every open invitation or reset
 * link dies — in one transaction with the audited reason. Reactivate lifts the first only.
 */
export async function setAccountActive(
  exec: Executor,
  manager: AccountManager,
  input: { userId: string; isActive: boolean; reason: string },
  meta: RequestMeta,
): Promise<ManageResult> {
  return exec.transaction(async (tx) => {
    const target = await findManaged(tx, manager, input.userId, true);
    if (target.isActive === input.isActive)
      return { ok: false as const, error: input.isActive ? t("accounts.manage.alreadyActive") : t("accounts.manage.alreadyInactive") };
    const now = new Date();
    await tx
      .update(users)
      .set({ isActive: input.isActive, deactivatedAt: input.isActive ? null : now })
      .where(eq(users.id, target.id));
    let sessionsEnded = 0;
    let linksRevoked = 0;
    if (!input.isActive) {
      sessionsEnded = await destroyAllSessionsOf(tx, target.id);
      const revoked = await tx
        .update(invitations)
        .set({ revokedAt: now })
        .where(and(eq(invitations.userId, target.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      linksRevoked = revoked.length;
    }
    await recordAuthEvent(
      tx,
      {
        action: input.isActive ? "account.reactivated" : "account.deactivated",
        userId: target.id,
        email: target.email,
        result: "success",
        actorUserId: manager.userId,
        extra: { note: input.reason, sessionsEnded, linksRevoked },
      },
      meta,
    );
    return { ok: true as const, name: target.name, email: target.email };
  });
}

/** Send a reset link to an account in scope (never a typed password); the caller queues the e-mail. */
export async function sendPasswordResetFor(
  exec: Executor,
  manager: AccountManager,
  userId: string,
  meta: RequestMeta,
): Promise<ManageResult> {
  return exec.transaction(async (tx) => {
    const target = await findManaged(tx, manager, userId, true);
    if (!target.isActive) return { ok: false as const, error: t("accounts.manage.alreadyInactive") };
    if (!target.hasPassword) return { ok: false as const, error: t("accounts.manage.notActive") };
    const invitationId = await createInvitation(tx, target.id, manager.userId, "reset");
    await recordAuthEvent(
      tx,
      {
        action: "auth.password_reset_requested",
        userId: target.id,
        email: target.email,
        result: "success",
        actorUserId: manager.userId,
        extra: { invitationId },
      },
      meta,
    );
    return { ok: true as const, name: target.name, email: target.email, invitationId };
  });
}

/** A lost phone: clear the account's authenticator and recovery codes and end its sessions. */
export async function resetTwoFactorFor(
  exec: Executor,
  manager: AccountManager,
  input: { userId: string; reason: string },
  meta: RequestMeta,
): Promise<ManageResult> {
  return exec.transaction(async (tx) => {
    const target = await findManaged(tx, manager, input.userId, true);
    await tx.delete(userTotp).where(eq(userTotp.userId, target.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, target.id));
    const sessionsEnded = await destroyAllSessionsOf(tx, target.id);
    await recordAuthEvent(
      tx,
      {
        action: "auth.mfa_reset",
        userId: target.id,
        email: target.email,
        result: "success",
        actorUserId: manager.userId,
        extra: { note: input.reason, sessionsEnded },
      },
      meta,
    );
    return { ok: true as const, name: target.name, email: target.email };
  });
}
