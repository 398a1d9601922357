import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChecklistItemFields } from "~/components/checklist-item-fields";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
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
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const serverErrors = actionData?.fieldErrors ?? null;
  const kit = useValidatedForm<ChecklistItemEditInput>(checklistItemEditSchema, {
    defaultValues: defaults,
    serverErrors,
  });
  const { onSubmit, errorFor, errors, register } = kit;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> /{" "}
        <Link to={`/reg/checklists/${version.id}`}>{t("checklists.versionOf", { title: version.title, version: version.version })}</Link> /{" "}
        {item.code}
      </nav>
      <h1>{t("checklists.form.editTitle", { code: item.code })}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
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
        <ChecklistItemFields kit={kit} />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("common.saving") : t("checklists.form.save")}
          </button>
          <Link to={`/reg/checklists/${version.id}`}>{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
