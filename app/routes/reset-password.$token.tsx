// /reset-password/:token — the one-time link of a reset e-mail (30 minutes): set a new password.
// Every session of the account ends; the person then signs in (with the second factor, if any).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/forms/new-password-form";
import { getResetLink, resetPasswordWithLink } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { setNewPasswordSchema } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";

export const meta: MetaFunction = () => [
  { title: `${t("accounts.reset.title")} · ${t("app.fullName")}` },
  { name: "referrer", content: "no-referrer" },
];

type Page = { state: "valid"; name: string; email: string } | { state: "invalid" | "used" } | { state: "expired"; expiresAt: string };

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getResetLink(db, params.token ?? "");
  const page: Page =
    found.state === "valid"
      ? { state: "valid", name: found.name, email: found.email }
      : found.state === "expired"
        ? { state: "expired", expiresAt: formatDateTime(found.expiresAt) }
        : { state: found.state };
  return data({ page }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(setNewPasswordSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { extra: { page: null } });
  const result = await resetPasswordWithLink(db, params.token ?? "", parsed.data.password, requestMeta(request, context));
  if (!result.ok) {
    if (result.state === "weak") return rejectForm(parsed, result.fieldErrors, { extra: { page: null } });
    const page: Page = result.state === "expired" ? { state: "expired", expiresAt: "" } : { state: result.state };
    return data({ fieldErrors: null, page }, { status: 410 });
  }
  return redirectWithFlash("/login", t("accounts.reset.done"));
}

function DeadLink({ page }: { page: Exclude<Page, { state: "valid" }> }) {
  const R = msgs().accounts.reset;
  const title = page.state === "expired" ? R.expiredTitle : page.state === "used" ? R.usedTitle : R.invalidTitle;
  const text =
    page.state === "expired"
      ? page.expiresAt
        ? t("accounts.reset.expired", { at: page.expiresAt })
        : R.expiredTitle
      : page.state === "used"
        ? R.used
        : R.invalid;
  return (
    <section className="card card--narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link className="button" to="/forgot-password">
          {R.again}
        </Link>
      </p>
    </section>
  );
}

export default function ResetPasswordPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const page = actionData?.page ?? loaded.page;
  if (page.state !== "valid") return <DeadLink page={page} />;
  const R = msgs().accounts.reset;
  return (
    <NewPasswordForm
      schema={setNewPasswordSchema}
      email={page.email}
      title={R.title}
      intro={t("accounts.reset.intro", { name: page.name, email: page.email })}
      labels={R}
    />
  );
}
