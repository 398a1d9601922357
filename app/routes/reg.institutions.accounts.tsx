// /reg/institutions/accounts — which institutions' officers have opened their accounts; re-send invitations.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect } from "~/components/filter-bar";
import { officerAccountsList } from "~/lists/officer-accounts";
import { listOfficerAccounts, resendInvitation } from "~/models/invitation.server";
import { ACCOUNT_STATE_VALUES, resendInvitationSchema } from "~/schemas/roster";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { enqueue, enqueueInvitations } from "~/utils/queue.server";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("roster.accounts.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return { list: await listOfficerAccounts(db, scope, officerAccountsList.parse(request)) };
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
          <FilterInput name="q" label={t("institutions.search")} />
          <FilterSelect name="state" label={A.filterState}>
            {ACCOUNT_STATE_VALUES.map((s) => (
              <option key={s} value={s}>
                {A.states[s]}
              </option>
            ))}
          </FilterSelect>
        </FilterBar>
        <DataTable list={officerAccountsList} page={list} label={A.title} />
      </section>
    </>
  );
}
