import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChecklistItemFormPage } from "~/components/checklist-item-fields";
import { Field } from "~/components/forms/field";
import { getEditableItem, updateDraftItem } from "~/models/checklist-version.server";
import { checklistItemEditSchema, type ChecklistItemEditInput } from "~/schemas/checklist";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("checklists.form.editTitle", { code: data?.item.code ?? "" })} · ${t("app.fullName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { version, item, official } = await getEditableItem(db, scope, params.versionId, params.itemId);
  return {
    version: { id: version.id, title: version.title, version: version.version },
    item: { id: item.id, code: item.code, section: item.section, title: item.title, isInherited: item.inheritedItemId !== null },
    official: official ? { title: official.title, guidance: official.guidance } : null,
    defaults: {
      title: item.title,
      guidance: item.guidance,
      domain: (item.domain ?? "") as ChecklistItemEditInput["domain"],
      legalBasis: item.legalBasis ?? "",
      appliesTo: item.appliesTo as ChecklistItemEditInput["appliesTo"],
      isEvidenceRequired: item.isEvidenceRequired,
    } satisfies ChecklistItemEditInput,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(checklistItemEditSchema, await request.formData(), ["appliesTo"]);
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors);
  const result = await updateDraftItem(db, scope, params.versionId, params.itemId, parsed.data);
  if (!result.ok) return rejectForm(parsed, result.fieldErrors ?? { _form: result.error });
  return redirectWithFlash(
    `/reg/checklists/${params.versionId}#item-${result.value.id}`,
    t("checklists.editor.saved", { code: result.value.code }),
  );
}

export default function EditChecklistItemPage() {
  const { version, item, official, defaults } = useLoaderData<typeof loader>();
  return (
    <ChecklistItemFormPage
      schema={checklistItemEditSchema}
      defaults={defaults}
      version={version}
      heading={t("checklists.form.editTitle", { code: item.code })}
      crumb={item.code}
      submitLabel={t("checklists.form.save")}
      lead={({ register, errorFor }) => (
        <>
          <dl className="facts clist-facts">
            <dt>{t("checklists.form.section")}</dt>
            <dd>{item.section}</dd>
          </dl>
          {item.isInherited ? (
            <div className="field">
              <span className="field__label">{t("checklists.form.title")}</span>
              <p className="clist-official">{item.title}</p>
              <span className="field__hint">{t("checklists.form.titleReadonly")}</span>
            </div>
          ) : (
            <Field id="title" label={t("checklists.form.title")} hint={t("checklists.form.titleHint")} error={errorFor("title")} required>
              {(aria) => <input {...aria} {...register("title")} />}
            </Field>
          )}
          {official ? (
            <div className="field">
              <span className="field__label">{t("checklists.view.officialGuidance")}</span>
              <p className="clist-official">{official.guidance}</p>
            </div>
          ) : null}
        </>
      )}
    />
  );
}
