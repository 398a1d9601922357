// 登记投诉举报 at the regulator's bureau: the clue is handled there; the complainant is kept sealed
// and shown only to that bureau's handlers.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { RegionOptions } from "~/components/region-select";
import { CLUE_RISK_LEVELS } from "~/domain/clues";
import { registerComplaint } from "~/models/clue.server";
import { listRegionChoices } from "~/models/region.server";
import { complaintSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.register.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return { regions: await listRegionChoices(db, scope), defaultRegion: scope.regionCode };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  const parsed = parseForm(complaintSchema, form);
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await registerComplaint(db, scope, parsed.data);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values }, { status: 400 });
  return redirectWithFlash(`/reg/clues/${result.id}`, t("clues.register.done"));
}

export default function RegisterComplaintPage() {
  const { regions, defaultRegion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const R = msgs().clues.register;
  const errors = actionData?.fieldErrors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{t("clues.title")}</Link> / {R.title}
      </nav>
      <h1>{R.title}</h1>
      <p>{R.intro}</p>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <Form method="post" className="card" noValidate>
        <div className="form-grid form-grid--3">
          <Field id="nhsaCode" label={R.institution} hint={R.institutionHint} error={errors.nhsaCode}>
            {(aria) => <input {...aria} name="nhsaCode" defaultValue={values.nhsaCode ?? ""} />}
          </Field>
          <Field id="regionCode" label={R.region} error={errors.regionCode} required>
            {(aria) => (
              <select {...aria} name="regionCode" defaultValue={values.regionCode ?? defaultRegion}>
                <RegionOptions regions={regions} />
              </select>
            )}
          </Field>
          <Field id="risk" label={R.risk} error={errors.risk} required>
            {(aria) => (
              <select {...aria} name="risk" defaultValue={values.risk ?? "medium"}>
                {CLUE_RISK_LEVELS.map((r) => (
                  <option key={r} value={r}>
                    {msgs().clues.risks[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="ruleName" label={R.rule} error={errors.ruleName} required>
          {(aria) => <input {...aria} name="ruleName" defaultValue={values.ruleName ?? ""} />}
        </Field>
        <Field id="itemCode" label={R.itemCode} hint={R.itemCodeHint} error={errors.itemCode}>
          {(aria) => <input {...aria} name="itemCode" defaultValue={values.itemCode ?? ""} />}
        </Field>
        <Field id="summary" label={R.summary} error={errors.summary} required>
          {(aria) => <textarea {...aria} name="summary" rows={4} defaultValue={values.summary ?? ""} />}
        </Field>
        <div className="form-grid form-grid--3">
          <Field id="amount" label={R.amount} error={errors.amount}>
            {(aria) => <input {...aria} name="amount" inputMode="decimal" defaultValue={values.amount ?? ""} />}
          </Field>
          <Field id="dueOn" label={R.dueOn} error={errors.dueOn} required>
            {(aria) => <input {...aria} type="date" name="dueOn" defaultValue={values.dueOn ?? ""} />}
          </Field>
        </div>
        <fieldset>
          <legend>{msgs().clues.detail.complainant}</legend>
          <div className="form-grid form-grid--3">
            <Field id="complainantName" label={R.complainantName} error={errors.complainantName} required>
              {(aria) => <input {...aria} name="complainantName" autoComplete="off" defaultValue={values.complainantName ?? ""} />}
            </Field>
            <Field id="complainantPhone" label={R.complainantPhone} error={errors.complainantPhone}>
              {(aria) => <input {...aria} name="complainantPhone" autoComplete="off" defaultValue={values.complainantPhone ?? ""} />}
            </Field>
            <Field id="complainantId" label={R.complainantId} error={errors.complainantId}>
              {(aria) => <input {...aria} name="complainantId" autoComplete="off" defaultValue={values.complainantId ?? ""} />}
            </Field>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {R.submit}
          </button>
        </div>
      </Form>
    </>
  );
}
