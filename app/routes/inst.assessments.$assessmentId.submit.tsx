import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { getAssessmentWorkspace, submitAssessment } from "~/models/assessment.server";
import { submitSchema } from "~/schemas/submission";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { forbidden, requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institution.submitTitle")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireInstitutionUser(request);
  if (scope.role !== "officer") forbidden();
  const ws = await getAssessmentWorkspace(db, scope, params.assessmentId!);
  if (!ws.isEditable) throw redirect(`/inst/assessments/${ws.assessment.id}`);
  return {
    assessment: ws.assessment,
    campaignTitle: ws.campaign.title,
    institutionName: ws.institution.name,
    missing: ws.items.filter((r) => !r.answer).map((r) => ({ code: r.item.code, title: r.item.title })),
    signerName: user.name,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  if (scope.role !== "officer") forbidden();
  const parsed = parseForm(submitSchema, await request.formData());
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { extra: { missing: null, locked: null } });
  const result = await submitAssessment(db, scope, params.assessmentId!, parsed.data);
  if (!result.ok) {
    if (result.kind === "incomplete") return data({ fieldErrors: null, missing: result.missing, locked: null }, { status: 400 });
    return data({ fieldErrors: null, missing: null, locked: result.message }, { status: 409 });
  }
  return redirectWithFlash(
    `/inst/assessments/${params.assessmentId}`,
    result.version > 1 ? t("institution.resubmitted") : t("institution.submitted"),
  );
}

export default function SubmitPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const missing = actionData?.missing ?? d.missing;
  const { onSubmit, errorFor, errors, register, checkbox } = useValidatedForm<{ signerName: string; agree: boolean }>(submitSchema, {
    defaultValues: { signerName: d.signerName, agree: false },
  });
  const base = `/inst/assessments/${d.assessment.id}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/inst">{t("nav.home")}</Link> / <Link to={base}>{d.campaignTitle}</Link> / {t("institution.submitTitle")}
      </nav>
      <h1>{t("institution.submitTitle")}</h1>
      {actionData?.locked ? <div className="notice">{actionData.locked}</div> : null}
      {missing.length > 0 ? (
        <div className="form-alert" role="alert">
          {t("institution.missingItems", { count: missing.length })}
          <ul>
            {missing.map((m) => (
              <li key={m.code}>
                <Link to={`${base}/items/${m.code}`}>
                  {m.code} {m.title}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card">
        <div className="stats">
          <div className="stat">
            <div className="stat__value">
              {d.assessment.answeredCount}/{d.assessment.itemCount}
            </div>
            <div className="stat__label">{t("regulator.progress")}</div>
          </div>
          <div className="stat">
            <div className="stat__value">{d.assessment.problemCount}</div>
            <div className="stat__label">{t("regulator.problems")}</div>
          </div>
          <div className="stat">
            <div className="stat__value">{formatFen(d.assessment.amountInvolvedFen)}</div>
            <div className="stat__label">{t("institution.amountInvolved")}</div>
          </div>
          <div className="stat">
            <div className="stat__value">{formatFen(d.assessment.refundedFen)}</div>
            <div className="stat__label">{t("institution.refunded")}</div>
          </div>
        </div>
        <div className="commitment">
          <strong>{d.institutionName}</strong>
          <p>{t("institution.commitmentText")}</p>
        </div>
        <ErrorSummary errors={errors} />
        <Form method="post" noValidate onSubmit={onSubmit}>
          <Field id="signerName" label={t("institution.signerName")} error={errorFor("signerName")} required>
            {(aria) => <input {...aria} autoComplete="name" {...register("signerName")} />}
          </Field>
          <div className="field">
            <label className="choice">
              <input
                id="agree"
                aria-invalid={errorFor("agree") ? true : undefined}
                aria-describedby={errorFor("agree") ? "agree-error" : undefined}
                {...checkbox("agree")}
              />
              {t("institution.commitmentAgree")}
            </label>
            {errorFor("agree") ? (
              <span className="field__error" id="agree-error" role="alert">
                {errorFor("agree")}
              </span>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy || missing.length > 0}>
              {busy ? t("institution.submitting") : t("institution.submit")}
            </button>
            <Link to={base}>{t("common.back")}</Link>
          </div>
        </Form>
      </section>
    </>
  );
}
