// /invite/:token — the one-time link of an invitation e-mail: set a password, then signed in.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/forms/new-password-form";
import { requestMeta } from "~/models/auth-event.server";
import { isSecondFactorRequired } from "~/models/auth.server";
import { acceptInvitation, getInvitationByToken } from "~/models/invitation.server";
import { setPasswordSchema } from "~/schemas/roster";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { homePathFor } from "~/utils/permissions.server";
import { createUserSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [
  { title: `${t("roster.accept.title")} · ${t("app.fullName")}` },
  { name: "referrer", content: "no-referrer" },
];

type Page =
  | { state: "valid"; name: string; email: string; institutionName: string }
  | { state: "invalid" | "used" }
  | { state: "expired"; expiresAt: string };

function toPage(found: Awaited<ReturnType<typeof getInvitationByToken>>): Page {
  if (found.state === "valid") return { state: "valid", name: found.name, email: found.email, institutionName: found.institutionName };
  if (found.state === "expired") return { state: "expired", expiresAt: formatDateTime(found.expiresAt) };
  return { state: found.state };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const page = toPage(await getInvitationByToken(db, params.token ?? ""));
  // The page of a dead link is still a page (200), so the person reads what to do next.
  return data({ page }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(setPasswordSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { extra: { page: null } });
  const result = await acceptInvitation(db, params.token ?? "", parsed.data.password);
  if (!result.ok && result.state === "weak") return rejectForm(parsed, result.fieldErrors, { extra: { page: null } });
  if (!result.ok) {
    const page: Page = result.state === "expired" ? { state: "expired", expiresAt: "" } : { state: result.state };
    return data({ fieldErrors: null, page }, { status: 410 });
  }
  const meta = requestMeta(request, context);
  // A role that must sign in with a second factor sets it up first (MFA_REQUIRED_ROLES).
  const isMfaPending = isSecondFactorRequired(result.role);
  const cookie = await createUserSession(result.userId, { ip: meta.ip, userAgent: meta.userAgent }, { isMfaPending });
  throw redirect(isMfaPending ? "/login/two-factor" : homePathFor({ role: result.role }), { headers: { "Set-Cookie": cookie } });
}

function DeadLink({ page }: { page: Exclude<Page, { state: "valid" }> }) {
  const A = msgs().roster.accept;
  const title = page.state === "expired" ? A.expiredTitle : page.state === "used" ? A.usedTitle : A.invalidTitle;
  return (
    <section className="card card--narrow">
      <h1>{title}</h1>
      <p>
        {page.state === "expired"
          ? page.expiresAt
            ? t("roster.accept.expired", { at: page.expiresAt })
            : A.expiredTitle
          : page.state === "used"
            ? A.used
            : A.invalid}
      </p>
      {page.state !== "used" ? <p>{A.askResend}</p> : null}
      <p>
        <Link className="button" to="/login">
          {A.toLogin}
        </Link>
      </p>
    </section>
  );
}

export default function AcceptInvitationPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const page = actionData?.page ?? loaded.page;
  if (page.state !== "valid") return <DeadLink page={page} />;
  const A = msgs().roster.accept;
  return (
    <NewPasswordForm
      schema={setPasswordSchema}
      email={page.email}
      title={A.title}
      intro={t("roster.accept.intro", { name: page.name, email: page.email, institution: page.institutionName })}
      labels={A}
    />
  );
}
