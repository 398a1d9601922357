import { CHECKLIST_DOMAINS } from "~checklists/schema";
import { ChoiceGroup, Field } from "~/components/forms/field";
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
