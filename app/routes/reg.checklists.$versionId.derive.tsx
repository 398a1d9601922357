import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { deriveVersion, getDeriveDefaults } from "~/models/checklist-version.server";
import { deriveVersionSchema, type DeriveVersionInput } from "~/schemas/checklist";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("checklists.derive.title")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getDeriveDefaults(db, scope, params.versionId, Number(todayLocal().slice(0, 4)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(deriveVersionSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { extra: { draftId: null as string | null } });
  const result = await deriveVersion(db, scope, params.versionId, parsed.data);
  if (!result.ok) return rejectForm(parsed, { _form: result.error }, { status: 409, extra: { draftId: result.draftId ?? null } });
  return redirectWithFlash(`/reg/checklists/${result.value.id}`, t("checklists.derive.created"));
}

export default function DeriveVersionPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const serverErrors = actionData?.fieldErrors ?? null;
  const { onSubmit, errorFor, errors, register } = useValidatedForm<DeriveVersionInput>(deriveVersionSchema, {
    defaultValues: d.defaults,
    serverErrors,
  });
  const p = d.parent;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("checklists.title")}</Link> / {t("checklists.derive.title")}
      </nav>
      <h1>{t("checklists.derive.title")}</h1>
      <ErrorSummary errors={errors} />
      {actionData?.draftId ? (
        <p>
          <Link to={`/reg/checklists/${actionData.draftId}`}>{t("checklists.edit")}</Link>
        </p>
      ) : null}
      <Form method="post" noValidate onSubmit={onSubmit} className="card">
        <dl className="facts clist-facts">
          <dt>{t("checklists.derive.source")}</dt>
          <dd>
            <Link to={`/reg/checklists/${p.id}`}>{t("checklists.versionOf", { title: p.title, version: p.version })}</Link>
            <br />
            <span className="muted">{t("checklists.issuedBy", { issuer: p.issuer, docNumber: p.docNumber, year: p.year })}</span>
          </dd>
        </dl>
        <p>
          {d.isSameList
            ? t("checklists.derive.sameList")
            : d.joinsExistingList
              ? t("checklists.derive.existingList", { title: d.localTitle })
              : t("checklists.derive.newList", { title: d.localTitle })}
        </p>
        {d.isSameList || d.joinsExistingList ? (
          <>
            <input type="hidden" {...register("docNumber")} />
            <input type="hidden" {...register("year")} />
          </>
        ) : (
          <div className="form-grid form-grid--2">
            <Field
              id="docNumber"
              label={t("checklists.derive.docNumber")}
              hint={t("checklists.derive.docNumberHint")}
              error={errorFor("docNumber")}
              required
            >
              {(aria) => <input {...aria} {...register("docNumber")} />}
            </Field>
            <Field id="year" label={t("checklists.derive.year")} error={errorFor("year")} required>
              {(aria) => <input {...aria} type="number" inputMode="numeric" {...register("year")} />}
            </Field>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("checklists.derive.submitting") : t("checklists.derive.submit")}
          </button>
          <Link to="/reg/checklists">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
