import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChecklistItemFormPage } from "~/components/checklist-item-fields";
import { Field } from "~/components/forms/field";
import { addLocalItem, getEditableVersion } from "~/models/checklist-version.server";
import { checklistItemNewSchema, type ChecklistItemNewInput } from "~/schemas/checklist";
import { db } from "~/utils/db.server";
import { CHECKLIST_SECTIONS } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("checklists.form.newTitle")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const version = await getEditableVersion(db, scope, params.versionId);
  return { version: { id: version.id, title: version.title, version: version.version } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(checklistItemNewSchema, await request.formData(), ["appliesTo"]);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await addLocalItem(db, scope, params.versionId, parsed.data);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors ?? { _form: result.error }, { status: 409 });
  return redirectWithFlash(
    `/reg/checklists/${params.versionId}#item-${result.value.id}`,
    t("checklists.editor.added", { code: result.value.code }),
  );
}

const defaults: ChecklistItemNewInput = {
  section: "定点医疗机构",
  title: "",
  guidance: "",
  domain: "",
  legalBasis: "",
  appliesTo: [],
  isEvidenceRequired: true,
};

export default function NewChecklistItemPage() {
  const { version } = useLoaderData<typeof loader>();
  return (
    <ChecklistItemFormPage
      schema={checklistItemNewSchema}
      defaults={defaults}
      version={version}
      heading={t("checklists.form.newTitle")}
      crumb={t("checklists.form.newTitle")}
      submitLabel={t("checklists.form.add")}
      lead={({ register, errorFor }) => (
        <>
          <Field
            id="section"
            label={t("checklists.form.section")}
            hint={t("checklists.form.codeHint", { example: "MI-L01" })}
            error={errorFor("section")}
            required
          >
            {(aria) => (
              <select {...aria} {...register("section")}>
                {CHECKLIST_SECTIONS.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="title" label={t("checklists.form.title")} hint={t("checklists.form.titleHint")} error={errorFor("title")} required>
            {(aria) => <input {...aria} {...register("title")} />}
          </Field>
        </>
      )}
    />
  );
}
