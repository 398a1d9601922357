import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { ChoiceGroup, Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { RegionOptions } from "~/components/region-select";
import { createCampaign, getNewCampaignPage } from "~/models/campaign.server";
import { campaignSchema, type CampaignInput } from "~/schemas/campaign";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("regulator.newCampaignTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { versions, regions } = await getNewCampaignPage(db, scope);
  const today = todayLocal();
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  return {
    versions,
    regions,
    defaults: {
      title: "",
      description: "",
      checklistVersionId: versions[0]?.versionId ?? "",
      targetRegionCode: scope.regionCode,
      targetKinds: [...INSTITUTION_KINDS.filter((k) => versions[0]?.kinds.includes(k))],
      reviewPeriodStart: "2021-05-01",
      reviewPeriodEnd: "",
      selfCheckDueOn: plus(30),
      rectificationDueOn: plus(90),
      escalateCountyAfterDays: 3,
      escalateCityAfterDays: 7,
    } satisfies CampaignInput,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(campaignSchema, await request.formData(), ["targetKinds"]);
  // The past due date is told together with the schema's errors, not after they are fixed.
  const typedDue = parsed.values.selfCheckDueOn;
  const pastDue = typeof typedDue === "string" && typedDue && typedDue < todayLocal() ? { selfCheckDueOn: t("regulator.dueInPast") } : {};
  if (!parsed.ok || pastDue.selfCheckDueOn) return rejectForm(parsed, { ...(parsed.ok ? {} : parsed.fieldErrors), ...pastDue });
  const result = await createCampaign(db, scope, parsed.data);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors);
  return redirectWithFlash(`/reg/campaigns/${result.value.id}`, t("regulator.draftSaved"));
}

export default function NewCampaignPage() {
  const { versions, regions, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register, checkbox } = useValidatedForm<CampaignInput>(campaignSchema, {
    defaultValues: defaults,
    serverErrors,
  });
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg">{t("nav.campaigns")}</Link> / {t("nav.newCampaign")}
      </nav>
      <h1>{t("regulator.newCampaignTitle")}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <Field id="title" label={t("regulator.campaignTitle")} error={errorFor("title")} required>
          {(aria) => <input {...aria} placeholder={t("regulator.campaignTitlePlaceholder")} {...register("title")} />}
        </Field>
        <Field
          id="checklistVersionId"
          label={t("regulator.checklist")}
          hint={t("regulator.checklistHint")}
          error={errorFor("checklistVersionId")}
          required
        >
          {(aria) => (
            <select {...aria} {...register("checklistVersionId")}>
              {versions.map((v) => (
                <option key={v.versionId} value={v.versionId}>
                  {t("common.listWithVersionAndItems", {
                    title: v.title,
                    docNumber: v.docNumber,
                    version: v.version,
                    items: t("regulator.items", { count: v.itemCount }),
                  })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="targetRegionCode" label={t("regulator.targetRegion")} error={errorFor("targetRegionCode")} required>
          {(aria) => (
            <select {...aria} {...register("targetRegionCode")}>
              <RegionOptions regions={regions} withCodes />
            </select>
          )}
        </Field>
        <ChoiceGroup legend={`${t("regulator.targetKinds")} *`} name="targetKinds" error={errorFor("targetKinds")}>
          {INSTITUTION_KINDS.map((kind) => (
            <label key={kind} className="choice">
              <input {...checkbox("targetKinds", kind)} />
              {msgs().kinds[kind]}
            </label>
          ))}
        </ChoiceGroup>
        <div className="form-grid form-grid--2">
          <Field
            id="reviewPeriodStart"
            label={t("regulator.reviewPeriodStart")}
            hint={t("regulator.reviewPeriodHint")}
            error={errorFor("reviewPeriodStart")}
            required
          >
            {(aria) => <input {...aria} type="date" {...register("reviewPeriodStart")} />}
          </Field>
          <Field id="reviewPeriodEnd" label={t("regulator.reviewPeriodEnd")} error={errorFor("reviewPeriodEnd")}>
            {(aria) => <input {...aria} type="date" {...register("reviewPeriodEnd")} />}
          </Field>
          <Field id="selfCheckDueOn" label={t("regulator.selfCheckDueOn")} error={errorFor("selfCheckDueOn")} required>
            {(aria) => <input {...aria} type="date" {...register("selfCheckDueOn")} />}
          </Field>
          <Field id="rectificationDueOn" label={t("regulator.rectificationDueOn")} error={errorFor("rectificationDueOn")} required>
            {(aria) => <input {...aria} type="date" {...register("rectificationDueOn")} />}
          </Field>
        </div>
        <div className="form-grid form-grid--2">
          <Field
            id="escalateCountyAfterDays"
            label={t("regulator.escalateCountyAfterDays")}
            hint={t("regulator.escalationHint")}
            error={errorFor("escalateCountyAfterDays")}
            required
          >
            {(aria) => <input {...aria} type="number" min={1} inputMode="numeric" {...register("escalateCountyAfterDays")} />}
          </Field>
          <Field id="escalateCityAfterDays" label={t("regulator.escalateCityAfterDays")} error={errorFor("escalateCityAfterDays")} required>
            {(aria) => <input {...aria} type="number" min={1} inputMode="numeric" {...register("escalateCityAfterDays")} />}
          </Field>
        </div>
        <Field id="description" label={t("regulator.description")} error={errorFor("description")}>
          {(aria) => <textarea {...aria} {...register("description")} />}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("common.saving") : t("regulator.createDraft")}
          </button>
          <Link to="/reg">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
