import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { RegionOptions } from "~/components/region-select";
import { createInstitution } from "~/models/institution.server";
import { listRegionChoices } from "~/models/region.server";
import { institutionSchema } from "~/schemas/institution";
import { db } from "~/utils/db.server";
import { INSTITUTION_GRADES, INSTITUTION_KINDS, OWNERSHIPS } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institutions.add")} · ${t("app.fullName")}` }];

type InstitutionFormValues = {
  name: string;
  kind: string;
  grade: string;
  ownership: string;
  regionCode: string;
  nhsaCode: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const regions = await listRegionChoices(db, scope);
  return { regions, defaultRegion: scope.regionCode };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(institutionSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await createInstitution(db, scope, parsed.data);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors);
  return redirectWithFlash("/reg/institutions", t("institutions.added", { name: parsed.data.name }));
}

export default function NewInstitutionPage() {
  const { regions, defaultRegion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<InstitutionFormValues>(institutionSchema, {
    defaultValues: { kind: "hospital", grade: "secondary", ownership: "public", regionCode: defaultRegion },
    serverErrors,
  });
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/institutions">{t("institutions.title")}</Link> / {t("institutions.add")}
      </nav>
      <h1>{t("institutions.add")}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <Field id="name" label={t("institutions.name")} error={errorFor("name")} required>
          {(aria) => <input {...aria} {...register("name")} />}
        </Field>
        <div className="form-grid form-grid--3">
          <Field id="kind" label={t("regulator.kind")} error={errorFor("kind")} required>
            {(aria) => (
              <select {...aria} {...register("kind")}>
                {INSTITUTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {msgs().kinds[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="grade" label={t("institutions.grade")} error={errorFor("grade")} required>
            {(aria) => (
              <select {...aria} {...register("grade")}>
                {INSTITUTION_GRADES.map((g) => (
                  <option key={g} value={g}>
                    {msgs().grades[g]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ownership" label={t("institutions.ownership")} error={errorFor("ownership")} required>
            {(aria) => (
              <select {...aria} {...register("ownership")}>
                {OWNERSHIPS.map((o) => (
                  <option key={o} value={o}>
                    {msgs().ownerships[o]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="regionCode" label={t("regulator.region")} error={errorFor("regionCode")} required>
          {(aria) => (
            <select {...aria} {...register("regionCode")}>
              <RegionOptions regions={regions} withCodes />
            </select>
          )}
        </Field>
        <div className="form-grid form-grid--2">
          <Field
            id="nhsaCode"
            label={t("institutions.nhsaCode")}
            hint={t("institutions.nhsaCodeHint")}
            error={errorFor("nhsaCode")}
            required
          >
            {(aria) => <input {...aria} autoCapitalize="characters" spellCheck={false} {...register("nhsaCode")} />}
          </Field>
          <Field
            id="creditCode"
            label={t("institutions.creditCode")}
            hint={t("institutions.creditCodeHint")}
            error={errorFor("creditCode")}
            required
          >
            {(aria) => <input {...aria} autoCapitalize="characters" spellCheck={false} {...register("creditCode")} />}
          </Field>
          <Field id="contactName" label={t("institutions.contactName")} error={errorFor("contactName")}>
            {(aria) => <input {...aria} {...register("contactName")} />}
          </Field>
          <Field id="contactPhone" label={t("institutions.contactPhone")} error={errorFor("contactPhone")}>
            {(aria) => <input {...aria} type="tel" inputMode="tel" {...register("contactPhone")} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
          <Link to="/reg/institutions">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
