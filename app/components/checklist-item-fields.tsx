import { CHECKLIST_DOMAINS } from "~checklists/schema";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { ChoiceGroup, ErrorSummary, Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import type { ValidatedForm } from "~/components/forms/use-validated-form";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

/** The fields every checklist item form has (guidance, domain, kinds, legal basis, evidence). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared by the new-item and edit-item forms, whose values differ
type AnyKit = Pick<ValidatedForm, "errorFor"> & { register: (name: any) => object; checkbox: (name: any, value?: string) => object };

export function ChecklistItemFields({ kit }: { kit: AnyKit }) {
  const { register, checkbox, errorFor } = kit;
  return (
    <>
      <Field
        id="guidance"
        label={t("checklists.form.guidance")}
        hint={t("checklists.form.guidanceHint")}
        error={errorFor("guidance")}
        required
      >
        {(aria) => <textarea {...aria} rows={5} {...register("guidance")} />}
      </Field>
      <Field id="domain" label={t("checklists.form.domain")} error={errorFor("domain")}>
        {(aria) => (
          <select {...aria} {...register("domain")}>
            <option value="">{t("checklists.form.domainNone")}</option>
            {CHECKLIST_DOMAINS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ChoiceGroup legend={`${t("checklists.form.appliesTo")} *`} name="appliesTo" error={errorFor("appliesTo")}>
        {INSTITUTION_KINDS.map((kind) => (
          <label key={kind} className="choice">
            <input {...checkbox("appliesTo", kind)} />
            {msgs().kinds[kind]}
          </label>
        ))}
      </ChoiceGroup>
      <Field id="legalBasis" label={t("checklists.form.legalBasis")} error={errorFor("legalBasis")}>
        {(aria) => <input {...aria} {...register("legalBasis")} />}
      </Field>
      <label className="choice">
        <input {...checkbox("isEvidenceRequired")} />
        {t("checklists.form.evidenceRequired")}
      </label>
    </>
  );
}

/**
 * The page of a checklist item form (new or edit): breadcrumbs, heading, the form kit's summary,
 * the fields the caller puts first (`lead`), the shared fields, save and cancel.
 */
export function ChecklistItemFormPage({
  schema,
  defaults,
  version,
  heading,
  crumb,
  submitLabel,
  lead,
}: {
  schema: z.ZodType;
  defaults: Record<string, unknown>;
  version: { id: string; title: string; version: number | string };
  heading: string;
  crumb: string;
  submitLabel: string;
  lead: (kit: AnyKit) => ReactNode;
}) {
  const kit = useValidatedForm(schema, { defaultValues: defaults });
  const back = `/reg/checklists/${version.id}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> /{" "}
        <Link to={back}>{t("checklists.versionOf", { title: version.title, version: version.version })}</Link> / {crumb}
      </nav>
      <h1>{heading}</h1>
      <ErrorSummary errors={kit.errors} />
      <Form method="post" noValidate onSubmit={kit.onSubmit} className="card">
        {lead(kit)}
        <ChecklistItemFields kit={kit} />
        <div className="actions">
          <button type="submit" className="button" disabled={kit.busy}>
            {kit.busy ? t("common.saving") : submitLabel}
          </button>
          <Link to={back}>{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
