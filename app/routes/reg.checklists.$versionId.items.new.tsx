import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChecklistItemFields } from "~/components/checklist-item-fields";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
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
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const serverErrors = actionData?.fieldErrors ?? null;
  const kit = useValidatedForm<ChecklistItemNewInput>(checklistItemNewSchema, {
    defaultValues: defaults,
    serverErrors,
  });
  const { onSubmit, errorFor, errors, register } = kit;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> /{" "}
        <Link to={`/reg/checklists/${version.id}`}>{t("checklists.versionOf", { title: version.title, version: version.version })}</Link> /{" "}
        {t("checklists.form.newTitle")}
      </nav>
      <h1>{t("checklists.form.newTitle")}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
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
        <ChecklistItemFields kit={kit} />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("common.saving") : t("checklists.form.add")}
          </button>
          <Link to={`/reg/checklists/${version.id}`}>{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
