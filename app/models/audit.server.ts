import { auditEvents } from "~db/schema";
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
