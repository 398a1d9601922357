// /account/sessions — the browsers signed in to this account; sign out one, or all others.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { devicesTable } from "~/lists/devices";
import { listDevices, signOutDevices } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { deviceActionSchema } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { getSessionUserAndId } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.devices.title")} · ${t("app.fullName")}` }];

async function requireSignedIn(request: Request) {
  const signedIn = await getSessionUserAndId(request);
  if (!signedIn) throw redirect(`/login?redirectTo=${encodeURIComponent("/account/sessions")}`);
  return signedIn;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireSignedIn(request);
  return { devices: await listDevices(db, user.id, sessionId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSignedIn(request);
  const parsed = parseForm(deviceActionSchema, await request.formData());
  if (!parsed.ok) return data({ error: t("errors.badRequest") }, { status: 400 });
  const result = await signOutDevices(db, user, sessionId, parsed.data, requestMeta(request, context));
  if (!result.ok) return data({ error: t("accounts.devices.gone") }, { status: 404 });
  const message =
    parsed.data.intent === "others" ? t("accounts.devices.othersSignedOut", { count: result.count }) : t("accounts.devices.signedOut");
  return redirectWithFlash("/account/sessions", message);
}

export default function DevicesPage() {
  const { devices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const D = msgs().accounts.devices;
  const others = devices.filter((d) => !d.isCurrent).length;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/account">{msgs().accounts.overview.title}</Link> / {D.title}
      </nav>
      <h1>{D.title}</h1>
      <p className="muted">{D.intro}</p>
      {actionData?.error ? (
        <div className="form-alert" role="alert">
          {actionData.error}
        </div>
      ) : null}
      <section className="card">
        <DataTable list={devicesTable} page={{ rows: devices }} label={D.title} />
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="others" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {D.signOutOthers}
            </button>
          </Form>
        ) : (
          <p className="muted">{D.none}</p>
        )}
      </section>
    </>
  );
}
