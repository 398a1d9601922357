// /account — one's own account: password, two-factor sign-in, signed-in devices.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getTwoFactorStatus } from "~/models/account.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.overview.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, email: user.email, role: user.role }, status: await getTwoFactorStatus(db, user) };
}

export default function AccountPage() {
  const { user, status } = useLoaderData<typeof loader>();
  const A = msgs().accounts;
  return (
    <>
      <h1>{A.overview.title}</h1>
      <p className="muted">{A.overview.intro}</p>
      <div className="grid grid--2">
        <section className="card">
          <h2>{A.overview.profile}</h2>
          <dl className="facts">
            <dt>{t("auth.email")}</dt>
            <dd className="break-anywhere">{user.email}</dd>
            <dt>{A.overview.role}</dt>
            <dd>{msgs().roles[user.role]}</dd>
            <dt>{A.overview.passwordChanged}</dt>
            <dd>{status.passwordChangedAt ? formatDateTime(status.passwordChangedAt) : A.overview.never}</dd>
          </dl>
          <p>
            <Link className="button button--secondary" to="/account/password">
              {A.password.title}
            </Link>
          </p>
        </section>
        <section className="card">
          <h2>{A.twoFactor.title}</h2>
          <p>
            <span className={`badge ${status.isEnrolled ? "badge--ok" : "badge--warn"}`}>
              {status.isEnrolled ? A.twoFactor.enabled : A.twoFactor.disabled}
            </span>{" "}
            {status.enrolledAt ? t("accounts.twoFactor.enabledSince", { at: formatDateTime(status.enrolledAt) }) : null}
          </p>
          {status.isEnrolled ? <p className="muted">{t("accounts.twoFactor.codesLeft", { count: status.recoveryCodesLeft })}</p> : null}
          <p className="muted">{status.isRequired ? A.twoFactor.required : A.twoFactor.optional}</p>
          <p>
            <Link className="button button--secondary" to="/account/two-factor">
              {status.isEnrolled ? A.twoFactor.manage : A.twoFactor.enable}
            </Link>
          </p>
        </section>
        <section className="card">
          <h2>{A.devices.title}</h2>
          <p className="muted">{A.devices.intro}</p>
          <p>
            <Link className="button button--secondary" to="/account/sessions">
              {A.devices.view}
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
