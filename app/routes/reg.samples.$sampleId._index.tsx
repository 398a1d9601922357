import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { sampleEntriesTable } from "~/lists/sample-entries";
import { getSample, verifySample } from "~/models/sample.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { forbidden, requireRegulator } from "~/utils/permissions.server";
import type { Tier } from "~/domain/risk";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.sample.title ?? ""} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getSample(db, scope, params.sampleId!);
}

/** "Verify": re-run the draw on the stored seed and inputs; nothing is written. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  if (form.get("intent") !== "verify") forbidden();
  return { verification: await verifySample(db, scope, params.sampleId!) };
}

export default function SamplePage() {
  const { sample: s, entries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const M = msgs().riskPages.sample;
  const v = actionData?.verification;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/samples">{M.listTitle}</Link> / {s.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{s.title}</h1>
          <p>{t("riskPages.sample.summary", { candidates: s.candidateCount, size: s.sampleSize })}</p>
        </div>
        <a className="button button--secondary" href={`/reg/samples/${s.id}/export`}>
          {M.export}
        </a>
      </div>
      <section className="card">
        <dl className="facts">
          <dt>{M.region}</dt>
          <dd>{s.regionName}</dd>
          <dt>{M.period}</dt>
          <dd>
            {formatDateCn(s.periodStart)} — {formatDateCn(s.periodEnd)}
          </dd>
          <dt>{M.ratio}</dt>
          <dd>{s.ratioBp / 100}%</dd>
          <dt>{M.tierCounts}</dt>
          <dd>{(["A", "B", "C", "D"] as Tier[]).map((tier) => `${tier} ${s.tierCounts[tier] ?? 0}`).join(" · ")}</dd>
          <dt>{M.inspectors}</dt>
          <dd>
            {s.inspectorsPerInstitution > 0 ? t("riskPages.sample.inspectorsDrawn", { n: s.inspectorsPerInstitution }) : M.inspectorsNone}
          </dd>
          <dt>{M.seed}</dt>
          <dd>
            <code className="break-anywhere" data-testid="sample-seed">
              {s.seed}
            </code>
          </dd>
          <dt>{M.inputDigest}</dt>
          <dd>
            <code className="break-anywhere">{s.inputDigest}</code>
          </dd>
          <dt>{M.drawnAt}</dt>
          <dd>
            {formatDateTime(s.createdAt)} · {s.createdByName}
          </dd>
        </dl>
        <p className="muted">{M.method}</p>
        <Form method="post" className="actions">
          <button
            type="submit"
            name="intent"
            value="verify"
            className="button button--secondary"
            disabled={navigation.state === "submitting"}
          >
            {M.verify}
          </button>
          <span className="muted">{M.verifyIntro}</span>
        </Form>
        {v ? (
          <div className={v.matches ? "flash risk-verify" : "form-alert"} role="status">
            {v.matches ? t("riskPages.sample.verifyOk", { size: v.size }) : M.verifyFailed}
          </div>
        ) : null}
      </section>
      <section className="card">
        <DataTable list={sampleEntriesTable} page={{ rows: entries.map((e) => ({ ...e, sampleId: s.id })) }} label={s.title} />
      </section>
    </>
  );
}
