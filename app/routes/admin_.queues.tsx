// /admin/queues — the trailing "_" keeps this page out of admin.tsx, which is a page, not a layout.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { MailHealthBanner } from "~/components/mail-health-banner";
import { DataTable } from "~/components/data-table";
import { emailProblemsTable, failedJobsTable } from "~/lists/admin";
import { getQueuesPage, retryEmail, STALE_SENDING_MINUTES, type JobCountType } from "~/models/inbox.server";
import { retryAllFailedEmails } from "~/models/mail-outage.server";
import { adminQueuesActionSchema } from "~/schemas/inbox";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireAdmin } from "~/utils/permissions.server";
import { getQueues } from "~/utils/queue.server";

export const meta: MetaFunction = () => [{ title: `${t("inbox.queues.title")} · ${t("app.fullName")}` }];

const pageSchema = z.object({ page: z.coerce.number().int().min(1).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { page } = pageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { emailProblems, queues, mailHealth } = await getQueuesPage(db, getQueues(), { page });
  return { emailProblems, queues, mailHealth, staleMinutes: STALE_SENDING_MINUTES };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const parsed = parseForm(adminQueuesActionSchema, await request.formData());
  // The forms are hidden fields and buttons: invalid input is a tampered form.
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const backTo = `/admin/queues${new URL(request.url).search}`;
  if (parsed.data.intent === "retry-all") {
    const all = await retryAllFailedEmails(db, getQueues(), admin.id, { staleMinutes: STALE_SENDING_MINUTES });
    if (!all.ok) return redirectWithFlash(backTo, t("inbox.queues.queueUnavailable"));
    if (all.notices + all.invitations === 0) return redirectWithFlash(backTo, t("operations.retryAll.nothing"));
    return redirectWithFlash(
      backTo,
      t(all.isQueued ? "operations.retryAll.done" : "operations.retryAll.doneNotQueued", {
        notices: all.notices,
        invitations: all.invitations,
      }),
    );
  }
  const result = await retryEmail(db, getQueues(), parsed.data.notificationId, admin.id);
  if (!result.ok) {
    return redirectWithFlash(
      backTo,
      result.reason === "queue-unavailable" ? t("inbox.queues.queueUnavailable") : t("inbox.queues.retryNotFound"),
    );
  }
  return redirectWithFlash(backTo, result.isQueued ? t("inbox.queues.retried") : t("inbox.queues.retriedNotQueued"));
}

export default function AdminQueuesPage() {
  const { emailProblems, queues, mailHealth, staleMinutes } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const q = msgs().inbox.queues;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="breadcrumbs">
            <Link to="/admin">{t("admin.title")}</Link>
          </p>
          <h1>{t("inbox.queues.title")}</h1>
          <p>{t("inbox.queues.intro")}</p>
        </div>
      </div>

      <MailHealthBanner health={mailHealth} showLink={false} />

      {queues === null ? (
        <div className="notice" role="alert">
          {t("inbox.queues.unavailable")}
        </div>
      ) : (
        <div className="grid grid--2">
          {queues.map((queue) => (
            <section className="card" key={queue.name} aria-labelledby={`queue-${queue.name}`}>
              <h2 id={`queue-${queue.name}`}>{queue.name === "onboarding" ? t("roster.queueName") : q.names[queue.name]}</h2>
              <dl className="stats queue-stats">
                {/* Keys in the model's order; its constants are not in the browser bundle (*.server). */}
                {(Object.keys(queue.counts) as JobCountType[]).map((type) => (
                  <div key={type} className={`stat${type === "failed" && queue.counts.failed > 0 ? " stat--alert" : ""}`}>
                    <dt className="stat__label">{q.counts[type]}</dt>
                    <dd className="stat__value">{queue.counts[type]}</dd>
                  </div>
                ))}
              </dl>
              <h3>{t("inbox.queues.recentFailed")}</h3>
              <DataTable list={failedJobsTable} page={{ rows: queue.failedJobs }} label={t("inbox.queues.recentFailed")} />
            </section>
          ))}
        </div>
      )}

      <section className="card" aria-labelledby="email-problems">
        <div className="page-head">
          <h2 id="email-problems">{t("inbox.queues.emailProblems")}</h2>
          {emailProblems.total > 0 || mailHealth.isFailing ? (
            <Form method="post">
              <button
                type="submit"
                name="intent"
                value="retry-all"
                className="button"
                disabled={busy}
                aria-label={t("operations.retryAll.confirmLabel")}
              >
                {t("operations.retryAll.button")}
              </button>
            </Form>
          ) : null}
        </div>
        <p className="muted">{t("inbox.queues.emailProblemsIntro", { minutes: staleMinutes })}</p>
        <DataTable list={emailProblemsTable} page={emailProblems} label={t("inbox.queues.emailProblems")} />
      </section>
    </>
  );
}
