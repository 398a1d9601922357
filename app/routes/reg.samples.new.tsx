import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addMonths, format, parseISO } from "date-fns";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { RegionOptions } from "~/components/region-select";
import { listRegionChoices } from "~/models/region.server";
import { createSample } from "~/models/sample.server";
import { sampleSchema, type SampleInput } from "~/schemas/risk";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { randomSeed } from "~/domain/sampling";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.sample.new")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const regions = await listRegionChoices(db, scope);
  const today = todayLocal();
  return {
    regions,
    defaults: {
      title: "",
      regionCode: scope.regionCode,
      periodStart: today,
      periodEnd: format(addMonths(parseISO(today), 3), "yyyy-MM-dd"),
      ratioPercent: 10,
      seed: randomSeed(),
      inspectorsPerInstitution: 0,
    } satisfies SampleInput,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(sampleSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await createSample(db, scope, parsed.data);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors);
  return redirectWithFlash(`/reg/samples/${result.id}`, t("riskPages.sample.drawn", { size: result.size }));
}

export default function NewSamplePage() {
  const { regions, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<SampleInput>(sampleSchema, { defaultValues: defaults, serverErrors });
  const M = msgs().riskPages.sample;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/samples">{M.listTitle}</Link> / {M.new}
      </nav>
      <h1>{M.new}</h1>
      <p className="muted">{M.method}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <Field id="title" label={M.title} error={errorFor("title")} required>
          {(aria) => <input {...aria} placeholder={M.titlePlaceholder} {...register("title")} />}
        </Field>
        <Field id="regionCode" label={M.region} error={errorFor("regionCode")} required>
          {(aria) => (
            <select {...aria} {...register("regionCode")}>
              <RegionOptions regions={regions} withCodes />
            </select>
          )}
        </Field>
        <div className="form-grid form-grid--2">
          <Field id="periodStart" label={M.periodStart} error={errorFor("periodStart")} required>
            {(aria) => <input {...aria} type="date" {...register("periodStart")} />}
          </Field>
          <Field id="periodEnd" label={M.periodEnd} error={errorFor("periodEnd")} required>
            {(aria) => <input {...aria} type="date" {...register("periodEnd")} />}
          </Field>
          <Field id="ratioPercent" label={M.ratioPercent} hint={M.ratioHint} error={errorFor("ratioPercent")} required>
            {(aria) => <input {...aria} type="number" min={10} max={100} step={1} inputMode="numeric" {...register("ratioPercent")} />}
          </Field>
          <Field
            id="inspectorsPerInstitution"
            label={M.inspectors}
            hint={M.inspectorsHint}
            error={errorFor("inspectorsPerInstitution")}
            required
          >
            {(aria) => (
              <input {...aria} type="number" min={0} max={3} step={1} inputMode="numeric" {...register("inspectorsPerInstitution")} />
            )}
          </Field>
        </div>
        <Field id="seed" label={M.seed} hint={M.seedHint} error={errorFor("seed")} required>
          {(aria) => <input {...aria} className="risk-seed" autoComplete="off" spellCheck={false} {...register("seed")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? M.drawing : M.submit}
          </button>
          <Link to="/reg/samples">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
