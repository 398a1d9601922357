// /login/two-factor — the second step of signing in: a code from the authenticator (or a
// recovery code), or, for a role that must have a second factor and has none yet, its setup.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { EnrolmentPanel, RecoveryCodes } from "~/components/two-factor";
import { confirmTotpEnrolment, startTotpEnrolment } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { verifySecondFactor } from "~/models/auth.server";
import { secondFactorSchema, totpCodeSchema, type SecondFactorInput } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { homePathFor } from "~/utils/permissions.server";
import { safeRedirect } from "~/utils/redirect";
import { completeSecondFactor, destroyUserSession, getSecondFactorUser, getSessionUser, type SessionUser } from "~/utils/session.server";
import { LoginTitle } from "~/components/login-title";

// After the setup the session is a full one: reloading this page's data would leave it (to
// home) before the recovery codes are read.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { recoveryCodes?: unknown } | undefined)?.recoveryCodes ? false : defaultShouldRevalidate;

export const meta: MetaFunction = () => [{ title: `${t("accounts.secondFactor.title")} · ${t("app.fullName")}` }];

async function requirePending(request: Request): Promise<SessionUser> {
  const user = await getSecondFactorUser(request);
  if (user) return user;
  const signedIn = await getSessionUser(request);
  throw redirect(signedIn ? homePathFor(signedIn) : "/login");
}

function target(request: Request, user: SessionUser, value?: unknown) {
  const from = value ?? new URL(request.url).searchParams.get("redirectTo");
  return safeRedirect(from, homePathFor(user), env.APP_URL);
}

// Without JavaScript the page after the setup is rendered in the same request as the action, whose
// cookie still names the pending session the action just ended: the loader then lets the action's
// recovery codes show instead of leaving the page. Keyed by the request's load context, which the
// action and the loaders of one request share.
const isSetUpInThisRequest = new WeakSet<object>();

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context && isSetUpInThisRequest.has(context)) {
    return data({ enrolment: null, redirectTo: "" }, { headers: { "Cache-Control": "no-store" } });
  }
  const user = await requirePending(request);
  // No confirmed authenticator yet: this role must set one up now (MFA_REQUIRED_ROLES).
  const enrolment = await startTotpEnrolment(db, user);
  return data({ enrolment, redirectTo: target(request, user) }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "cancel") {
    throw redirect("/login", { headers: { "Set-Cookie": await destroyUserSession(request) } });
  }
  const user = await requirePending(request);
  const meta = requestMeta(request, context);
  const origin = { ip: meta.ip, userAgent: meta.userAgent };
  // A refused code is answered in the form kit's shape; the code itself is never sent back.
  const none = { recoveryCodes: null, continueTo: null };
  if (form.get("intent") === "enrol") {
    const parsed = parseForm(totpCodeSchema, form);
    if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { form: "enrol", extra: none });
    const result = await confirmTotpEnrolment(db, user, parsed.data.code, meta, { isSignIn: true });
    if (!result.ok) return rejectForm(parsed, result.fieldErrors, { form: "enrol", extra: none });
    const cookie = await completeSecondFactor(request, user.id, origin);
    if (context) isSetUpInThisRequest.add(context);
    // The codes are shown on this answer only; the person goes on from there.
    return data(
      { fieldErrors: null, recoveryCodes: result.recoveryCodes, continueTo: target(request, user, form.get("redirectTo")) },
      { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } },
    );
  }
  const parsed = parseForm(secondFactorSchema, form);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { form: "code", extra: none });
  const result = await verifySecondFactor(db, { userId: user.id, code: parsed.data.code }, meta);
  if (!result.ok) {
    const isThrottled = result.reason === "throttled";
    const message = isThrottled ? t("auth.throttled", { seconds: result.retryAfterSeconds }) : t("accounts.secondFactor.wrong");
    return rejectForm(
      parsed,
      { code: message },
      {
        form: "code",
        status: isThrottled ? 429 : 400,
        headers: isThrottled ? { "Retry-After": String(result.retryAfterSeconds) } : undefined,
        extra: none,
      },
    );
  }
  const cookie = await completeSecondFactor(request, user.id, origin);
  const to = target(request, user, parsed.data.redirectTo);
  if (result.method === "recovery_code") {
    throw await redirectWithFlash(to, t("accounts.secondFactor.recoveryUsed", { count: result.recoveryCodesLeft ?? 0 }), {
      headers: { "Set-Cookie": cookie },
    });
  }
  throw redirect(to, { headers: { "Set-Cookie": cookie } });
}

function CodeForm({ redirectTo }: { redirectTo: string }) {
  const S = msgs().accounts.secondFactor;
  const { onSubmit, errorFor, errors, register, busy } = useValidatedForm<SecondFactorInput>(secondFactorSchema, {
    formId: "code",
    defaultValues: { code: "", redirectTo },
  });
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" {...register("redirectTo")} />
        <Field id="code" label={S.code} error={errorFor("code")} required>
          {(aria) => (
            <input {...aria} autoComplete="one-time-code" autoCapitalize="off" spellCheck={false} maxLength={40} {...register("code")} />
          )}
        </Field>
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? S.submitting : S.submit}
        </button>
      </Form>
    </>
  );
}

export default function SecondFactorPage() {
  const { enrolment, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const S = msgs().accounts.secondFactor;
  if (actionData?.recoveryCodes && actionData.continueTo)
    return <RecoveryCodes codes={actionData.recoveryCodes} continueTo={actionData.continueTo} />;
  return (
    <section className="card card--narrow">
      <LoginTitle title={enrolment ? msgs().accounts.twoFactor.enrolTitle : S.title} intro={enrolment ? S.enrolIntro : S.intro} />
      {enrolment ? (
        <EnrolmentPanel enrolment={enrolment} formId="enrol" hidden={{ intent: "enrol", redirectTo }} />
      ) : (
        <CodeForm redirectTo={redirectTo} />
      )}
      <Form method="post" className="login-links">
        <input type="hidden" name="intent" value="cancel" />
        <button type="submit" className="button button--ghost button--small">
          {S.cancel}
        </button>
      </Form>
    </section>
  );
}
