// Mail outages (docs/decisions/015). A send that used up its BullMQ attempts (6 × exponential
// backoff from 5 s: about 2.6 minutes) becomes `failed` with a time to try again; the outbox
// flush (every 5 minutes) takes failed mails back once that time has come, with a cool-down
// that doubles per round up to a cap (15 min, 30 min, 1 h, 2 h, 2 h, …) for as long as the
// notice is younger than the age limit (48 h). An SMTP 5xx answer (the server refused this
// mail for good) is not retried automatically. Exactly-once is untouched: a mail taken back
// is `pending` again and goes through the same claim → send → mark-sent path.
import { sql, type SQL } from "drizzle-orm";
import type { Queues } from "~jobs/queues";
import { enqueueEmails, enqueueInvitations } from "~jobs/producers";
import type { Executor } from "~/utils/db.server";
import { recordAudit } from "~/models/audit.server";

export type MailRetryPolicy = { cooldownSeconds: number; maxCooldownSeconds: number; maxAgeHours: number };

export const DEFAULT_MAIL_RETRY: MailRetryPolicy = { cooldownSeconds: 15 * 60, maxCooldownSeconds: 2 * 3600, maxAgeHours: 48 };

/** Read from the environment by the worker (MAIL_RETRY_*); bad values fall back to the defaults. */
export function mailRetryFromEnv(env: NodeJS.ProcessEnv = process.env): MailRetryPolicy {
  const num = (value: string | undefined, fallback: number) => (value && Number(value) > 0 ? Number(value) : fallback);
  return {
    cooldownSeconds: num(env.MAIL_RETRY_COOLDOWN_SECONDS, DEFAULT_MAIL_RETRY.cooldownSeconds),
    maxCooldownSeconds: num(env.MAIL_RETRY_MAX_COOLDOWN_SECONDS, DEFAULT_MAIL_RETRY.maxCooldownSeconds),
    maxAgeHours: num(env.MAIL_RETRY_MAX_AGE_HOURS, DEFAULT_MAIL_RETRY.maxAgeHours),
  };
}

/** An SMTP 5xx reply: the server refused this message for good; waiting will not help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/**
 * When a failed mail may be taken back: now + cool-down × 2^(rounds before this one), capped;
 * never for a permanent refusal or a notice past the age limit. For an UPDATE's SET list
 * (the row's old values are read).
 */
export function retryAtSql(policy: MailRetryPolicy, isPermanent: boolean): SQL {
  return sql`case when ${isPermanent} or created_at < now() - make_interval(hours => ${policy.maxAgeHours}) then null
                  else now() + make_interval(secs => least(${policy.cooldownSeconds}::float8 * power(2, email_failed_rounds), ${policy.maxCooldownSeconds}::float8)) end`;
}

/** A claimed send that SMTP accepted, in either outbox table (notices, invitations). */
export async function markMailSent(exec: Executor, table: "notifications" | "invitations", id: string) {
  await exec.execute(sql`
    update ${sql.identifier(table)} set email_status = 'sent', email_sent_at = now(), email_last_error = null, email_retry_at = null
    where id = ${id} and email_status = 'sending'`);
}

/**
 * The outbox flush's second half: failed notices and invitations whose time has come are
 * pending again. Returns what to queue, with the round (part of the job id, so a new job is
 * made even if an older one of the same mail still sits in BullMQ's failed set).
 */
export async function takeBackFailedEmails(exec: Executor, policy: MailRetryPolicy) {
  const notices = await exec.execute<{ id: string; round: number }>(sql`
    update notifications set email_status = 'pending', email_claimed_at = null, email_retry_at = null
    where email_status = 'failed' and email_retry_at <= now() and created_at > now() - make_interval(hours => ${policy.maxAgeHours})
    returning id, email_failed_rounds as round`);
  const invitations = await exec.execute<{ id: string; round: number }>(sql`
    update invitations set email_status = 'pending', email_claimed_at = null, email_retry_at = null
    where email_status = 'failed' and email_retry_at <= now() and used_at is null and revoked_at is null
      and created_at > now() - make_interval(hours => ${policy.maxAgeHours})
    returning id, email_failed_rounds as round`);
  return { notices: [...notices], invitations: [...invitations] };
}

export type MailHealth = {
  /** Mails not delivered because sending failed: failed, or pending again after a failed attempt. */
  undeliveredCount: number;
  /** Of those, how many the system will still try again by itself. */
  retryingCount: number;
  nextRetryAt: Date | null;
  lastError: string | null;
  lastFailureAt: Date | null;
  isFailing: boolean;
};

/** For the admin: is mail failing right now, and how much is waiting (notices and invitations). */
export async function getMailHealth(exec: Executor): Promise<MailHealth> {
  const [row] = await exec.execute<{
    undelivered: number;
    retrying: number;
    next_retry_at: string | null;
    last_error: string | null;
    last_failure_at: string | null;
  }>(sql`
    with owed as (
      select email_status, email_retry_at, email_last_error, coalesce(email_claimed_at, created_at) as at, email_attempts
      from notifications where email_status in ('failed', 'pending', 'sending') and email_last_error is not null
      union all
      select email_status, email_retry_at, email_last_error, coalesce(email_claimed_at, created_at), email_attempts
      from invitations where email_status in ('failed', 'pending', 'sending') and email_last_error is not null and used_at is null and revoked_at is null
    )
    select count(*)::int as undelivered,
           (count(*) filter (where email_status <> 'failed' or email_retry_at is not null))::int as retrying,
           min(email_retry_at) as next_retry_at,
           (array_agg(email_last_error order by at desc))[1] as last_error,
           max(at) as last_failure_at
    from owed`);
  return {
    undeliveredCount: row.undelivered,
    retryingCount: row.retrying,
    nextRetryAt: row.next_retry_at ? new Date(row.next_retry_at) : null,
    lastError: row.last_error,
    lastFailureAt: row.last_failure_at ? new Date(row.last_failure_at) : null,
    isFailing: row.undelivered > 0,
  };
}

export type RetryAllResult =
  { ok: true; notices: number; invitations: number; isQueued: boolean } | { ok: false; reason: "queue-unavailable" };

/**
 * "Retry all failed": every failed notice and invitation (and every send stuck past the lease)
 * is pending again, in one transaction with one audit event; the jobs are queued after the
 * commit. A repeat finds nothing left to do.
 */
export async function retryAllFailedEmails(
  exec: Executor,
  queues: Pick<Queues, "email" | "onboarding">,
  adminUserId: string,
  options: { staleMinutes: number; queueTimeoutMs?: number },
): Promise<RetryAllResult> {
  const timeoutMs = options.queueTimeoutMs ?? 3_000;
  const withTimeout = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("queue timeout")), timeoutMs).unref())]);
  try {
    await withTimeout(queues.email.getJobCounts("waiting"));
  } catch {
    return { ok: false, reason: "queue-unavailable" };
  }
  const stale = sql`email_status = 'sending' and email_claimed_at < now() - make_interval(mins => ${options.staleMinutes})`;
  const reset = await exec.transaction(async (tx) => {
    const notices = await tx.execute<{ id: string }>(sql`
      update notifications set email_status = 'pending', email_claimed_at = null, email_retry_at = null
      where email_status = 'failed' or (${stale}) returning id`);
    const invitations = await tx.execute<{ id: string }>(sql`
      update invitations set email_status = 'pending', email_claimed_at = null, email_retry_at = null, token_hash = null
      where used_at is null and revoked_at is null and (email_status = 'failed' or (${stale})) returning id`);
    if (notices.length + invitations.length > 0) {
      await recordAudit(tx, {
        actorUserId: adminUserId,
        action: "notification.email_retried_all",
        entityType: "notification",
        entityId: "all",
        after: { notices: notices.length, invitations: invitations.length },
      });
    }
    return { notices: notices.map((r) => r.id), invitations: invitations.map((r) => r.id) };
  });
  const suffix = `-retryall-${Date.now()}`;
  try {
    await withTimeout(enqueueEmails(queues, reset.notices, suffix));
    await withTimeout(enqueueInvitations(queues, reset.invitations, suffix));
    return { ok: true, notices: reset.notices.length, invitations: reset.invitations.length, isQueued: true };
  } catch (error) {
    // Pending in the database: the outbox flush queues them within 5 minutes.
    console.error("could not queue every retried e-mail", error);
    return { ok: true, notices: reset.notices.length, invitations: reset.invitations.length, isQueued: false };
  }
}
