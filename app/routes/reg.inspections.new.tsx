// Record an inspection: first find the institution (a GET search that works without JS, or
// ?institution=ID from another page), then the inspection's facts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ChoiceGroup, Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { createInspection, getNewInspectionPage } from "~/models/inspection.server";
import { INSPECTION_TYPES, inspectionSchema, type InspectionInput } from "~/schemas/inspection";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("inspections.create.title")} · ${t("app.fullName")}` }];

const querySchema = z.object({
  q: z.string().trim().max(50).optional().catch(undefined),
  institution: z.string().optional().catch(undefined),
  sample: z.string().uuid().optional().catch(undefined),
  clue: z.string().uuid().optional().catch(undefined),
});

const SEARCH_LIMIT = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { results, chosen, candidates } = await getNewInspectionPage(
    db,
    scope,
    { institutionId: query.institution, q: query.q },
    SEARCH_LIMIT,
  );
  return {
    q: query.q ?? "",
    results,
    chosen,
    candidates,
    defaults: {
      institutionId: chosen?.institution.id ?? "",
      // From a clue flagged 列入交叉检查: a cross-inspection (交叉检查).
      type: query.clue ? "cross" : "on_site",
      inspectedOn: todayLocal(),
      inspectorNames: "",
      inspectorIds: [],
      summary: "",
      sampleId: query.sample ?? "",
      clueId: query.clue ?? "",
    } satisfies InspectionInput,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(inspectionSchema, await request.formData(), ["inspectorIds"]);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await createInspection(db, scope, parsed.data, todayLocal());
  if (!result.ok) return rejectForm(parsed, result.fieldErrors);
  return redirectWithFlash(`/reg/inspections/${result.value.id}`, t("inspections.create.created"));
}

export default function NewInspectionPage() {
  const d = useLoaderData<typeof loader>();
  const C = msgs().inspections.create;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/inspections">{t("inspections.title")}</Link> / {C.title}
      </nav>
      <h1>{C.title}</h1>
      {d.chosen ? <InspectionForm /> : <InstitutionSearch />}
    </>
  );
}

function InstitutionSearch() {
  const d = useLoaderData<typeof loader>();
  const C = msgs().inspections.create;
  return (
    <section className="card">
      <h2>{C.chooseInstitution}</h2>
      <Form method="get" className="filters">
        <div className="field">
          <label className="field__label" htmlFor="q">
            {C.searchLabel}
          </label>
          <input id="q" name="q" defaultValue={d.q} placeholder={msgs().inspections.list.searchHint} />
        </div>
        <button type="submit" className="button button--secondary">
          {C.searchButton}
        </button>
      </Form>
      {!d.results ? (
        <p className="muted">{C.searchPrompt}</p>
      ) : d.results.rows.length === 0 ? (
        <p className="muted">{C.searchNone}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{t("institutions.name")}</th>
                <th>{t("regulator.region")}</th>
                <th>{t("regulator.kind")}</th>
                <th>{t("institutions.nhsaCode")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.results.rows.map((row) => (
                <tr key={row.id}>
                  <td className="cell-main" data-label={t("institutions.name")}>
                    {row.name}
                  </td>
                  <td data-label={t("regulator.region")}>{row.regionName}</td>
                  <td data-label={t("regulator.kind")}>{msgs().kinds[row.kind]}</td>
                  <td data-label={t("institutions.nhsaCode")}>{row.nhsaCode}</td>
                  <td>
                    <Link className="button button--small" to={`?institution=${row.id}`} aria-label={`${C.choose} ${row.name}`}>
                      {C.choose}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InspectionForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register, checkbox } = useValidatedForm<InspectionInput>(inspectionSchema, {
    defaultValues: d.defaults,
    serverErrors,
  });
  const C = msgs().inspections.create;
  const chosen = d.chosen!;
  return (
    <>
      <ErrorSummary errors={errors} />
      <section className="card">
        <div className="card__head">
          <h2>{C.institution}</h2>
          <Link to="?">{C.change}</Link>
        </div>
        <p>
          <strong>{chosen.institution.name}</strong>
          <br />
          <small className="muted">
            {chosen.institution.regionName} · {msgs().kinds[chosen.institution.kind]} · {chosen.institution.nhsaCode}
          </small>
        </p>
        <p className={chosen.compared ? "muted" : "insp-warning"}>
          {chosen.compared
            ? t("inspections.create.comparedHint", { campaign: chosen.compared.campaignTitle, version: chosen.compared.version })
            : C.noSelfCheck}
        </p>
        {errorFor("institutionId") ? <span className="field__error">{errorFor("institutionId")}</span> : null}
      </section>
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <input type="hidden" {...register("institutionId")} />
        <input type="hidden" {...register("sampleId")} />
        <input type="hidden" {...register("clueId")} />
        <div className="form-grid form-grid--2">
          <Field id="type" label={C.type} error={errorFor("type")} required>
            {(aria) => (
              <select {...aria} {...register("type")}>
                {INSPECTION_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {msgs().inspections.types[type]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="inspectedOn" label={C.inspectedOn} error={errorFor("inspectedOn")} required>
            {(aria) => <input {...aria} type="date" max={d.defaults.inspectedOn} {...register("inspectedOn")} />}
          </Field>
        </div>
        <Field id="inspectorNames" label={C.inspectorNames} hint={C.inspectorNamesHint} error={errorFor("inspectorNames")} required>
          {(aria) => <input {...aria} {...register("inspectorNames")} />}
        </Field>
        {d.candidates.length > 0 ? (
          <ChoiceGroup legend={C.inspectorAccounts} name="inspectorIds" error={errorFor("inspectorIds")}>
            {d.candidates.map((c) => (
              <label key={c.id} className="choice">
                <input {...checkbox("inspectorIds", c.id)} />
                {c.name}（{c.regionName}）
              </label>
            ))}
          </ChoiceGroup>
        ) : null}
        <Field id="summary" label={C.summary} error={errorFor("summary")}>
          {(aria) => <textarea {...aria} rows={4} {...register("summary")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("common.saving") : C.submit}
          </button>
          <Link to="/reg/inspections">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
