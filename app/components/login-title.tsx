import type { ReactNode } from "react";
import { t } from "~/utils/i18n";

/** The heading of the signed-out pages (sign-in, second factor, forgotten or new password). */
export function LoginTitle({ title, intro }: { title: string; intro: ReactNode }) {
  return (
    <div className="login-title">
      <span className="brand__mark" aria-hidden="true">
        {t("app.mark")}
      </span>
      <h1>{title}</h1>
      <p className="muted">{intro}</p>
    </div>
  );
}
