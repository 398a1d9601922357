import { and, asc, desc, eq } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import type { Executor } from "~/utils/db.server";

export type AuditInput = {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  institutionId?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Append one event; call inside the transaction that makes the change. */
export async function recordAudit(exec: Executor, event: AuditInput) {
  await exec.insert(auditEvents).values({
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    institutionId: event.institutionId ?? null,
    regionCode: event.regionCode ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  });
}

export async function listAuditForEntity(exec: Executor, entityType: string, entityId: string) {
  return exec
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(asc(auditEvents.id));
}

export async function listAuditForInstitution(exec: Executor, institutionId: string, limit = 50) {
  return exec
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.institutionId, institutionId))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
}
