// Notices of the clue ledger through the same exactly-once path as every other notice: one
// set-based INSERT … SELECT per kind, each row keyed by a deterministic dedupe key (ON CONFLICT
// in the notifications table), e-mails then sent by the outbox. Recorded:
//   - a new clue, to the institution's officers, when it reaches the institution's bureau;
//   - 7, 3 and 1 days before the due date, to the officers (while records are still open);
//   - every day once overdue, to the officers;
//   - escalation once overdue to the handling bureau's regulators, and after
//     CLUE_ESCALATE_UP_AFTER_DAYS to the bureau above it.
import { sql } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { msgs } from "~/utils/i18n";
import { cnDate, fill } from "~/models/notification.server";

export const CLUE_ESCALATE_UP_AFTER_DAYS = 7;
const N = () => msgs().clues.notices;

const insertNotice = sql`insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)`;
const emailFor = (isEscalation: boolean) =>
  isEscalation ? sql`'pending'` : sql`case when u.wants_email then 'pending' else 'skipped' end`;

/** "New clue" to the officers of each given clue's institution, if it is with the institution now. */
export async function recordNewClueNotices(exec: Executor, clueIds: string[]): Promise<string[]> {
  if (clueIds.length === 0) return [];
  const rows = await exec.execute<{ id: string }>(sql`
    ${insertNotice}
    select concat_ws('|', 'clue_new', u.id, c.id), u.id, 'clue_new', false,
           ${fill(N().newSubject, { rule: sql`c.rule_name` })},
           ${fill(N().newBody, { institution: sql`i.name`, rule: sql`c.rule_name`, due: cnDate(sql`c.due_on`) })},
           '/inst/clues/' || c.id, jsonb_build_object('clueId', c.id), ${emailFor(false)}
    from clues c
    join institutions i on i.id = c.institution_id
    join users u on u.institution_id = c.institution_id and u.role = 'officer' and u.is_active
    where c.id = any(${`{${clueIds.join(",")}}`}::uuid[]) and c.status = 'verifying'
    returning id`);
  return rows.map((r) => r.id);
}

/** Due-soon, overdue and escalation notices of open clues on `now`'s local day. Returns new ids. */
export async function recordClueNotices(exec: Executor, now: Date = new Date()): Promise<string[]> {
  const today = todayLocal(now);
  const open = sql`
    select c.id, c.rule_name, c.due_on, c.institution_id, c.handler_region_code, c.status, c.due_on - ${today}::date as days_left,
           coalesce(i.name, r.name) as institution_name, h.name as handler_name, h.parent_code as handler_parent,
           (select count(*) from clue_records cr where cr.province_code = c.province_code and cr.clue_id = c.id and cr.answer_state <> 'accepted') as open_records
    from clues c
    left join institutions i on i.id = c.institution_id
    join regions r on r.code = c.subject_region_code
    join regions h on h.code = c.handler_region_code
    where c.status <> 'closed'`;
  const vars = {
    institution: sql`o.institution_name`,
    rule: sql`o.rule_name`,
    due: cnDate(sql`o.due_on`),
    open: sql`o.open_records`,
  };
  const toOfficers = await exec.execute<{ id: string }>(sql`
    with o as (${open})
    ${insertNotice}
    select case when o.days_left < 0 then concat_ws('|', 'clue_overdue', u.id, o.id, o.due_on, ${today}::text)
                else concat_ws('|', 'clue_due_soon', u.id, o.id, o.due_on, o.days_left) end,
           u.id, case when o.days_left < 0 then 'clue_overdue' else 'clue_due_soon' end, o.days_left < 0,
           case when o.days_left < 0 then ${fill(N().overdueSubject, { days: sql`-o.days_left`, rule: sql`o.rule_name` })}
                else ${fill(N().dueSoonSubject, { days: sql`o.days_left`, rule: sql`o.rule_name` })} end,
           case when o.days_left < 0 then ${fill(N().overdueBody, { ...vars, days: sql`-o.days_left` })}
                else ${fill(N().dueSoonBody, vars)} end,
           '/inst/clues/' || o.id, jsonb_build_object('clueId', o.id, 'daysLeft', o.days_left),
           case when o.days_left < 0 or u.wants_email then 'pending' else 'skipped' end
    from o join users u on u.institution_id = o.institution_id and u.role = 'officer' and u.is_active
    where o.status = 'verifying' and (o.days_left in (7, 3, 1) or o.days_left < 0)
    returning id`);
  const escalations = await exec.execute<{ id: string }>(sql`
    with o as (${open}),
    levels as (
      select o.*, 'handler' as level, o.handler_region_code as recipient_region from o where o.days_left < 0
      union all
      select o.*, 'above' as level, o.handler_parent from o
      where -o.days_left >= ${CLUE_ESCALATE_UP_AFTER_DAYS} and o.handler_parent is not null
    )
    ${insertNotice}
    select concat_ws('|', 'clue_escalation', u.id, l.id, l.due_on, l.level), u.id, 'clue_escalation', true,
           ${fill(N().escalationSubject, { institution: sql`l.institution_name`, days: sql`-l.days_left` })},
           ${fill(N().escalationBody, { region: sql`l.handler_name`, institution: sql`l.institution_name`, rule: sql`l.rule_name`, due: cnDate(sql`l.due_on`), days: sql`-l.days_left` })},
           '/reg/clues/' || l.id, jsonb_build_object('clueId', l.id, 'level', l.level, 'daysOverdue', -l.days_left), ${emailFor(true)}
    from levels l join users u on u.region_code = l.recipient_region and u.role = 'regulator' and u.is_active
    returning id`);
  return [...toOfficers, ...escalations].map((r) => r.id);
}
