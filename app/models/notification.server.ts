// Recording notices. Everything is set-based SQL (one statement per kind of notice), keyed by a
// deterministic dedupe key, so a province is swept in a few statements and running any of
// this twice records nothing new.
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { msgs } from "~/utils/i18n";
import { DEFAULT_MAIL_RETRY, markMailSent, retryAtSql, type MailRetryPolicy } from "~/models/mail-outage.server";

const M = () => msgs().notices;

/** SQL that fills a message template's {placeholders} with SQL expressions. */
export function fill(template: string, vars: Record<string, SQL>): SQL {
  return Object.entries(vars).reduce<SQL>(
    (acc, [name, value]) => sql`replace(${acc}, ${`{${name}}`}, (${value})::text)`,
    sql`${template}::text`,
  );
}

/** The message module's date format ("{y}年{m}月{d}日") as a PostgreSQL to_char pattern. */
function dateFormatPattern(): string {
  const fields: Record<string, string> = { y: "FMYYYY", m: "FMMM", d: "FMDD" };
  return msgs()
    .common.date.split(/(\{[ymd]\})/)
    .filter(Boolean)
    .map((part) => fields[part.slice(1, -1)] ?? `"${part.replace(/"/g, "")}"`)
    .join("");
}
export const cnDate = (column: SQL) => sql`to_char(${column}, ${dateFormatPattern()})`;
const yuan = (fen: SQL) => sql`to_char((${fen})::numeric / 100, 'FM999,999,999,990.00')`;
/** E-mail goes out for escalations always, otherwise only to users who want it. */
const emailStatus = (isEscalation: boolean) =>
  isEscalation ? sql`'pending'` : sql`case when u.wants_email then 'pending' else 'skipped' end`;

/**
 * Self-checks not yet submitted (or returned for rework) in open campaigns, with their due date
 * and how many days are left on `today` (Asia/Shanghai calendar day).
 */
function openAssessments(today: string) {
  return sql`
    select a.id, a.institution_id, a.region_code, a.answered_count, a.item_count,
           c.id as campaign_id, c.title as campaign_title, c.escalate_county_after_days, c.escalate_city_after_days,
           (a.status = 'returned') as is_rework,
           case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end as due_on,
           (case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end) - ${today}::date as days_left,
           i.name as institution_name, r.name as region_name, r.parent_code
    from assessments a
    join campaigns c on c.id = a.campaign_id
    join institutions i on i.id = a.institution_id
    join regions r on r.code = a.region_code
    where c.status = 'open' and a.status in ('not_started', 'in_progress', 'returned')`;
}

/** Reminders, overdue notices and escalations that are due on `now`'s local day. Returns new ids. */
export async function recordDueNotices(exec: Executor, now: Date = new Date()): Promise<string[]> {
  const today = todayLocal(now);
  const oa = openAssessments(today);
  const link = sql`'/inst/assessments/' || oa.id`;
  const common = {
    institution: sql`oa.institution_name`,
    campaign: sql`oa.campaign_title`,
    due: cnDate(sql`oa.due_on`),
  };

  const dueSoon = await exec.execute<{ id: string }>(sql`
    with oa as (${oa})
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', 'due_soon', u.id, oa.id, oa.due_on, oa.days_left), u.id, 'due_soon', false,
           case when oa.is_rework then ${fill(M().reworkDueSoonSubject, { days: sql`oa.days_left`, campaign: common.campaign })}
                else ${fill(M().dueSoonSubject, { days: sql`oa.days_left`, campaign: common.campaign })} end,
           case when oa.is_rework then ${fill(M().reworkDueSoonBody, common)}
                else ${fill(M().dueSoonBody, { ...common, answered: sql`oa.answered_count`, total: sql`oa.item_count` })} end,
           ${link}, jsonb_build_object('assessmentId', oa.id, 'daysLeft', oa.days_left), ${emailStatus(false)}
    from oa join users u on u.institution_id = oa.institution_id and u.role = 'officer' and u.is_active
    where oa.days_left in (7, 3, 1)
    returning id`);

  const overdue = await exec.execute<{ id: string }>(sql`
    with oa as (${oa})
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', 'overdue', u.id, oa.id, oa.due_on, ${today}::text), u.id, 'overdue', true,
           ${fill(M().overdueSubject, { days: sql`-oa.days_left`, campaign: common.campaign })},
           ${fill(M().overdueBody, { ...common, days: sql`-oa.days_left` })},
           ${link}, jsonb_build_object('assessmentId', oa.id, 'daysOverdue', -oa.days_left), ${emailStatus(true)}
    from oa join users u on u.institution_id = oa.institution_id and u.role = 'officer' and u.is_active
    where oa.days_left < 0
    returning id`);

  // Once per threshold: the institution's own (county) bureau, then the one above it.
  const escalations = await exec.execute<{ id: string }>(sql`
    with oa as (${oa}),
    levels as (
      select oa.*, 'county' as level, oa.region_code as recipient_region from oa where -oa.days_left >= oa.escalate_county_after_days
      union all
      select oa.*, 'city' as level, oa.parent_code as recipient_region from oa where -oa.days_left >= oa.escalate_city_after_days and oa.parent_code is not null
    )
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', 'escalation', u.id, l.id, l.due_on, l.level), u.id, 'escalation', true,
           ${fill(M().escalationSubject, { institution: sql`l.institution_name`, days: sql`-l.days_left` })},
           ${fill(M().escalationBody, { institution: sql`l.institution_name`, region: sql`l.region_name`, campaign: sql`l.campaign_title`, due: cnDate(sql`l.due_on`), days: sql`-l.days_left` })},
           '/reg/assessments/' || l.id, jsonb_build_object('assessmentId', l.id, 'level', l.level, 'daysOverdue', -l.days_left), 'pending'
    from levels l join users u on u.region_code = l.recipient_region and u.role = 'regulator' and u.is_active
    returning id`);

  const rectification = await exec.execute<{ id: string }>(sql`
    with due as (
      select a.id, a.institution_id, c.title as campaign_title, i.name as institution_name,
             ai.rectification_due_on as due_on, ai.rectification_due_on - ${today}::date as days_left, count(*) as n
      from assessment_items ai
      join assessments a on a.id = ai.assessment_id
      join campaigns c on c.id = a.campaign_id
      join institutions i on i.id = a.institution_id
      where c.status = 'open' and ai.answer = 'problem_found' and ai.rectification_status <> 'rectified'
      group by a.id, a.institution_id, c.title, i.name, ai.rectification_due_on
    )
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select case when d.days_left < 0 then concat_ws('|', 'rectification_overdue', u.id, d.id, d.due_on, ${today}::text)
                else concat_ws('|', 'rectification_due', u.id, d.id, d.due_on, d.days_left) end,
           u.id,
           case when d.days_left < 0 then 'rectification_overdue' else 'rectification_due' end,
           d.days_left < 0,
           case when d.days_left < 0 then ${fill(M().rectificationOverdueSubject, { count: sql`d.n`, days: sql`-d.days_left`, campaign: sql`d.campaign_title` })}
                else ${fill(M().rectificationDueSubject, { count: sql`d.n`, days: sql`d.days_left`, campaign: sql`d.campaign_title` })} end,
           case when d.days_left < 0 then ${fill(M().rectificationOverdueBody, { institution: sql`d.institution_name`, campaign: sql`d.campaign_title`, count: sql`d.n`, due: cnDate(sql`d.due_on`), days: sql`-d.days_left` })}
                else ${fill(M().rectificationDueBody, { institution: sql`d.institution_name`, campaign: sql`d.campaign_title`, count: sql`d.n`, due: cnDate(sql`d.due_on`) })} end,
           '/inst/assessments/' || d.id, jsonb_build_object('assessmentId', d.id, 'items', d.n, 'daysLeft', d.days_left),
           case when d.days_left < 0 or u.wants_email then 'pending' else 'skipped' end
    from due d join users u on u.institution_id = d.institution_id and u.role = 'officer' and u.is_active
    where d.days_left in (7, 3, 1) or d.days_left < 0
    returning id`);

  return [...dueSoon, ...overdue, ...escalations, ...rectification].map((r) => r.id);
}

/** "Campaign opened" to the officers of every target institution. */
export async function recordCampaignOpened(exec: Executor, campaignId: string): Promise<string[]> {
  const rows = await exec.execute<{ id: string }>(sql`
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', 'campaign_opened', u.id, a.id), u.id, 'campaign_opened', false,
           ${fill(M().campaignOpenedSubject, { campaign: sql`c.title` })},
           ${fill(M().campaignOpenedBody, { institution: sql`i.name`, campaign: sql`c.title`, due: cnDate(sql`c.self_check_due_on`) })},
           '/inst/assessments/' || a.id, jsonb_build_object('assessmentId', a.id, 'campaignId', c.id), ${emailStatus(false)}
    from assessments a
    join campaigns c on c.id = a.campaign_id
    join institutions i on i.id = a.institution_id
    join users u on u.institution_id = a.institution_id and u.role = 'officer' and u.is_active
    where c.id = ${campaignId} and c.status = 'open'
    returning id`);
  return rows.map((r) => r.id);
}

/** "Returned for rework" or "accepted" to the institution's officers, once per decided version. */
export async function recordDecision(exec: Executor, assessmentId: string, version: number): Promise<string[]> {
  const rows = await exec.execute<{ id: string }>(sql`
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', v.decision, u.id, a.id, v.version), u.id, v.decision, false,
           case when v.decision = 'returned' then ${fill(M().returnedSubject, { campaign: sql`c.title` })} else ${fill(M().acceptedSubject, { campaign: sql`c.title` })} end,
           case when v.decision = 'returned'
                then ${fill(M().returnedBody, { institution: sql`i.name`, campaign: sql`c.title`, version: sql`v.version`, due: cnDate(sql`v.rework_due_on`) })}
                else ${fill(M().acceptedBody, { institution: sql`i.name`, campaign: sql`c.title`, version: sql`v.version` })} end,
           '/inst/assessments/' || a.id, jsonb_build_object('assessmentId', a.id, 'version', v.version), ${emailStatus(false)}
    from assessment_versions v
    join assessments a on a.id = v.assessment_id
    join campaigns c on c.id = a.campaign_id
    join institutions i on i.id = a.institution_id
    join users u on u.institution_id = a.institution_id and u.role = 'officer' and u.is_active
    where v.assessment_id = ${assessmentId} and v.version = ${version} and v.decision in ('returned', 'accepted')
    returning id`);
  return rows.map((r) => r.id);
}

/**
 * The Monday digest: for every regulator and every open campaign with institutions in its
 * subtree, the counts over that subtree. Rolled up per region first (a few thousand rows),
 * then to each regulator by region path, so it never joins regulators × institutions.
 * `readExec` may be the read replica (the worker's digest reads, docs/decisions/023): the
 * counts are read there and the notices written to `exec`, the primary.
 */
export async function recordWeeklyDigest(exec: Executor, now: Date = new Date(), readExec: Executor = exec): Promise<string[]> {
  const today = todayLocal(now);
  const perRegulator = sql`
    with per_assessment as (
      select a.province_code, a.campaign_id, a.region_code, a.status, a.problem_count, a.refunded_fen, i.name as institution_name,
             (a.status in ('not_started','in_progress','returned')
               and (case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end) < ${today}::date) as is_overdue,
             (a.status in ('not_started','in_progress','returned')
               and (case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end) between ${today}::date - 7 and ${today}::date - 1) as is_newly_overdue
      from assessments a join campaigns c on c.id = a.campaign_id
      join institutions i on i.province_code = a.province_code and i.id = a.institution_id
      where c.status = 'open'
    ),
    per_region as (
      select p.province_code, p.campaign_id, r.path,
             count(*) as total,
             count(*) filter (where p.status in ('submitted','resubmitted','accepted')) as submitted,
             count(*) filter (where p.status in ('in_progress','returned')) as in_progress,
             count(*) filter (where p.status = 'not_started') as not_started,
             count(*) filter (where p.is_overdue) as overdue,
             sum(p.problem_count) as problems,
             sum(p.refunded_fen) as refunded_fen,
             array_agg(p.institution_name order by p.institution_name) filter (where p.is_newly_overdue) as newly_overdue
      from per_assessment p join regions r on r.code = p.region_code
      group by p.province_code, p.campaign_id, r.path
    ),
    per_regulator as (
      select u.id as user_id, u.wants_email, ur.name as region_name, c.id as campaign_id, c.title as campaign_title,
             sum(pr.total) as total, sum(pr.submitted) as submitted, sum(pr.in_progress) as in_progress,
             sum(pr.not_started) as not_started, sum(pr.overdue) as overdue, sum(pr.problems) as problems,
             sum(pr.refunded_fen) as refunded_fen,
             (array_agg(n order by n) filter (where n is not null))[1:20] as newly_overdue
      from users u
      join regions ur on ur.code = u.region_code
      -- Joined on the distribution key: each province's regulators read only its rows.
      join per_region pr on pr.province_code = u.province_code and pr.path like ur.path || '%'
      join campaigns c on c.id = pr.campaign_id
      left join lateral unnest(pr.newly_overdue) n on true
      where u.role = 'regulator' and u.is_active
      group by u.id, u.wants_email, ur.name, c.id, c.title
    )`;
  return insertDigestRows(exec, readExec, perRegulator, today, {
    key: sql`pr.campaign_id`,
    subject: fill(M().digestSubject, { campaign: sql`pr.campaign_title`, region: sql`pr.region_name` }),
    body: sql`${fill(M().digestBody, {
      region: sql`pr.region_name`,
      campaign: sql`pr.campaign_title`,
      date: cnDate(sql`${today}::date`),
      total: sql`pr.total`,
      submitted: sql`pr.submitted`,
      inProgress: sql`pr.in_progress`,
      notStarted: sql`pr.not_started`,
      overdue: sql`pr.overdue`,
      problems: sql`pr.problems`,
      refunded: yuan(sql`pr.refunded_fen`),
    })} || case when cardinality(pr.newly_overdue) > 0
                then E'\n' || ${fill(M().digestNewlyOverdue, { names: sql`array_to_string(pr.newly_overdue, '、')` })} else '' end`,
    link: sql`'/reg/campaigns/' || pr.campaign_id`,
    payload: sql`jsonb_build_object('campaignId', pr.campaign_id, 'total', pr.total, 'submitted', pr.submitted, 'inProgress', pr.in_progress,
                              'notStarted', pr.not_started, 'overdue', pr.overdue, 'problems', pr.problems, 'refundedFen', pr.refunded_fen,
                              'newlyOverdue', coalesce(to_jsonb(pr.newly_overdue), '[]'::jsonb))`,
    columns: sql`user_id uuid, wants_email boolean, region_name text, campaign_id uuid, campaign_title text, total bigint,
        submitted bigint, in_progress bigint, not_started bigint, overdue bigint, problems bigint, refunded_fen bigint,
        newly_overdue text[]`,
  });
}

type DigestNotice = {
  /** Identifies the digest within the regulator's week (its dedupe key). */
  key: SQL;
  subject: SQL;
  body: SQL;
  link: SQL;
  payload: SQL;
  /** The `per_regulator` row type, for carrying rows read on the replica. */
  columns: SQL;
};

/**
 * Runs a digest's `per_regulator` CTE and inserts its notices: in one statement when reads and
 * writes share a database, else read on `readExec` and carried to the primary as one jsonb.
 */
async function insertDigestRows(exec: Executor, readExec: Executor, perRegulator: SQL, today: string, notice: DigestNotice) {
  const insert = (source: SQL) => sql`
    with per_regulator as (${source})
    insert into notifications (dedupe_key, recipient_id, kind, is_escalation, subject, body_text, link_path, payload, email_status)
    select concat_ws('|', 'weekly_digest', pr.user_id, ${notice.key}, to_char(${today}::date, 'IYYY-IW')), pr.user_id, 'weekly_digest', false,
           ${notice.subject}, ${notice.body}, ${notice.link}, ${notice.payload},
           case when pr.wants_email then 'pending' else 'skipped' end
    from per_regulator pr
    join users u on u.id = pr.user_id and u.is_active
    returning id`;
  if (readExec === exec) {
    const rows = await exec.execute<{ id: string }>(insert(sql`${perRegulator} select * from per_regulator`));
    return rows.map((r) => r.id);
  }
  const [read] = await readExec.execute<{ rows: unknown }>(
    sql`${perRegulator} select coalesce(jsonb_agg(to_jsonb(p)), '[]'::jsonb) as rows from per_regulator p`,
  );
  const rows = await exec.execute<{ id: string }>(
    insert(sql`select * from jsonb_to_recordset(${JSON.stringify(read.rows)}::jsonb) as r(${notice.columns})`),
  );
  return rows.map((r) => r.id);
}

/**
 * The Monday clue digest: for every regulator with open clues in its subtree (by the bureau the
 * clue is with), how many are open and how many overdue. One notice per regulator and week,
 * apart from the campaign digests, so it reaches regulators without an open campaign and is not
 * repeated once per campaign.
 */
export async function recordWeeklyClueDigest(exec: Executor, now: Date = new Date(), readExec: Executor = exec): Promise<string[]> {
  const today = todayLocal(now);
  const perRegulator = sql`
    with per_region as (
      select c.province_code, r.path, count(*) as open, count(*) filter (where c.due_on < ${today}::date) as overdue
      from clues c join regions r on r.code = c.handler_region_code
      where c.status <> 'closed'
      group by c.province_code, r.path
    ),
    per_regulator as (
      select u.id as user_id, u.wants_email, ur.name as region_name, sum(pr.open) as open, sum(pr.overdue) as overdue
      from users u
      join regions ur on ur.code = u.region_code
      join per_region pr on pr.province_code = u.province_code and pr.path like ur.path || '%'
      where u.role = 'regulator' and u.is_active
      group by u.id, u.wants_email, ur.name
    )`;
  return insertDigestRows(exec, readExec, perRegulator, today, {
    key: sql`'clues'`,
    subject: fill(M().clueDigestSubject, { region: sql`pr.region_name` }),
    body: fill(M().clueDigestBody, {
      region: sql`pr.region_name`,
      date: cnDate(sql`${today}::date`),
      open: sql`pr.open`,
      overdue: sql`pr.overdue`,
    }),
    link: sql`'/reg/clues/board'`,
    payload: sql`jsonb_build_object('clues', true, 'open', pr.open, 'overdue', pr.overdue)`,
    columns: sql`user_id uuid, wants_email boolean, region_name text, open bigint, overdue bigint`,
  });
}

/**
 * Notices whose e-mail is still owed: pending, or claimed by a sender that died (lease over).
 * Keyset-paged by id so any number can be walked without one huge result.
 */
export async function listUnsentEmailIds(
  exec: Executor,
  leaseSeconds: number,
  page: { afterId?: string; limit?: number } = {},
): Promise<string[]> {
  const rows = await exec.execute<{ id: string }>(sql`
    select id from notifications
    where (email_status = 'pending' or (email_status = 'sending' and email_claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      and id > ${page.afterId ?? "00000000-0000-0000-0000-000000000000"}::uuid
    order by id limit ${page.limit ?? 10_000}`);
  return rows.map((r) => r.id);
}

export type ClaimedEmail = { id: string; subject: string; bodyText: string; linkPath: string; to: string; name: string };

/**
 * Take the right to send one notice's e-mail. Only one sender wins; a claim that is older than
 * the lease is taken over (its sender died between claiming and finishing).
 */
export type ClaimResult = { outcome: "missing" } | { outcome: "done" } | { outcome: "busy" } | { outcome: "claimed"; email: ClaimedEmail };

export async function claimEmail(exec: Executor, id: string, leaseSeconds: number): Promise<ClaimResult> {
  const rows = await exec.execute<ClaimedEmail & { status: string }>(sql`
    with claimed as (
      update notifications set email_status = 'sending', email_claimed_at = now(), email_attempts = email_attempts + 1
      where id = ${id} and (email_status = 'pending' or (email_status = 'sending' and email_claimed_at < now() - make_interval(secs => ${leaseSeconds})))
      returning id, recipient_id, subject, body_text, link_path
    )
    select c.id, c.subject, c.body_text as "bodyText", c.link_path as "linkPath", u.email as "to", u.name, 'claimed' as status
    from claimed c join users u on u.id = c.recipient_id
    union all
    select n.id, n.subject, n.body_text, n.link_path, '', '', n.email_status from notifications n
    where n.id = ${id} and not exists (select 1 from claimed)`);
  const row = rows[0];
  if (!row) return { outcome: "missing" };
  if (row.status === "claimed") return { outcome: "claimed", email: row };
  return row.status === "sending" ? { outcome: "busy" } : { outcome: "done" };
}

export async function markEmailSent(exec: Executor, id: string) {
  await markMailSent(exec, "notifications", id);
}

/**
 * A failed send goes back to pending (BullMQ retries it) or, after the last attempt, to failed
 * with a time at which the outbox flush takes it back (mail-outage.server.ts) — none for a
 * permanent SMTP refusal or a notice past the age limit.
 */
export async function markEmailFailed(
  exec: Executor,
  id: string,
  error: string,
  isFinal: boolean,
  options: { isPermanent?: boolean; policy?: MailRetryPolicy } = {},
) {
  if (!isFinal) {
    await exec.execute(sql`
      update notifications set email_status = 'pending', email_claimed_at = null, email_last_error = ${error.slice(0, 2000)}
      where id = ${id} and email_status = 'sending'`);
    return;
  }
  await exec.execute(sql`
    update notifications set email_status = 'failed', email_claimed_at = null, email_last_error = ${error.slice(0, 2000)},
           email_retry_at = ${retryAtSql(options.policy ?? DEFAULT_MAIL_RETRY, options.isPermanent ?? false)},
           email_failed_rounds = email_failed_rounds + 1
    where id = ${id} and email_status = 'sending'`);
}
