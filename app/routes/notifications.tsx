import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { getInboxPage, markRead, openNotification, setWantsEmail } from "~/models/inbox.server";
import { inboxActionSchema } from "~/schemas/inbox";
import { formatDateTime } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { notFound, requireUser } from "~/utils/permissions.server";
import { safeRedirect } from "~/utils/redirect";

export const meta: MetaFunction = () => [{ title: `${t("inbox.title")} · ${t("app.fullName")}` }];

const pageSchema = z.object({ page: z.coerce.number().int().min(1).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { page } = pageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getInboxPage(db, user.id, { page });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(inboxActionSchema, await request.formData());
  // Every field here is a hidden input, a button or a checkbox: invalid input is a tampered form.
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const input = parsed.data;
  switch (input.intent) {
    case "open": {
      const opened = await openNotification(db, user.id, input.id);
      if (!opened) notFound();
      // Links are written by the app, but only ever follow a same-site path.
      throw redirect(safeRedirect(opened.linkPath, "/notifications"));
    }
    case "read-all": {
      const count = await markRead(db, user.id, "all");
      return redirectWithFlash("/notifications", count ? t("inbox.markedAllRead", { count }) : t("inbox.nothingUnread"));
    }
    case "preferences":
      await setWantsEmail(db, user.id, input.wantsEmail);
      return redirectWithFlash("/notifications", input.wantsEmail ? t("inbox.emailOn") : t("inbox.emailOff"));
  }
}

export default function NotificationsPage() {
  const { list, unread, wantsEmail } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("inbox.title")}</h1>
          <p>{t("inbox.unreadSummary", { total: list.total, unread })}</p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button button--secondary" disabled={busy}>
              {t("inbox.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      <section className="card">
        {list.rows.length === 0 ? (
          <p className="muted">{t("inbox.none")}</p>
        ) : (
          <ul className="notice-list">
            {list.rows.map((n) => {
              const isUnread = !n.readAt;
              return (
                <li
                  key={n.id}
                  className={`notice-row${isUnread ? " notice-row--unread" : ""}${n.isEscalation ? " notice-row--escalation" : ""}`}
                >
                  <div className="notice-row__main">
                    <div className="notice-row__meta">
                      {isUnread ? <span className="badge badge--unread">{t("inbox.unread")}</span> : null}
                      {n.isEscalation ? <span className="badge badge--escalation">{t("inbox.escalation")}</span> : null}
                      <span className="badge">{msgs().inbox.kinds[n.kind]}</span>
                      <time dateTime={new Date(n.createdAt).toISOString()} className="muted">
                        {formatDateTime(n.createdAt)}
                      </time>
                    </div>
                    <h2 className="notice-row__subject">{n.subject}</h2>
                    <p className="notice-row__body">{n.bodyText}</p>
                  </div>
                  <Form method="post" className="notice-row__action">
                    <input type="hidden" name="id" value={n.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="open"
                      className="button button--small"
                      aria-label={`${t("inbox.open")}：${n.subject}`}
                    >
                      {t("inbox.open")}
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        )}
        <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
      </section>
      <section className="card">
        <h2>{t("inbox.preferences")}</h2>
        {/* A checkbox cannot be invalid, so the shared schema runs on the server only. */}
        <Form method="post" key={String(wantsEmail)}>
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="wantsEmail" defaultChecked={wantsEmail} aria-describedby="wantsEmail-hint" />
              {t("inbox.wantsEmail")}
            </label>
            <span className="field__hint" id="wantsEmail-hint">
              {t("inbox.wantsEmailHint")}
            </span>
          </div>
          <button type="submit" name="intent" value="preferences" className="button" disabled={busy}>
            {t("inbox.savePreferences")}
          </button>
        </Form>
      </section>
    </>
  );
}
