// /account/two-factor — set up the authenticator, make new recovery codes, or (for roles that
// do not require it) turn the second factor off.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { EnrolmentPanel, RecoveryCodes } from "~/components/two-factor";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { confirmPasswordSchema, totpCodeSchema, type ConfirmPasswordInput } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import type { FormValues } from "~/utils/forms";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.twoFactor.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const status = await getTwoFactorStatus(db, user);
  const enrolment = status.isEnrolled ? null : await startTotpEnrolment(db, user);
  return data({ status, enrolment }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const meta = requestMeta(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  // Refusals in the form kit's shape, to the form of this intent; the codes only on success.
  const refuse = (submission: { values: FormValues }, fieldErrors: Record<string, string | undefined>) =>
    rejectForm(submission, fieldErrors, { form: intent, headers: { "Cache-Control": "no-store" }, extra: { intent, recoveryCodes: null } });
  const codes = (recoveryCodes: string[]) =>
    data({ intent, fieldErrors: null, recoveryCodes }, { headers: { "Cache-Control": "no-store" } });
  if (intent === "enrol") {
    const parsed = parseForm(totpCodeSchema, form);
    if (!parsed.ok) return refuse(parsed, parsed.fieldErrors);
    const result = await confirmTotpEnrolment(db, user, parsed.data.code, meta);
    return result.ok ? codes(result.recoveryCodes) : refuse(parsed, result.fieldErrors);
  }
  const parsed = parseForm(confirmPasswordSchema, form);
  if (!parsed.ok) return refuse(parsed, parsed.fieldErrors);
  if (intent === "regenerate") {
    const result = await regenerateRecoveryCodes(db, user, parsed.data.password, meta);
    return result.ok ? codes(result.recoveryCodes) : refuse(parsed, result.fieldErrors);
  }
  if (intent === "disable") {
    const result = await disableTwoFactor(db, user, parsed.data.password, meta);
    if (!result.ok) return refuse(parsed, result.fieldErrors);
    return redirectWithFlash("/account", t("accounts.twoFactor.disabledDone"));
  }
  return refuse(parsed, { _form: t("errors.badRequest") });
}

function PasswordConfirmForm({ intent, title, hint, button }: { intent: string; title: string; hint: string; button: string }) {
  const { onSubmit, errorFor, errors, register, busy } = useValidatedForm<ConfirmPasswordInput>(confirmPasswordSchema, {
    formId: intent,
    defaultValues: { password: "" },
  });
  const passwordId = `${intent}-password`;
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="card">
      <h2>{title}</h2>
      <p className="muted">{hint}</p>
      <ErrorSummary errors={errors} ids={{ password: passwordId }} />
      <input type="hidden" name="intent" value={intent} />
      <Field id={passwordId} label={msgs().accounts.twoFactor.password} error={errorFor("password")} required>
        {(aria) => <input {...aria} type="password" autoComplete="current-password" {...register("password")} />}
      </Field>
      <button type="submit" className="button button--secondary" disabled={busy}>
        {button}
      </button>
    </Form>
  );
}

export default function TwoFactorPage() {
  const { status, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const T = msgs().accounts.twoFactor;
  if (actionData?.recoveryCodes) {
    return (
      <>
        {actionData.intent === "enrol" ? (
          <p className="form-notice" role="status">
            {T.enrolled}
          </p>
        ) : null}
        <RecoveryCodes codes={actionData.recoveryCodes} continueTo="/account" />
      </>
    );
  }
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/account">{msgs().accounts.overview.title}</Link> / {T.title}
      </nav>
      <h1>{T.title}</h1>
      <p className="muted">{T.intro}</p>
      <p>{status.isRequired ? T.required : T.optional}</p>
      {enrolment ? (
        <section className="card">
          <h2>{T.enrolTitle}</h2>
          <EnrolmentPanel enrolment={enrolment} formId="enrol" hidden={{ intent: "enrol" }} />
        </section>
      ) : (
        <>
          <section className="card">
            <p>
              <span className="badge badge--ok">{T.enabled}</span>{" "}
              {status.enrolledAt ? t("accounts.twoFactor.enabledSince", { at: formatDateTime(status.enrolledAt) }) : null}
            </p>
            <p className="muted">{t("accounts.twoFactor.codesLeft", { count: status.recoveryCodesLeft })}</p>
          </section>
          <div className="grid grid--2">
            <PasswordConfirmForm intent="regenerate" title={T.regenerate} hint={T.regenerateHint} button={T.regenerate} />
            {status.isRequired ? null : <PasswordConfirmForm intent="disable" title={T.disable} hint={T.disableHint} button={T.disable} />}
          </div>
        </>
      )}
    </>
  );
}
