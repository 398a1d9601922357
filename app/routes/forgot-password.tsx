// /forgot-password — ask for a reset link by e-mail. The answer never says whether the e-mail
// has an account.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { requestPasswordReset } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { forgotPasswordSchema, type ForgotPasswordInput } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { enqueue, enqueueInvitations } from "~/utils/queue.server";
import { LoginTitle } from "~/components/login-title";

export const meta: MetaFunction = () => [{ title: `${t("accounts.forgot.title")} · ${t("app.fullName")}` }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(forgotPasswordSchema, form);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { extra: { isSent: false } });
  const result = await requestPasswordReset(db, parsed.data.email, requestMeta(request, context));
  if (!result.ok) {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
    return rejectForm(
      parsed,
      { _form: t("accounts.forgot.throttled", { minutes }) },
      {
        status: 429,
        headers: { "Retry-After": String(result.retryAfterSeconds) },
        extra: { isSent: false },
      },
    );
  }
  // The worker sends the e-mail through the exactly-once invitation path (token made at send time).
  if (result.invitationId) await enqueue(enqueueInvitations, [result.invitationId]);
  return data({ fieldErrors: null, email: parsed.values.email, isSent: true });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const F = msgs().accounts.forgot;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<ForgotPasswordInput>(forgotPasswordSchema, {
    defaultValues: { email: "" },
  });
  return (
    <section className="card card--narrow">
      <LoginTitle title={F.title} intro={F.intro} />
      {actionData?.isSent ? (
        <p className="form-notice" role="status">
          {F.sent}
        </p>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form method="post" noValidate onSubmit={onSubmit}>
            <Field id="email" label={F.email} error={errorFor("email")} required>
              {(aria) => <input {...aria} type="email" autoComplete="username" inputMode="email" {...register("email")} />}
            </Field>
            <button type="submit" className="button button--block" disabled={busy}>
              {busy ? F.submitting : F.submit}
            </button>
          </Form>
        </>
      )}
      <p className="login-links">
        <Link to="/login">{F.back}</Link>
      </p>
    </section>
  );
}
