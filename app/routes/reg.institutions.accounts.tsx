// /reg/institutions/accounts — which institutions' officers have opened their accounts; re-send invitations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { listOfficerAccounts, resendInvitation } from "~/models/invitation.server";
import { ACCOUNT_STATE_VALUES, accountsFilterSchema, resendInvitationSchema } from "~/schemas/roster";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { enqueue, enqueueInvitations } from "~/utils/queue.server";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("roster.accounts.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = accountsFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { list: await listOfficerAccounts(db, scope, { state: filter.state, q: filter.q || undefined, page: filter.page }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(resendInvitationSchema, await request.formData());
  if (!parsed.ok) return data({ error: t("errors.badRequest") }, { status: 400 });
  const result = await resendInvitation(db, scope, parsed.data.userId);
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  await enqueue(enqueueInvitations, [result.invitationId]);
  const url = new URL(request.url);
  return redirectWithFlash(`/reg/institutions/accounts${url.search}`, t("roster.accounts.resent", { email: result.email }));
}

export default function AccountsPage() {
  const { list } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const A = msgs().roster.accounts;
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("page");
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/institutions">{t("institutions.title")}</Link> / {A.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{A.title}</h1>
          <p>{A.intro}</p>
        </div>
        <a className="button button--secondary" href={`/reg/institutions/accounts.xlsx?${exportParams.toString()}`} download>
          {A.export}
        </a>
      </div>
      {actionData?.error ? (
        <div className="form-alert" role="alert">
          {actionData.error}
        </div>
      ) : null}
      <section className="card">
        <FilterBar>
          <div className="field">
            <label className="field__label" htmlFor="f-q">
              {t("institutions.search")}
            </label>
            <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} />
          </div>
          <FilterSelect name="state" label={A.filterState}>
            {ACCOUNT_STATE_VALUES.map((s) => (
              <option key={s} value={s}>
                {A.states[s]}
              </option>
            ))}
          </FilterSelect>
        </FilterBar>
        {list.rows.length === 0 ? (
          <p className="muted">{A.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{A.institution}</th>
                  <th>{A.officer}</th>
                  <th>{A.email}</th>
                  <th>{A.state}</th>
                  <th>{A.lastSent}</th>
                  <th>{A.actions}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="cell-main" data-label={A.institution}>
                      {row.institutionName}
                      <div className="muted">{row.regionName}</div>
                    </td>
                    <td data-label={A.officer}>{row.name}</td>
                    <td className="break-anywhere" data-label={A.email}>
                      {row.email}
                    </td>
                    <td data-label={A.state}>
                      <span className={`badge roster-account--${row.state}`}>{A.states[row.state]}</span>
                    </td>
                    <td data-label={A.lastSent}>
                      {row.sentAt ? formatDateTime(row.sentAt) : "—"}
                      {row.expiresAt && row.state === "invited" ? (
                        <div className="muted">{`${A.expires} ${formatDateTime(row.expiresAt)}`}</div>
                      ) : null}
                    </td>
                    <td data-label={A.actions}>
                      {row.state !== "active" ? (
                        <Form method="post">
                          <input type="hidden" name="userId" value={row.id} />
                          <button type="submit" className="button button--secondary button--small" disabled={busy}>
                            {A.resend}
                          </button>
                        </Form>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
      </section>
    </>
  );
}
