import { bigserial, char, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { provinceCode } from "./province";
import { insertedAt } from "./columns";

/**
 * Append-only log of state changes. A trigger (see the migrations) rejects UPDATE and DELETE,
 * so not even the application can rewrite history. No foreign keys: the log outlives rows.
 * Partitioned by month of `occurred_at` (migration 0012; docs/decisions/014), hence the
 * two-column primary key; the application role may only INSERT and SELECT it.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    provinceCode: provinceCode(),
    id: bigserial("id", { mode: "number" }).notNull(),
    occurredAt: insertedAt("occurred_at"),
    actorUserId: uuid("actor_user_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    institutionId: uuid("institution_id"),
    regionCode: char("region_code", { length: 6 }),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    primaryKey({ name: "audit_events_pkey", columns: [t.id, t.occurredAt] }),
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.occurredAt),
    index("audit_events_institution_idx").on(t.institutionId, t.occurredAt),
    index("audit_events_region_idx").on(t.regionCode, t.occurredAt),
  ],
);
