// /account/sessions — the browsers signed in to this account; sign out one, or all others.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { listDevices, signOutDevices } from "~/models/account.server";
import { requestMeta } from "~/models/auth-event.server";
import { deviceActionSchema } from "~/schemas/account";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { describeUserAgent } from "~/utils/user-agent";
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
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{D.device}</th>
                <th>{D.ip}</th>
                <th>{D.signedInAt}</th>
                <th>{D.endsAt}</th>
                <th>{msgs().accounts.manage.actions}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.handle}>
                  <td className="cell-main" data-label={D.device}>
                    {describeUserAgent(d.userAgent) ?? D.unknown}
                    {d.isCurrent ? (
                      <>
                        {" "}
                        <span className="badge badge--ok">{D.current}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label={D.ip}>{d.ip ?? "—"}</td>
                  <td data-label={D.signedInAt}>{formatDateTime(d.createdAt)}</td>
                  <td data-label={D.endsAt}>{formatDateTime(d.endsAt)}</td>
                  <td data-label={msgs().accounts.manage.actions}>
                    {d.isCurrent ? (
                      "—"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="one" />
                        <input type="hidden" name="device" value={d.handle} />
                        <button type="submit" className="button button--secondary button--small" disabled={busy}>
                          {D.signOut}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
