import { Link } from "@remix-run/react";
import { formatDateTime } from "~/utils/dates";
import { t } from "~/utils/i18n";

export type MailHealthView = {
  undeliveredCount: number;
  retryingCount: number;
  nextRetryAt: string | Date | null;
  lastError: string | null;
  lastFailureAt: string | Date | null;
  isFailing: boolean;
};

/** Tells the admin, on the admin pages, while mail is failing (docs/decisions/015). */
export function MailHealthBanner({ health, showLink = true }: { health: MailHealthView; showLink?: boolean }) {
  if (!health.isFailing) return null;
  const notRetrying = health.undeliveredCount - health.retryingCount;
  return (
    <div className="notice" role="alert" aria-labelledby="mail-health-title">
      <strong id="mail-health-title">{t("operations.mailHealth.title")}</strong>
      <p>{t("operations.mailHealth.failing", { count: health.undeliveredCount })}</p>
      {health.retryingCount > 0 ? (
        <p>
          {t("operations.mailHealth.retrying", {
            count: health.retryingCount,
            next: health.nextRetryAt ? formatDateTime(health.nextRetryAt) : t("operations.mailHealth.soon"),
          })}
        </p>
      ) : null}
      {notRetrying > 0 ? <p>{t("operations.mailHealth.notRetrying", { count: notRetrying })}</p> : null}
      {health.lastError ? (
        <p className="break-anywhere">
          {t("operations.mailHealth.lastError", { at: formatDateTime(health.lastFailureAt), error: health.lastError })}
        </p>
      ) : null}
      <p>{t("operations.mailHealth.hint")}</p>
      {showLink ? <Link to="/admin/queues#email-problems">{t("operations.mailHealth.link")}</Link> : null}
    </div>
  );
}
