// /account/password — change one's own password (the current one is required); every other
// signed-in device is signed out.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { changePassword } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { changePasswordSchema, type ChangePasswordInput } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { getSessionUserAndId } from "~/utils/session.server";
import { requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.password.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await getSessionUserAndId(request);
  if (!signedIn) throw redirect("/login?redirectTo=%2Faccount%2Fpassword");
  const parsed = parseForm(changePasswordSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await changePassword(db, signedIn.user, parsed.data, requestMeta(request, context), signedIn.sessionId);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors);
  return redirectWithFlash("/account", t("accounts.password.changed"));
}

export default function ChangePasswordPage() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const P = msgs().accounts.password;
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<ChangePasswordInput>(changePasswordSchema, {
    defaultValues: { currentPassword: "", password: "", confirm: "" },
    serverErrors,
  });
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/account">{msgs().accounts.overview.title}</Link> / {P.title}
      </nav>
      <section className="card card--narrow">
        <h1>{P.title}</h1>
        <ErrorSummary errors={errors} />
        <Form method="post" noValidate onSubmit={onSubmit}>
          <input type="hidden" name="username" autoComplete="username" value={email} />
          <Field id="currentPassword" label={P.current} error={errorFor("currentPassword")} required>
            {(aria) => <input {...aria} type="password" autoComplete="current-password" {...register("currentPassword")} />}
          </Field>
          <Field id="password" label={P.next} hint={msgs().accounts.policy.hint} error={errorFor("password")} required>
            {(aria) => <input {...aria} type="password" autoComplete="new-password" {...register("password")} />}
          </Field>
          <Field id="confirm" label={P.confirm} error={errorFor("confirm")} required>
            {(aria) => <input {...aria} type="password" autoComplete="new-password" {...register("confirm")} />}
          </Field>
          <button type="submit" className="button button--block" disabled={busy}>
            {busy ? P.submitting : P.submit}
          </button>
        </Form>
      </section>
    </>
  );
}
