import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { requestMeta } from "~/models/auth-event.server";
import { authenticate } from "~/models/auth.server";
import { loginSchema, type LoginInput } from "~/schemas/auth";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { homePathFor } from "~/utils/permissions.server";
import { safeRedirect } from "~/utils/redirect";
import { createUserSession, getSessionUser } from "~/utils/session.server";
import { LoginTitle } from "~/components/login-title";

export const meta: MetaFunction = () => [{ title: `${t("auth.signInTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(homePathFor(user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(loginSchema, form);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const meta = requestMeta(request, context);
  const result = await authenticate(db, { email: parsed.data.email, password: parsed.data.password }, meta);
  if (!result.ok) {
    const isThrottled = result.reason === "throttled";
    const message = isThrottled ? t("auth.throttled", { seconds: result.retryAfterSeconds }) : t("auth.invalidCredentials");
    return rejectForm(
      parsed,
      { _form: message },
      { status: isThrottled ? 429 : 400, headers: isThrottled ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
    );
  }
  const to = safeRedirect(parsed.data.redirectTo, homePathFor({ role: result.role }), env.APP_URL);
  const origin = { ip: meta.ip, userAgent: meta.userAgent };
  if (result.secondFactor !== "none") {
    // The password was right; the session opens only the second-factor page until the code is given.
    const cookie = await createUserSession(result.userId, origin, { isMfaPending: true });
    throw redirect(`/login/two-factor?redirectTo=${encodeURIComponent(to)}`, { headers: { "Set-Cookie": cookie } });
  }
  const cookie = await createUserSession(result.userId, origin);
  throw redirect(to, { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<LoginInput>(loginSchema, {
    defaultValues: { email: "", password: "" },
    serverErrors,
  });
  return (
    <section className="card card--narrow">
      <LoginTitle title={t("app.fullName")} intro={t("app.tagline")} />
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field id="email" label={t("auth.email")} error={errorFor("email")} required>
          {(aria) => <input {...aria} type="email" autoComplete="username" inputMode="email" {...register("email")} />}
        </Field>
        <Field id="password" label={t("auth.password")} error={errorFor("password")} required>
          {(aria) => <input {...aria} type="password" autoComplete="current-password" {...register("password")} />}
        </Field>
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? t("auth.signingIn") : t("auth.signIn")}
        </button>
      </Form>
      <p className="login-links">
        <Link to="/forgot-password">{t("accounts.login.forgot")}</Link>
      </p>
    </section>
  );
}
