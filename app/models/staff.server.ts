import { and, asc, eq } from "drizzle-orm";
import { users } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { forbidden, type InstitutionScope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { createInvitation } from "~/models/invitation.server";

/** The officer's staff accounts (the institution of the acting user). */
export async function listStaff(exec: Executor, scope: InstitutionScope) {
  const { institutionId } = scope;
  return exec
    .select({ id: users.id, name: users.name, email: users.email, isActive: users.isActive })
    .from(users)
    .where(and(eq(users.institutionId, institutionId), eq(users.role, "staff")))
    .orderBy(asc(users.name));
}

export type InviteStaffResult = { ok: true; id: string; invitationId: string } | { ok: false; fieldErrors: Record<string, string> };

/** An officer invites a staff member by e-mail: the account has no password until the link is used. */
export async function inviteStaffAccount(
  exec: Executor,
  scope: InstitutionScope,
  data: { name: string; email: string },
): Promise<InviteStaffResult> {
  if (scope.role !== "officer") forbidden();
  const email = data.email.toLowerCase();
  const [taken] = await exec.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (taken) return { ok: false, fieldErrors: { email: t("staff.emailTaken") } };
  return exec.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email, name: data.name, passwordHash: null, role: "staff", institutionId: scope.institutionId })
      .returning({ id: users.id });
    const invitationId = await createInvitation(tx, row.id, scope.userId);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "user.staff_invited",
      entityType: "user",
      entityId: row.id,
      institutionId: scope.institutionId,
      after: { email, name: data.name, role: "staff", invitationId },
    });
    return { ok: true as const, id: row.id, invitationId };
  });
}
