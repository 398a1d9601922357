import { daysUntil, formatDateCn } from "~/utils/dates";
import { t } from "~/utils/i18n";

/** "截止 2026年11月30日 · 剩 7 天" (`bare`: without "截止", under a label that says it), red once overdue. `today` comes from the server (Asia/Shanghai). */
export function DueDate({
  dueOn,
  today,
  isDone = false,
  bare = false,
}: {
  dueOn: string;
  today: string;
  isDone?: boolean;
  bare?: boolean;
}) {
  const days = daysUntil(dueOn, new Date(`${today}T12:00:00+08:00`));
  const hint = isDone
    ? null
    : days < 0
      ? t("common.overdueDays", { days: -days })
      : days === 0
        ? t("common.dueToday")
        : t("common.daysLeft", { days });
  const tone = isDone ? "" : days < 0 ? "due--overdue" : days <= 3 ? "due--soon" : "";
  return (
    <span className={`due ${tone}`}>
      {bare ? formatDateCn(dueOn) : t("common.dueOn", { date: formatDateCn(dueOn) })}
      {hint ? <strong className="due__hint">{hint}</strong> : null}
    </span>
  );
}
