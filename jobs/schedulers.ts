// Cron-like work, as BullMQ job schedulers in Asia/Shanghai time (upsert: idempotent on every start).
import type { Queues } from "./queues";

export const SCHEDULES = {
  /** 09:00 every day: reminders 7/3/1 days ahead, overdue notices, escalations. */
  dailySweep: { pattern: "0 9 * * *", tz: "Asia/Shanghai" },
  /** Monday 09:00: the regulators' weekly digest. */
  weeklyDigest: { pattern: "0 9 * * 1", tz: "Asia/Shanghai" },
  /** Every 5 minutes: queue again any e-mail the database still owes (e.g. after a Redis restart). */
  outboxFlush: { every: 5 * 60 * 1000 },
  /** 02:30 every day: recompute every institution's risk score (e.g. rectifications falling due). */
  riskNightly: { pattern: "30 2 * * *", tz: "Asia/Shanghai" },
  /** Every hour: remove upload temp files a crash left behind (untouched for an hour). */
  tempSweep: { every: 60 * 60 * 1000 },
  /** 03:15 every day: delete expired sessions (idle or past their 12-hour absolute end). */
  sessionPurge: { pattern: "15 3 * * *", tz: "Asia/Shanghai" },
};

/** OUTBOX_FLUSH_SECONDS overrides the 5-minute flush (tests of mail outages run it every second). */
export async function upsertSchedulers(queues: Queues, options: { outboxFlushMs?: number } = {}) {
  await queues.reminders.upsertJobScheduler("daily-sweep", SCHEDULES.dailySweep, { name: "daily-sweep", data: { type: "daily-sweep" } });
  await queues.reminders.upsertJobScheduler("weekly-digest", SCHEDULES.weeklyDigest, {
    name: "weekly-digest",
    data: { type: "weekly-digest" },
  });
  const outboxFlush = options.outboxFlushMs ? { every: options.outboxFlushMs } : SCHEDULES.outboxFlush;
  await queues.reminders.upsertJobScheduler("outbox-flush", outboxFlush, { name: "outbox-flush", data: { type: "outbox-flush" } });
  await queues.reminders.upsertJobScheduler("risk-nightly", SCHEDULES.riskNightly, {
    name: "risk-nightly",
    data: { type: "risk-nightly" },
  });
  await queues.reminders.upsertJobScheduler("temp-sweep", SCHEDULES.tempSweep, { name: "temp-sweep", data: { type: "temp-sweep" } });
  await queues.reminders.upsertJobScheduler("session-purge", SCHEDULES.sessionPurge, {
    name: "session-purge",
    data: { type: "session-purge" },
  });
}
