// Invitations: a one-time link to set a password. The token is made when the e-mail is sent and
// only its SHA-256 is stored, so neither the database nor the job queue ever holds a usable link.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { invitations, users } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { queryListAll, queryListPage } from "~/lists/list-query.server";
import type { OfficerAccountsQuery } from "~/lists/officer-accounts";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import type { Role } from "~/domain/vocabulary";
import { checkPasswordPolicy } from "~/utils/password-policy.server";
import { hashPassword } from "~/utils/password.server";
import { forbidden, notFound, type InstitutionScope, type Scope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { inRegionSubtree } from "~/models/region.server";
import { DEFAULT_MAIL_RETRY, markMailSent, retryAtSql, type MailRetryPolicy } from "~/models/mail-outage.server";

export const INVITATION_DAYS = 7;
/** A password reset link lives 30 minutes from when its e-mail is sent. */
export const RESET_MINUTES = 30;
export type LinkPurpose = "invite" | "reset";
/** The validity of a link, from when its e-mail is sent, by purpose. */
const validity = (purpose: SQL) =>
  sql`case when ${purpose} = 'reset' then make_interval(mins => ${RESET_MINUTES}) else make_interval(days => ${INVITATION_DAYS}) end`;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A new open link for a user — an invitation, or a password reset (same table, same one-time
 * hashed token made at send time, same e-mail path) — superseding (revoking) any open one;
 * call inside the transaction.
 */
export async function createInvitation(
  exec: Executor,
  userId: string,
  invitedBy: string | null,
  purpose: LinkPurpose = "invite",
): Promise<string> {
  await exec
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
  const [row] = await exec
    .insert(invitations)
    .values({ userId, invitedBy, purpose, expiresAt: sql`now() + ${validity(sql`${purpose}`)}` as unknown as Date })
    .returning({ id: invitations.id });
  return row.id;
}

export type InvitationEmail = {
  id: string;
  purpose: LinkPurpose;
  to: string;
  name: string;
  role: Role;
  institutionName: string;
  inviter: string;
  expiresAt: Date;
  attempt: number;
};

export type InvitationClaim =
  { outcome: "missing" } | { outcome: "done" } | { outcome: "busy" } | { outcome: "claimed"; email: InvitationEmail; token: string };

/**
 * Take the right to send one invitation's e-mail and make its token: only one sender wins; a
 * claim older than the lease is taken over (its sender died), with a new token, so the link in
 * any mail that sender may have got out stops working and the new mail's link is the one.
 * The link's validity starts now (the e-mail may have waited in the queue).
 */
export async function claimInvitationEmail(exec: Executor, id: string, leaseSeconds: number): Promise<InvitationClaim> {
  const token = newToken();
  const rows = await exec.execute<{
    id: string;
    status: string;
    purpose: LinkPurpose;
    to: string;
    name: string;
    role: Role;
    institutionName: string;
    inviterName: string | null;
    inviterRegion: string | null;
    inviterInstitution: string | null;
    expiresAt: Date;
    attempt: number;
  }>(sql`
    with claimed as (
      update invitations set email_status = 'sending', email_claimed_at = now(), email_attempts = email_attempts + 1,
             token_hash = ${hashToken(token)}, expires_at = now() + ${validity(sql`purpose`)}
      where id = ${id} and used_at is null and revoked_at is null
        and (email_status = 'pending' or (email_status = 'sending' and email_claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      returning id, user_id, invited_by, expires_at, email_attempts, purpose
    )
    select c.id, 'claimed' as status, c.purpose, u.email as "to", u.name, u.role, coalesce(i.name, ur.name, '') as "institutionName",
           inv.name as "inviterName", ir.name as "inviterRegion", ii.name as "inviterInstitution",
           c.expires_at as "expiresAt", c.email_attempts as attempt
    from claimed c
    join users u on u.id = c.user_id
    left join institutions i on i.id = u.institution_id
    left join regions ur on ur.code = u.region_code
    left join users inv on inv.id = c.invited_by
    left join regions ir on ir.code = inv.region_code
    left join institutions ii on ii.id = inv.institution_id
    where u.is_active
    union all
    select n.id, case when n.used_at is not null or n.revoked_at is not null then 'void' else n.email_status end, n.purpose,
           '', '', 'staff', '', null, null, null, n.expires_at, n.email_attempts
    from invitations n where n.id = ${id} and not exists (select 1 from claimed)`);
  const row = rows[0];
  if (!row) return { outcome: "missing" };
  if (row.status === "claimed") {
    const inviter = row.inviterRegion
      ? t("roster.invitation.bureauInviter", { region: row.inviterRegion, name: row.inviterName ?? "" })
      : row.inviterInstitution
        ? `${row.inviterInstitution} ${row.inviterName ?? ""}`.trim()
        : msgs().app.fullName;
    return {
      outcome: "claimed",
      token,
      email: {
        id: row.id,
        purpose: row.purpose,
        to: row.to,
        name: row.name,
        role: row.role,
        institutionName: row.institutionName,
        inviter,
        expiresAt: new Date(row.expiresAt),
        attempt: row.attempt,
      },
    };
  }
  return row.status === "sending" ? { outcome: "busy" } : { outcome: "done" };
}

export async function markInvitationSent(exec: Executor, id: string) {
  await markMailSent(exec, "invitations", id);
}

/** A failed send goes back to pending (retried) or, after the last attempt, to failed; its token is void. */
export async function markInvitationFailed(
  exec: Executor,
  id: string,
  error: string,
  isFinal: boolean,
  options: { isPermanent?: boolean; policy?: MailRetryPolicy } = {},
) {
  // After the last attempt: failed, with the time the outbox flush takes it back (mail-outage.server.ts).
  await exec.execute(sql`
    update invitations set email_status = ${isFinal ? "failed" : "pending"}, email_claimed_at = null, token_hash = null,
           email_last_error = ${error.slice(0, 2000)},
           email_retry_at = ${isFinal ? retryAtSql(options.policy ?? DEFAULT_MAIL_RETRY, options.isPermanent ?? false) : sql`null`},
           email_failed_rounds = email_failed_rounds + ${isFinal ? 1 : 0}
    where id = ${id} and email_status = 'sending'`);
}

/** Invitations whose e-mail is still owed (pending, or claimed by a sender that died), keyset-paged. */
export async function listUnsentInvitationIds(exec: Executor, leaseSeconds: number, page: { afterId?: string; limit?: number } = {}) {
  const rows = await exec.execute<{ id: string }>(sql`
    select id from invitations
    where used_at is null and revoked_at is null
      and (email_status = 'pending' or (email_status = 'sending' and email_claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      and id > ${page.afterId ?? "00000000-0000-0000-0000-000000000000"}::uuid
    order by id limit ${page.limit ?? 10_000}`);
  return rows.map((r) => r.id);
}

/** The invitation (or password reset) e-mail: Chinese text, the link, and its expiry in Beijing time. */
export function renderInvitationEmail(email: InvitationEmail, token: string) {
  if (email.purpose === "reset") {
    const subject = t("accounts.resetEmail.subject", { app: msgs().app.fullName });
    const bodyText = t("accounts.resetEmail.body", {
      name: email.name,
      app: msgs().app.fullName,
      email: email.to,
      minutes: RESET_MINUTES,
      expires: formatDateTime(email.expiresAt),
    });
    return { subject, bodyText, linkPath: `/reset-password/${token}` };
  }
  const m = msgs().roster.invitation;
  const subject = t("roster.invitation.subject", { app: msgs().app.fullName });
  const bodyText = t("roster.invitation.body", {
    name: email.name,
    inviter: email.inviter,
    role: msgs().roles[email.role],
    app: msgs().app.fullName,
    institution: email.institutionName,
    email: email.to,
    expires: formatDateTime(email.expiresAt),
    contact: email.role === "officer" ? m.contactRegulator : m.contactOfficer,
  });
  return { subject, bodyText, linkPath: `/invite/${token}` };
}

export type InvitationState =
  | { state: "invalid" }
  | { state: "used" }
  | { state: "expired"; expiresAt: Date }
  | { state: "valid"; invitationId: string; userId: string; role: Role; name: string; email: string; institutionName: string };

/** What a link stands for: checked by the hash of its token, never by the token itself. */
export async function getInvitationByToken(
  exec: Executor,
  token: string,
  now: Date = new Date(),
  purpose: LinkPurpose = "invite",
): Promise<InvitationState> {
  if (!TOKEN_SHAPE.test(token)) return { state: "invalid" };
  const rows = await exec.execute<{
    id: string;
    userId: string;
    usedAt: Date | null;
    revokedAt: Date | null;
    expiresAt: Date;
    role: Role;
    name: string;
    email: string;
    isActive: boolean;
    institutionName: string;
  }>(sql`
    select n.id, n.user_id as "userId", u.role, n.used_at as "usedAt", n.revoked_at as "revokedAt", n.expires_at as "expiresAt",
           u.name, u.email, u.is_active as "isActive", coalesce(i.name, r.name, '') as "institutionName"
    from invitations n join users u on u.id = n.user_id
    left join institutions i on i.id = u.institution_id left join regions r on r.code = u.region_code
    where n.token_hash = ${hashToken(token)} and n.purpose = ${purpose}`);
  const row = rows[0];
  if (!row || row.revokedAt || !row.isActive) return { state: "invalid" };
  if (row.usedAt) return { state: "used" };
  if (new Date(row.expiresAt).getTime() <= now.getTime()) return { state: "expired", expiresAt: new Date(row.expiresAt) };
  return {
    state: "valid",
    invitationId: row.id,
    userId: row.userId,
    role: row.role,
    name: row.name,
    email: row.email,
    institutionName: row.institutionName,
  };
}

/** Why a link set no password. */
export type LinkRefusal =
  { ok: false; state: Exclude<InvitationState["state"], "valid"> } | { ok: false; state: "weak"; fieldErrors: Record<string, string> };

export type AcceptResult = { ok: true; userId: string; role: Role } | LinkRefusal;

/**
 * Set a new password through a link (invitation or reset): refuse a link that is not valid or a
 * weak password, then in one transaction spend the link, set the password and run `then` (the
 * audit). The UPDATE that spends the link re-checks it is unused, not superseded and not
 * expired, so a link that expires (or is spent by a double submit) between the check and the
 * update sets nothing, and the answer is the state the link is in.
 */
export async function setPasswordThroughLink<T>(
  exec: Executor,
  found: InvitationState,
  password: string,
  now: Date,
  then: (tx: Executor, link: Extract<InvitationState, { state: "valid" }>) => Promise<T>,
): Promise<T | LinkRefusal> {
  if (found.state !== "valid") return { ok: false, state: found.state };
  const weak = checkPasswordPolicy(password, found.email);
  if (weak) return { ok: false, state: "weak", fieldErrors: { password: weak } };
  const passwordHash = await hashPassword(password);
  return exec.transaction(async (tx) => {
    const dead = await spendLinkAndSetPassword(tx, found, passwordHash, now);
    if (dead) return { ok: false as const, state: dead };
    return then(tx, found);
  });
}

async function spendLinkAndSetPassword(
  tx: Executor,
  found: Extract<InvitationState, { state: "valid" }>,
  passwordHash: string,
  now: Date,
): Promise<Exclude<InvitationState["state"], "valid"> | null> {
  const used = await tx
    .update(invitations)
    .set({ usedAt: now })
    .where(
      and(
        eq(invitations.id, found.invitationId),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: invitations.id });
  if (!used.length) {
    const [row] = await tx
      .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .where(eq(invitations.id, found.invitationId));
    return row?.revokedAt ? "invalid" : row?.usedAt ? "used" : "expired";
  }
  await tx.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, found.userId));
  return null;
}

/** Set the password through an invitation link: the link is used up in the same transaction (a second try finds it used). */
export async function acceptInvitation(exec: Executor, token: string, password: string, now: Date = new Date()): Promise<AcceptResult> {
  const found = await getInvitationByToken(exec, token, now);
  return setPasswordThroughLink(exec, found, password, now, async (tx, link) => {
    await recordAudit(tx, {
      actorUserId: link.userId,
      action: "user.password_set",
      entityType: "user",
      entityId: link.userId,
      after: { via: "invitation", invitationId: link.invitationId },
    });
    return { ok: true as const, userId: link.userId, role: link.role };
  });
}

export type ResendResult = { ok: true; invitationId: string; email: string } | { ok: false; error: string };

/**
 * Send a new invitation to an account that has not set its password yet; the old link stops
 * working. A regulator may do it for the officers of institutions in its subtree, an officer for
 * its own staff; anyone else gets 404 (the account is not theirs to see).
 */
export async function resendInvitation(exec: Executor, scope: Scope, userId: string): Promise<ResendResult> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) notFound();
  if (scope.kind === "institution" && scope.role !== "officer") forbidden();
  const condition: SQL =
    scope.kind === "region"
      ? sql`u.role = 'officer' and ${inRegionSubtree(sql`i.region_code`, scope.regionCode)}`
      : sql`u.role = 'staff' and u.institution_id = ${scope.institutionId}`;
  const rows = await exec.execute<{ id: string; email: string; hasPassword: boolean; institutionId: string; regionCode: string }>(sql`
    select u.id, u.email, u.password_hash is not null as "hasPassword", i.id as "institutionId", i.region_code as "regionCode"
    from users u join institutions i on i.id = u.institution_id
    where u.id = ${userId} and u.is_active and ${condition}`);
  const target = rows[0] ?? notFound();
  if (target.hasPassword) return { ok: false, error: msgs().roster.accounts.alreadyActive };
  return exec.transaction(async (tx) => {
    const invitationId = await createInvitation(tx, target.id, scope.userId);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "invitation.sent",
      entityType: "user",
      entityId: target.id,
      institutionId: target.institutionId,
      regionCode: target.regionCode,
      after: { email: target.email, invitationId, resend: true },
    });
    return { ok: true as const, invitationId, email: target.email };
  });
}

/** Account state of a user for the lists: active, or where its newest invitation stands. */
const accountState = sql<string>`case
  when u.password_hash is not null then 'active'
  when inv.id is null or inv.email_status in ('pending', 'sending') then 'pending'
  when inv.email_status = 'failed' then 'failed'
  when inv.expires_at <= now() then 'expired'
  else 'invited' end`;

const newestInvitation = sql`left join lateral (
  select x.id, x.email_status, x.email_sent_at, x.expires_at from invitations x
  where x.user_id = u.id order by x.created_at desc limit 1) inv on true`;

export type AccountState = "active" | "pending" | "failed" | "expired" | "invited";
export const ACCOUNT_STATES: AccountState[] = ["active", "invited", "pending", "expired", "failed"];

export type AccountRow = {
  id: string;
  name: string;
  email: string;
  institutionName: string;
  regionName: string;
  state: AccountState;
  sentAt: Date | null;
  expiresAt: Date | null;
};

/** Officer accounts of the institutions in the regulator's subtree, with their activation state. */
function officerAccountsSql(scope: { regionCode: string }, filter: { state?: AccountState; q?: string }) {
  const conditions: SQL[] = [sql`u.role = 'officer'`, inRegionSubtree(sql`i.region_code`, scope.regionCode)];
  if (filter.state) conditions.push(sql`(${accountState}) = ${filter.state}`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(i.name ilike ${pattern} or u.email ilike ${pattern} or u.name ilike ${pattern})`);
  }
  const where = sql.join(conditions, sql` and `);
  const from = sql`from users u join institutions i on i.id = u.institution_id join regions r on r.code = i.region_code ${newestInvitation}`;
  return {
    count: sql`select count(*)::int as total ${from} where ${where}`,
    rows: ({ order, limit }: { order: SQL; limit: SQL }) => sql`
      select u.id, u.name, u.email, i.name as "institutionName", r.name as "regionName", ${accountState} as state,
             inv.email_sent_at as "sentAt", inv.expires_at as "expiresAt"
      ${from} where ${where} order by ${order} ${limit}`,
    orderBy: { region: [sql`r.path`, sql`i.name`, sql`u.name`] },
    tiebreak: sql`u.id`,
    map: (row: AccountRow) => row,
  };
}

/** One page of the officer accounts of the subtree. */
export async function listOfficerAccounts(exec: Executor, scope: { regionCode: string }, query: OfficerAccountsQuery) {
  return queryListPage(exec, query, officerAccountsSql(scope, query));
}

/** Every officer account the filter selects (bounded), for the .xlsx. */
export async function listOfficerAccountsForExport(exec: Executor, scope: { regionCode: string }, query: OfficerAccountsQuery) {
  return queryListAll(exec, query, officerAccountsSql(scope, query));
}

/** Staff accounts of one institution with their activation state (for the officer's page). */
/** The officer's staff accounts with where each invitation stands. */
export async function listStaffAccounts(exec: Executor, scope: InstitutionScope) {
  const { institutionId } = scope;
  const rows = await exec.execute<AccountRow & { isActive: boolean; hasPassword: boolean; isMfaEnrolled: boolean }>(sql`
    select u.id, u.name, u.email, '' as "institutionName", '' as "regionName", ${accountState} as state,
           inv.email_sent_at as "sentAt", inv.expires_at as "expiresAt", u.is_active as "isActive",
           u.password_hash is not null as "hasPassword",
           exists (select 1 from user_totp t where t.user_id = u.id and t.confirmed_at is not null) as "isMfaEnrolled"
    from users u ${newestInvitation}
    where u.institution_id = ${institutionId} and u.role = 'staff' order by u.name`);
  return [...rows];
}
