import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChoiceGroup, ErrorSummary, Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { addFinding, getInspectionDetail, removeFinding, setVerdict } from "~/models/inspection.server";
import { findingSchema, removeFindingSchema, verdictSchema, type FindingInput, type VerdictInput } from "~/schemas/inspection";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { submittedValues, type FieldErrors } from "~/utils/forms";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { notFound, requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("inspections.title")} · ${data?.facts.institutionName ?? ""} · ${t("app.fullName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const detail = await getInspectionDetail(db, scope, params.inspectionId!);
  return { ...detail, maxFileMb: env.UPLOAD_MAX_FILE_MB };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const here = `/reg/inspections/${params.inspectionId}`;
  const fail = (fieldErrors: FieldErrors, itemId = "") =>
    rejectForm({ values: submittedValues(form) }, fieldErrors, {
      form: itemId ? `${intent}:${itemId}` : intent,
      extra: { intent, itemId },
    });

  if (intent === "add-finding") {
    const parsed = parseForm(findingSchema, form);
    if (!parsed.ok) return fail(parsed.fieldErrors);
    const result = await addFinding(db, scope, params.inspectionId!, parsed.data);
    if (!result.ok) return fail(result.fieldErrors);
    return redirectWithFlash(`${here}#findings`, result.message);
  }
  if (intent === "remove-finding") {
    const parsed = parseForm(removeFindingSchema, form);
    if (!parsed.ok) notFound();
    const result = await removeFinding(db, scope, params.inspectionId!, parsed.data.findingId);
    if (!result.ok) return fail(result.fieldErrors);
    return redirectWithFlash(`${here}#findings`, result.message);
  }
  if (intent === "verdict") {
    const parsed = parseForm(verdictSchema, form);
    const itemId = String(form.get("checklistItemId") ?? "");
    if (!parsed.ok) return fail(parsed.fieldErrors, itemId);
    const result = await setVerdict(db, scope, params.inspectionId!, parsed.data);
    if (!result.ok) return fail(result.fieldErrors, itemId);
    return redirectWithFlash(`${here}#comparison`, result.message);
  }
  throw new Response("Bad Request", { status: 400 });
}

type Detail = ReturnType<typeof useLoaderData<typeof loader>>;
type FindingRow = Detail["findings"][number];

export default function InspectionPage() {
  const d = useLoaderData<typeof loader>();
  const i = d.inspection;
  const D = msgs().inspections.detail;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/inspections">{t("inspections.title")}</Link> / {d.facts.institutionName}
      </nav>
      <div className="page-head">
        <div>
          <h1>{d.facts.institutionName}</h1>
          <p>
            {msgs().inspections.types[i.type]} · {formatDateCn(i.inspectedOn)} · {d.facts.nhsaCode} · {d.facts.regionName}
          </p>
        </div>
      </div>
      {!d.isManaged ? (
        <p className="notice" role="note">
          {D.notManaged}
        </p>
      ) : null}

      <div className="stats">
        <Stat label={msgs().inspections.list.findings} value={String(d.totals.findingCount)} />
        <Stat label={msgs().inspections.list.unreported} value={String(d.totals.unreportedCount)} alert={d.totals.unreportedCount > 0} />
        <Stat label={D.amountFound} value={formatFen(d.totals.amountFoundFen)} />
        <Stat label={D.amountRecovered} value={formatFen(d.totals.amountRecoveredFen)} />
      </div>

      <section className="card">
        <h2>{D.facts}</h2>
        <dl className="facts">
          <dt>{msgs().inspections.create.type}</dt>
          <dd>{msgs().inspections.types[i.type]}</dd>
          <dt>{msgs().inspections.create.inspectedOn}</dt>
          <dd>{formatDateCn(i.inspectedOn)}</dd>
          <dt>{msgs().inspections.create.inspectorNames}</dt>
          <dd>
            {i.inspectorNames}
            {d.inspectors.length > 0 ? <small className="muted">（{d.inspectors.map((u) => u.name).join("、")}）</small> : null}
          </dd>
          <dt>{D.recordedBy}</dt>
          <dd>
            {d.facts.recordedByRegionName} · {d.facts.createdByName}
          </dd>
          <dt>{D.recordedAt}</dt>
          <dd>{formatDateTime(i.createdAt)}</dd>
          {i.clueId ? (
            <>
              <dt>{D.fromClue}</dt>
              <dd>
                <Link to={`/reg/clues/${i.clueId}`}>{d.facts.clueRuleName}</Link>
              </dd>
            </>
          ) : null}
          <dt>{D.comparedWith}</dt>
          <dd>
            {d.compared
              ? t("inspections.detail.comparedVersion", {
                  campaign: d.compared.campaignTitle,
                  version: d.compared.version,
                  date: formatDateTime(d.compared.submittedAt),
                })
              : D.noSelfCheck}
          </dd>
          {i.summary ? (
            <>
              <dt>{msgs().inspections.create.summary}</dt>
              <dd className="break-anywhere">{i.summary}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <ComparisonPanel />
      <FindingsPanel />
      <AttachmentsPanel />
    </>
  );
}

function Stat({ label, value, alert = false }: { label: string; value: string; alert?: boolean }) {
  return (
    <div className={`stat${alert ? " stat--alert" : ""}`}>
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
    </div>
  );
}

function FindingLine({ f }: { f: FindingRow }) {
  return (
    <li className="insp-finding">
      <div>
        <strong>{f.itemCode ? `${f.itemCode} · ${f.itemTitle}` : msgs().inspections.detail.offList}</strong>
      </div>
      <div className="break-anywhere">{f.description}</div>
      <small className="muted">
        {msgs().inspections.detail.caseCount} {f.caseCount} · {msgs().inspections.detail.amountFound} {formatFen(f.amountFoundFen)} ·{" "}
        {msgs().inspections.detail.amountRecovered} {formatFen(f.amountRecoveredFen)}
      </small>
    </li>
  );
}

/** The officer's verdict on one self-reported problem: fixed, not fixed or not yet checked, with a note. */
function VerdictForm({
  code,
  checklistItemId,
  verdict,
  note,
}: {
  code: string;
  checklistItemId: string;
  verdict: string;
  note: string | null;
}) {
  const C = msgs().inspections.comparison;
  const V = msgs().inspections.verdicts;
  const { onSubmit, errorFor, errors, register, radio, busy } = useValidatedForm<VerdictInput>(verdictSchema, {
    formId: `verdict:${checklistItemId}`,
    defaultValues: { checklistItemId, verdict, note: note ?? "" },
  });
  const ids = { verdict: `verdict-${code}-choice`, note: `note-${code}` };
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="filters insp-verdict-form">
      <ErrorSummary errors={errors} ids={ids} />
      <input type="hidden" name="intent" value="verdict" />
      <input type="hidden" {...register("checklistItemId")} />
      <ChoiceGroup legend={`${C.verdict} ${code}`} name={ids.verdict} error={errorFor("verdict")}>
        {(["fixed", "not_fixed", "unchecked"] as const).map((v) => (
          <label key={v} className="choice">
            <input {...radio("verdict", v)} />
            {V[v]}
          </label>
        ))}
      </ChoiceGroup>
      <Field id={ids.note} label={C.note} error={errorFor("note")}>
        {(aria) => <input {...aria} {...register("note")} />}
      </Field>
      <button type="submit" className="button button--secondary" disabled={busy}>
        {C.saveVerdict}
      </button>
    </Form>
  );
}

function ComparisonPanel() {
  const d = useLoaderData<typeof loader>();
  const C = msgs().inspections.comparison;
  const V = msgs().inspections.verdicts;
  const { foundReported, foundUnreported, selfReported } = d.comparison;
  return (
    <section className="card" id="comparison">
      <h2>{C.title}</h2>
      <p className="muted">{d.compared ? C.intro : C.noSelfCheck}</p>

      <div className="insp-group">
        <h3>
          {C.foundReported}（{foundReported.length}）
        </h3>
        {foundReported.length === 0 ? (
          <p className="muted">{C.none}</p>
        ) : (
          <ul className="insp-findings">
            {foundReported.map((f) => (
              <FindingLine key={f.id} f={f} />
            ))}
          </ul>
        )}
      </div>

      <div className="insp-group insp-group--unreported" aria-labelledby="insp-unreported-title">
        <h3 id="insp-unreported-title">
          {C.foundUnreported}（{foundUnreported.length}）
        </h3>
        <p className="muted">{C.foundUnreportedHint}</p>
        {foundUnreported.length === 0 ? (
          <p className="muted">{C.none}</p>
        ) : (
          <ul className="insp-findings">
            {foundUnreported.map((f) => (
              <FindingLine key={f.id} f={f} />
            ))}
          </ul>
        )}
      </div>

      <div className="insp-group">
        <h3>
          {C.selfReported}（{selfReported.length}）
        </h3>
        {selfReported.length === 0 ? (
          <p className="muted">{C.none}</p>
        ) : (
          <ul className="insp-findings">
            {selfReported.map(({ item, verdict, note }) => {
              const current = verdict ?? "unchecked";
              return (
                <li key={item.checklistItemId} className="insp-finding" id={`verdict-${item.code}`}>
                  <div>
                    <strong>
                      {item.code} · {item.title}
                    </strong>{" "}
                    <span className={`badge insp-verdict--${current}`}>{V[current]}</span>
                  </div>
                  <div className="break-anywhere">{item.description}</div>
                  <small className="muted">
                    {C.rectificationStatus}：{item.rectificationStatus ? msgs().rectificationStatus[item.rectificationStatus] : "—"} ·{" "}
                    {t("institution.amountInvolved")} {formatFen(item.amountInvolvedFen ?? 0)} · {t("institution.refunded")}{" "}
                    {formatFen(item.refundedFen ?? 0)}
                  </small>
                  {note ? <div className="review-note">{note}</div> : null}
                  {d.isManaged ? (
                    <VerdictForm code={item.code} checklistItemId={item.checklistItemId} verdict={current} note={note} />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

function FindingsPanel() {
  const d = useLoaderData<typeof loader>();
  const D = msgs().inspections.detail;
  const reported = new Set(d.reportedItemIds);
  return (
    <section className="card" id="findings">
      <h2>{D.findings}</h2>
      {d.findings.length === 0 ? (
        <p className="muted">{D.findingsNone}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{D.item}</th>
                <th>{D.description}</th>
                <th>{msgs().inspections.comparison.selfCheckAnswer}</th>
                <th className="num">{D.caseCount}</th>
                <th className="num">{D.amountFound}</th>
                <th className="num">{D.amountRecovered}</th>
                {d.isManaged ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {d.findings.map((f) => {
                const isReported = f.checklistItemId !== null && reported.has(f.checklistItemId);
                return (
                  <tr key={f.id} className={isReported ? undefined : "insp-row--unreported"}>
                    <td className="cell-main" data-label={D.item}>
                      {f.itemCode ? `${f.itemCode} · ${f.itemTitle}` : D.offList}
                    </td>
                    <td data-label={D.description} className="break-anywhere">
                      {f.description}
                    </td>
                    <td data-label={msgs().inspections.comparison.selfCheckAnswer}>
                      {isReported ? (
                        <span className="badge insp-badge--reported">{msgs().inspections.comparison.foundReported}</span>
                      ) : (
                        <span className="badge insp-badge--unreported">{msgs().inspections.list.unreported}</span>
                      )}
                    </td>
                    <td className="num" data-label={D.caseCount}>
                      {f.caseCount}
                    </td>
                    <td className="num" data-label={D.amountFound}>
                      {formatFen(f.amountFoundFen)}
                    </td>
                    <td className="num" data-label={D.amountRecovered}>
                      {formatFen(f.amountRecoveredFen)}
                    </td>
                    {d.isManaged ? (
                      <td>
                        <Form
                          method="post"
                          onSubmit={(event) => {
                            if (!window.confirm(D.removeConfirm)) event.preventDefault();
                          }}
                        >
                          <input type="hidden" name="intent" value="remove-finding" />
                          <input type="hidden" name="findingId" value={f.id} />
                          <button type="submit" className="button button--secondary button--small">
                            {D.removeFinding}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {d.findings.length > 0 ? (
        <p className="insp-totals">
          {D.totals}：{D.caseCount} {d.totals.caseCount} · {D.amountFound} {formatFen(d.totals.amountFoundFen)} · {D.amountRecovered}{" "}
          {formatFen(d.totals.amountRecoveredFen)}
        </p>
      ) : null}
      {/* Keyed by the count, so a saved finding leaves an empty form behind. */}
      {d.isManaged ? <AddFindingForm key={d.findings.length} /> : null}
    </section>
  );
}

function AddFindingForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const serverErrors = actionData?.intent === "add-finding" ? actionData.fieldErrors : null;
  const defaults: FindingInput = {
    checklistItemId: "",
    description: "",
    caseCount: "1",
    amountFoundFen: "0.00",
    amountRecoveredFen: "0.00",
  };
  const { onSubmit, errorFor, errors, register } = useValidatedForm<FindingInput>(findingSchema, { defaultValues: defaults, serverErrors });
  const D = msgs().inspections.detail;
  const reported = new Set(d.reportedItemIds);
  const sections = [...new Set(d.items.map((item) => item.section))];
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="insp-add-finding">
      <h3>{D.addFinding}</h3>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="intent" value="add-finding" />
      <Field id="checklistItemId" label={D.item} error={errorFor("checklistItemId")}>
        {(aria) => (
          <select {...aria} {...register("checklistItemId")}>
            <option value="">{D.offList}</option>
            {sections.map((section) => (
              <optgroup key={section} label={section}>
                {d.items
                  .filter((item) => item.section === section)
                  .map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.code} · {item.title}
                      {reported.has(item.id) ? D.selfReportedMark : ""}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      <Field id="description" label={D.description} error={errorFor("description")} required>
        {(aria) => <textarea {...aria} rows={3} {...register("description")} />}
      </Field>
      <div className="form-grid form-grid--2">
        <Field id="caseCount" label={D.caseCount} error={errorFor("caseCount")} required>
          {(aria) => <input {...aria} inputMode="numeric" {...register("caseCount")} />}
        </Field>
        <Field id="amountFoundFen" label={D.amountFound} error={errorFor("amountFoundFen")} required>
          {(aria) => <input {...aria} inputMode="decimal" {...register("amountFoundFen")} />}
        </Field>
        <Field id="amountRecoveredFen" label={D.amountRecovered} error={errorFor("amountRecoveredFen")} required>
          {(aria) => <input {...aria} inputMode="decimal" {...register("amountRecoveredFen")} />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("common.saving") : D.addFinding}
        </button>
      </div>
    </Form>
  );
}

function AttachmentsPanel() {
  const d = useLoaderData<typeof loader>();
  const D = msgs().inspections.detail;
  const base = `/reg/inspections/${d.inspection.id}/attachments`;
  return (
    <section className="card" id="attachments">
      <h2>{D.attachments}</h2>
      {d.attachments.length === 0 ? (
        <p className="muted">{D.attachmentsNone}</p>
      ) : (
        <ul className="file-list">
          {d.attachments.map((a) => (
            <li key={a.id} className="file-row">
              <div className="file-row__main">
                <a href={`${base}/${a.id}`} className="file-row__name">
                  {a.fileName}
                </a>
                <small>
                  {Math.max(1, Math.round(a.sizeBytes / 1024))} KB · {a.uploadedByName} · {formatDateTime(a.uploadedAt)}
                </small>
              </div>
            </li>
          ))}
        </ul>
      )}
      {d.isManaged ? (
        <Form key={d.attachments.length} method="post" action={base} encType="multipart/form-data" className="upload-form">
          <div className="field">
            <label className="field__label" htmlFor="insp-files">
              {D.choose}
            </label>
            <input
              id="insp-files"
              type="file"
              name="files"
              multiple
              accept="image/*,application/pdf,.pdf,.doc,.docx,.xls,.xlsx,.heic,.heif"
            />
            <small className="field__hint">{t("inspections.detail.attachmentsHint", { mb: d.maxFileMb })}</small>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {D.upload}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
