import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addMonths, format, parseISO } from "date-fns";
import { DataTable } from "~/components/data-table";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { InspectionHistory } from "~/components/inspection-history";
import { TierBadge } from "~/components/risk-tier";
import { riskHistoryTable, selfChecksTable } from "~/lists/institution-detail";
import { getInstitutionPage } from "~/models/inspection.server";
import { createRiskOverride, revokeRiskOverride } from "~/models/risk.server";
import { overrideSchema, TIER_VALUES, type OverrideInput } from "~/schemas/risk";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { forbidden, requireRegulator } from "~/utils/permissions.server";
import { RISK_RULES } from "~/domain/risk";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.institution.name ?? ""} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const profile = await getInstitutionPage(db, scope, params.institutionId!);
  return {
    ...profile,
    overrideDefaults: {
      tier: profile.card.tier,
      reason: "",
      expiresOn: format(addMonths(parseISO(profile.today), 6), "yyyy-MM-dd"),
    } satisfies OverrideInput,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const path = `/reg/institutions/${params.institutionId}`;
  if (intent === "override") {
    const parsed = parseForm(overrideSchema, form);
    if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
    const result = await createRiskOverride(db, scope, params.institutionId!, parsed.data);
    if (!result.ok) return rejectForm(parsed, result.fieldErrors);
    return redirectWithFlash(path, t("riskPages.institution.overrideSaved"));
  }
  if (intent === "revoke") {
    await revokeRiskOverride(db, scope, params.institutionId!, String(form.get("overrideId") ?? ""));
    return redirectWithFlash(path, t("riskPages.institution.overrideRevoked"));
  }
  forbidden();
}

export default function RegulatorInstitutionPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const M = msgs().riskPages.institution;
  const i = d.institution;
  const c = d.card;
  const isDue = c.nextInspectionDueOn <= d.today;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/institutions">{t("nav.institutions")}</Link> / {i.name}
      </nav>
      <div className="page-head">
        <div>
          <h1>{i.name}</h1>
          <p>
            {i.regionName} · {msgs().kinds[i.kind]} · {i.nhsaCode}
          </p>
        </div>
        <span className="risk-head-tier">
          <TierBadge tier={c.effective.tier} label={msgs().risk.tier[c.effective.tier]} />
          {c.isKeySupervisionTarget ? <span className="risk-key">{M.keySupervision}</span> : null}
        </span>
      </div>

      <div className="risk-grid">
        <section className="card risk-card" aria-labelledby="tier-title">
          <div className="card__head">
            <h2 id="tier-title">{M.tierTitle}</h2>
            <span className="muted">
              {c.computedAt ? t("riskPages.institution.computedAt", { at: formatDateTime(c.computedAt) }) : M.notStored}
            </span>
          </div>
          <dl className="facts">
            <dt>{M.effective}</dt>
            <dd>
              <TierBadge tier={c.effective.tier} /> {msgs().risk.tier[c.effective.tier]}（{msgs().risk.source[c.effective.source]}）
            </dd>
            <dt>{M.computed}</dt>
            <dd>
              <TierBadge tier={c.tier} /> {t("riskPages.institution.score", { score: c.score })}
            </dd>
            <dt>{M.lastInspected}</dt>
            <dd>{c.lastInspectedOn ? formatDateCn(c.lastInspectedOn) : M.neverInspected}</dd>
            <dt>{M.nextDue}</dt>
            <dd>
              <strong className={isDue ? "risk-due" : undefined}>
                {isDue
                  ? t("riskPages.institution.nextDueOverdue", { date: formatDateCn(c.nextInspectionDueOn) })
                  : formatDateCn(c.nextInspectionDueOn)}
              </strong>
              <br />
              <small>{t("riskPages.institution.interval", { months: RISK_RULES.inspectionIntervalMonths[c.effective.tier] })}</small>
            </dd>
          </dl>
          <div className="table-wrap">
            <table className="data risk-factors">
              <thead>
                <tr>
                  <th>{M.factor}</th>
                  <th className="num">{M.points}</th>
                  <th>{M.explanation}</th>
                </tr>
              </thead>
              <tbody>
                {c.result.factors.map((f) => (
                  <tr key={f.factor}>
                    <td className="cell-main" data-label={M.factor}>
                      {f.label}
                    </td>
                    <td className="num" data-label={M.points}>
                      {f.points}
                    </td>
                    <td data-label={M.explanation}>{f.explanation}</td>
                  </tr>
                ))}
                <tr className="risk-total">
                  <td className="cell-main" data-label={M.factor}>
                    {M.total}
                  </td>
                  <td className="num" data-label={M.points}>
                    {c.score}
                  </td>
                  <td data-label={M.explanation}>
                    <Link to="/reg/risk/rules">{t("riskPages.list.rulesLink")}</Link>
                  </td>
                </tr>
              </tbody>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="override-title">
          <h2 id="override-title">{M.overrideTitle}</h2>
          {d.override ? (
            <div className="notice risk-override">
              <p>
                {t("riskPages.institution.overrideActive", {
                  tier: msgs().risk.tier[d.override.tier],
                  date: formatDateCn(d.override.expiresOn),
                  by: d.override.createdByName ?? "",
                  at: formatDateTime(d.override.createdAt),
                })}
              </p>
              <p>{t("riskPages.institution.overrideReason", { reason: d.override.reason })}</p>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(M.revokeConfirm)) event.preventDefault();
                }}
              >
                <input type="hidden" name="overrideId" value={d.override.id} />
                <button type="submit" name="intent" value="revoke" className="button button--secondary button--small" disabled={busy}>
                  {M.revoke}
                </button>
              </Form>
            </div>
          ) : null}
          <p className="muted">{M.overrideIntro}</p>
          <OverrideForm key={d.override?.id ?? "none"} defaults={d.overrideDefaults} serverErrors={serverErrors} busy={busy} />
        </section>
      </div>

      <section className="card">
        <h2>{M.factsTitle}</h2>
        <dl className="facts">
          <dt>{M.name}</dt>
          <dd>{i.name}</dd>
          <dt>{M.kind}</dt>
          <dd>{msgs().kinds[i.kind]}</dd>
          <dt>{M.grade}</dt>
          <dd>
            {msgs().grades[i.grade]} · {msgs().ownerships[i.ownership]}
          </dd>
          <dt>{M.region}</dt>
          <dd>{i.regionName}</dd>
          <dt>{M.nhsaCode}</dt>
          <dd>{i.nhsaCode}</dd>
          <dt>{M.creditCode}</dt>
          <dd className="break-anywhere">{i.creditCode}</dd>
          {i.contactName ? (
            <>
              <dt>{M.contact}</dt>
              <dd>
                {i.contactName}
                {i.contactPhone ? ` ${i.contactPhone}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <InspectionHistory rows={d.inspections} />
      <p className="actions">
        <Link className="button button--secondary" to={`/reg/inspections/new?institution=${i.id}`}>
          {t("inspections.add")}
        </Link>
      </p>

      <section className="card">
        <h2>{M.historyTitle}</h2>
        <DataTable list={riskHistoryTable} page={{ rows: d.history }} label={M.historyTitle} />
      </section>

      <section className="card">
        <h2>{M.selfChecksTitle}</h2>
        <DataTable list={selfChecksTable} page={{ rows: d.selfChecks }} label={M.selfChecksTitle} />
      </section>
    </>
  );
}

/** Remounted (fresh fields) whenever the override in force changes. */
function OverrideForm({
  defaults,
  serverErrors,
  busy,
}: {
  defaults: OverrideInput;
  serverErrors: Record<string, string> | null;
  busy: boolean;
}) {
  const { onSubmit, errorFor, errors, register } = useValidatedForm<OverrideInput>(overrideSchema, {
    defaultValues: defaults,
    serverErrors,
  });
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="override" />
        <div className="form-grid form-grid--2">
          <Field id="tier" label={t("riskPages.override.tier")} error={errorFor("tier")} required>
            {(aria) => (
              <select {...aria} {...register("tier")}>
                {TIER_VALUES.map((tier) => (
                  <option key={tier} value={tier}>
                    {msgs().risk.tier[tier]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="expiresOn" label={t("riskPages.override.expiresOn")} error={errorFor("expiresOn")} required>
            {(aria) => <input {...aria} type="date" {...register("expiresOn")} />}
          </Field>
        </div>
        <Field
          id="reason"
          label={t("riskPages.override.reason")}
          hint={t("riskPages.override.reasonHint")}
          error={errorFor("reason")}
          required
        >
          {(aria) => <textarea {...aria} rows={3} {...register("reason")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("common.saving") : t("riskPages.override.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
