import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays, format, parseISO } from "date-fns";
import { t } from "~/utils/i18n";

/** Every date a person sees or a deadline means is in this zone. */
export const APP_TIME_ZONE = "Asia/Shanghai";

/** Today's calendar date in Asia/Shanghai as 'YYYY-MM-DD'. */
export function todayLocal(now: Date = new Date()): string {
  return format(new TZDate(now, APP_TIME_ZONE), "yyyy-MM-dd");
}

/** A deadline date means the end of that day in Asia/Shanghai: the instant it passes. */
export function deadlineInstant(dueOn: string): Date {
  const [y, m, d] = dueOn.split("-").map(Number);
  return new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, APP_TIME_ZONE).getTime());
}

export function isPastDeadline(dueOn: string, now: Date = new Date()): boolean {
  return now.getTime() >= deadlineInstant(dueOn).getTime();
}

/** Whole local days from today until the due date (0 = due today, negative = overdue). */
export function daysUntil(dueOn: string, now: Date = new Date()): number {
  return differenceInCalendarDays(parseISO(dueOn), parseISO(todayLocal(now)));
}

/** '2026-11-30' → '2026年11月30日' */
export function formatDateCn(dateOnly: string | null | undefined): string {
  if (!dateOnly) return "";
  const [y, m, d] = dateOnly.split("-").map(Number);
  return t("common.date", { y, m, d });
}

/** An instant shown in Asia/Shanghai: '2026-11-23 14:05'. */
export function formatDateTime(instant: Date | string | null | undefined): string {
  if (!instant) return "";
  return format(new TZDate(new Date(instant).getTime(), APP_TIME_ZONE), "yyyy-MM-dd HH:mm");
}

export function isValidDateOnly(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}
