// Auth events in the append-only audit trail: entity_type 'auth', entity_id the account's id
// (or the typed e-mail when no account has it), region and institution of the account so a
// bureau sees its subtree's events, and in `after`: result, reason, IP and request id
// (decision 011: no new columns on the audit table, whose layout other work depends on).
import type { AppLoadContext } from "@remix-run/node";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import type { RegionScope } from "~/utils/permissions.server";
import { AUTH_ACTION_VALUES, type AuthAction } from "~/domain/auth-actions";
import { inRegionSubtree } from "~/models/region.server";
import type { AuthEventsQuery, AuthEventView } from "~/lists/auth-events";
import { queryListPage } from "~/lists/list-query.server";

export type RequestMeta = { ip: string; requestId: string; userAgent?: string | null };

/** Who asked, from the load context the server hands every loader (server.js). */
export function requestMeta(request: Request, context: AppLoadContext | undefined): RequestMeta {
  return {
    ip: context?.clientIp ?? "unknown",
    requestId: context?.requestId ?? "unknown",
    userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
  };
}

export { AUTH_ACTION_VALUES, type AuthAction };

export type AuthEventInput = {
  action: AuthAction;
  /** The account the event is about (null: no account has the typed e-mail). */
  userId: string | null;
  email?: string;
  result: "success" | "failure";
  reason?: string;
  /** Who did it, when not the account itself (an officer, a bureau, an admin). */
  actorUserId?: string | null;
  extra?: Record<string, unknown>;
};

/** Append one auth event; call inside the transaction of the change it records. */
export async function recordAuthEvent(exec: Executor, event: AuthEventInput, meta: RequestMeta) {
  const after = {
    result: event.result,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.email ? { email: event.email } : {}),
    ip: meta.ip,
    requestId: meta.requestId,
    ...event.extra,
  };
  const actor = event.actorUserId === undefined ? event.userId : event.actorUserId;
  await exec.execute(sql`
    insert into audit_events (actor_user_id, action, entity_type, entity_id, institution_id, region_code, after)
    select ${actor}::uuid, ${event.action}, 'auth', coalesce(${event.userId}::text, ${event.email ?? "unknown"}),
           u.institution_id, coalesce(u.region_code, i.region_code), ${JSON.stringify(after)}::jsonb
    from (select 1) one
    left join users u on u.id = ${event.userId}::uuid
    left join institutions i on i.id = u.institution_id`);
}

export type AuthEventViewer = { kind: "admin"; userId: string } | RegionScope;

export type AuthEventRow = AuthEventView & { occurredAt: Date; action: AuthAction; result: "success" | "failure" };

/**
 * Auth events, newest first, paged: a bureau sees the events of accounts in its region subtree
 * (institution users under it, regulators in it and below); the admin sees all, including
 * tries on e-mails no account has.
 */
export async function listAuthEvents(exec: Executor, viewer: AuthEventViewer, filter: AuthEventsQuery) {
  const conditions: SQL[] = [sql`a.entity_type = 'auth'`];
  if (viewer.kind === "region") conditions.push(inRegionSubtree(sql`a.region_code`, viewer.regionCode));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(a.entity_id in (select u.id::text from users u where u.email ilike ${pattern} or u.name ilike ${pattern})
                         or a.after->>'email' ilike ${pattern})`);
  }
  if (filter.result) conditions.push(sql`a.after->>'result' = ${filter.result}`);
  if (filter.action) conditions.push(sql`a.action = ${filter.action}`);
  if (filter.from) conditions.push(sql`a.occurred_at >= (${filter.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (filter.to) conditions.push(sql`a.occurred_at < (${filter.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  const where = sql.join(conditions, sql` and `);
  return queryListPage(exec, filter, {
    count: sql`select count(*)::int as total from audit_events a where ${where}`,
    // The page of events first, then the names joined to those rows only.
    rows: ({ order, limit }) => sql`
      with page as (
        select a.*, row_number() over (order by ${order}) as ord from audit_events a where ${where}
        order by ${order} ${limit}
      )
      select p.id, p.occurred_at as "occurredAt", p.action, p.after->>'result' as result, p.after->>'reason' as reason,
             p.after->>'ip' as ip, p.after->>'requestId' as "requestId", coalesce(su.email, p.after->>'email') as email,
             su.name as "accountName", au.name as "actorName",
             (p.actor_user_id is not null and p.actor_user_id::text <> p.entity_id) as "isActorOther",
             r.name as "regionName", i.name as "institutionName", p.after->>'method' as method, p.after->>'note' as note
      from page p
      left join users su on su.id::text = p.entity_id
      left join users au on au.id = p.actor_user_id
      left join regions r on r.code = p.region_code
      left join institutions i on i.id = p.institution_id
      order by p.ord`,
    orderBy: { time: [sql`a.id`] },
    tiebreak: sql`a.id`,
    map: (r: AuthEventRow) => ({ ...r, occurredAt: new Date(r.occurredAt) }),
  });
}
