import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { listStaffAccounts, resendInvitation } from "~/models/invitation.server";
import { AccountActions, AccountStatusBadge, type ManageAnswer } from "~/components/account-admin";
import { inviteStaffAccount } from "~/models/staff.server";
import { inviteStaffSchema, resendInvitationSchema } from "~/schemas/roster";
import { manageAccountAction } from "~/utils/account-admin.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { enqueue, enqueueInvitations } from "~/utils/queue.server";
import { requireOfficer } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("staff.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireOfficer(request);
  return { staff: await listStaffAccounts(db, scope) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireOfficer(request);
  const form = await request.formData();
  const intent = form.get("intent");
  // Deactivate, reactivate, send a reset link (an officer never types a staff member's password).
  if (intent === "deactivate" || intent === "reactivate" || intent === "send-reset" || intent === "reset-mfa") {
    return manageAccountAction(request, context, scope, form, "/inst/staff");
  }
  if (intent === "invite") {
    const parsed = parseForm(inviteStaffSchema, form);
    if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { form: "invite", extra: { intent } });
    const result = await inviteStaffAccount(db, scope, parsed.data);
    if (!result.ok) return rejectForm(parsed, result.fieldErrors, { form: "invite", extra: { intent } });
    await enqueue(enqueueInvitations, [result.invitationId]);
    return redirectWithFlash("/inst/staff", t("roster.staff.invited", { email: parsed.data.email }));
  }
  if (intent === "resend") {
    const parsed = parseForm(resendInvitationSchema, form);
    if (!parsed.ok) return data({ intent, fieldErrors: { _form: t("errors.badRequest") } as Record<string, string> }, { status: 400 });
    const result = await resendInvitation(db, scope, parsed.data.userId);
    if (!result.ok) return data({ intent, fieldErrors: { _form: result.error } as Record<string, string> }, { status: 400 });
    await enqueue(enqueueInvitations, [result.invitationId]);
    return redirectWithFlash("/inst/staff", t("roster.staff.resent", { email: result.email }));
  }
  return data({ intent: "unknown", fieldErrors: { _form: t("errors.badRequest") } as Record<string, string> }, { status: 400 });
}

function InviteForm({ serverErrors }: { serverErrors: Record<string, string> | null }) {
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorFor, errors, register } = useValidatedForm<{ name: string; email: string }>(inviteStaffSchema, {
    defaultValues: { name: "", email: "" },
    serverErrors,
  });
  const S = msgs().roster.staff;
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="card">
      <h2>{S.invite}</h2>
      <p className="muted">{S.inviteHint}</p>
      <ErrorSummary errors={errors} ids={{ name: "invite-name", email: "invite-email" }} />
      <input type="hidden" name="intent" value="invite" />
      <div className="form-grid form-grid--2">
        <Field id="invite-name" label={t("staff.name")} error={errorFor("name")} required>
          {(aria) => <input {...aria} {...register("name")} />}
        </Field>
        <Field id="invite-email" label={t("staff.email")} error={errorFor("email")} required>
          {(aria) => <input {...aria} type="email" autoComplete="off" {...register("email")} />}
        </Field>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {S.inviteButton}
      </button>
    </Form>
  );
}

export default function StaffPage() {
  const { staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const answer = actionData && "intent" in actionData ? actionData : null;
  const errorsFor = (intent: string) => (answer?.intent === intent ? (answer.fieldErrors ?? null) : null);
  const A = msgs().roster.accounts;
  const resendError = errorsFor("resend")?._form;
  const manageAnswer: ManageAnswer = actionData && "manage" in actionData ? actionData.manage : null;
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p className="muted">{t("staff.intro")}</p>
      <section className="card">
        {resendError ? (
          <div className="form-alert" role="alert">
            {resendError}
          </div>
        ) : null}
        {staff.length === 0 ? (
          <p className="muted">{t("staff.none")}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>{t("staff.name")}</th>
                <th>{t("staff.email")}</th>
                <th>{msgs().roster.staff.state}</th>
                <th>{A.actions}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((u) => (
                <tr key={u.id}>
                  <td className="cell-main" data-label={t("staff.name")}>
                    {u.name}
                  </td>
                  <td className="break-anywhere" data-label={t("staff.email")}>
                    {u.email}
                  </td>
                  <td data-label={msgs().roster.staff.state}>
                    {u.isActive ? (
                      <span className={`badge roster-account--${u.state}`}>{A.states[u.state]}</span>
                    ) : (
                      <AccountStatusBadge account={u} />
                    )}
                    {u.state === "invited" && u.expiresAt ? (
                      <div className="muted">{`${A.expires} ${formatDateTime(u.expiresAt)}`}</div>
                    ) : null}
                  </td>
                  <td data-label={A.actions}>
                    {u.state !== "active" && u.isActive ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="userId" value={u.id} />
                        <button type="submit" className="button button--secondary button--small" disabled={busy}>
                          {msgs().roster.staff.resend}
                        </button>
                      </Form>
                    ) : null}
                    <AccountActions account={{ ...u, role: "staff", unit: "" }} answer={manageAnswer} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <InviteForm serverErrors={errorsFor("invite")} />
    </>
  );
}
