import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { CampaignStatusBadge } from "~/components/status-badge";
import { campaignTargetsList } from "~/lists/campaign-targets";
import { getCampaignPage, openCampaign } from "~/models/campaign.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { ASSESSMENT_STATUSES } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { enqueue, enqueueCampaignOpened } from "~/utils/queue.server";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { forbidden, requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? ""} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const today = todayLocal();
  const { detail, targets, regions } = await getCampaignPage(db, scope, params.campaignId!, campaignTargetsList.parse(request), today);
  return {
    campaign: detail.campaign,
    checklist: {
      title: detail.checklistTitle,
      docNumber: detail.checklistDocNumber,
      issuer: detail.checklistIssuer,
      version: detail.version,
    },
    targetRegionName: detail.targetRegionName,
    createdByName: detail.createdByName,
    summary: detail.summary,
    isManaged: detail.isManaged,
    potentialTargets: detail.potentialTargets,
    targets,
    regions,
    today,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  if (form.get("intent") !== "open") forbidden();
  const result = await openCampaign(db, scope, params.campaignId!);
  if (!result.ok) return data({ error: result.error }, { status: 409 });
  await enqueue(enqueueCampaignOpened, params.campaignId!);
  return redirectWithFlash(`/reg/campaigns/${params.campaignId}`, t("regulator.opened", { count: result.targetCount }));
}

export default function CampaignPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const c = d.campaign;
  const s = d.summary;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg">{t("nav.campaigns")}</Link> / {c.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{c.title}</h1>
          <p>{t("common.listWithVersion", { title: d.checklist.title, docNumber: d.checklist.docNumber, version: d.checklist.version })}</p>
        </div>
        <CampaignStatusBadge status={c.status} />
      </div>

      <section className="card">
        <h2>{t("regulator.campaignDetails")}</h2>
        <dl className="facts">
          <dt>{t("regulator.targetRegion")}</dt>
          <dd>{d.targetRegionName}</dd>
          <dt>{t("regulator.targetKinds")}</dt>
          <dd>{c.targetKinds.map((k) => msgs().kinds[k as keyof ReturnType<typeof msgs>["kinds"]]).join("、")}</dd>
          <dt>{t("regulator.period")}</dt>
          <dd>
            {c.reviewPeriodEnd
              ? t("regulator.periodRange", { start: formatDateCn(c.reviewPeriodStart), end: formatDateCn(c.reviewPeriodEnd) })
              : t("regulator.periodSince", { start: formatDateCn(c.reviewPeriodStart) })}
          </dd>
          <dt>{t("regulator.selfCheckDueOn")}</dt>
          <dd>{formatDateCn(c.selfCheckDueOn)}</dd>
          <dt>{t("regulator.rectificationDueOn")}</dt>
          <dd>{formatDateCn(c.rectificationDueOn)}</dd>
          <dt>{t("regulator.escalation")}</dt>
          <dd>{t("regulator.escalationSummary", { county: c.escalateCountyAfterDays, city: c.escalateCityAfterDays })}</dd>
          {c.openedAt ? (
            <>
              <dt>{t("regulator.openedAt")}</dt>
              <dd>{formatDateTime(c.openedAt)}</dd>
            </>
          ) : null}
          {c.description ? (
            <>
              <dt>{t("regulator.description")}</dt>
              <dd>{c.description}</dd>
            </>
          ) : null}
        </dl>
        {c.status === "draft" && d.isManaged ? (
          <Form
            method="post"
            className="actions"
            onSubmit={(event) => {
              if (!window.confirm(t("regulator.openConfirm", { count: d.potentialTargets ?? 0 }))) event.preventDefault();
            }}
          >
            <p style={{ flexBasis: "100%" }}>{t("regulator.targetsPreview", { count: d.potentialTargets ?? 0 })}</p>
            {actionData?.error ? (
              <div className="form-alert" role="alert" style={{ flexBasis: "100%" }}>
                {actionData.error}
              </div>
            ) : null}
            <button
              type="submit"
              name="intent"
              value="open"
              className="button"
              disabled={navigation.state === "submitting" || !d.potentialTargets}
            >
              {navigation.state === "submitting" ? t("regulator.opening") : t("regulator.open")}
            </button>
          </Form>
        ) : null}
      </section>

      {d.targets ? (
        <>
          <div className="stats">
            <Stat label={t("regulator.targets")} value={String(s.targetCount)} />
            <Stat label={t("regulator.submittedCount")} value={`${s.submittedCount}`} />
            <Stat label={t("assessmentStatus.accepted")} value={String(s.acceptedCount)} />
            <Stat label={t("assessmentStatus.returned")} value={String(s.returnedCount)} />
            <Stat label={t("assessmentStatus.in_progress")} value={String(s.inProgressCount)} />
            <Stat label={t("assessmentStatus.not_started")} value={String(s.notStartedCount)} />
            <Stat label={t("regulator.problems")} value={String(s.problemCount)} />
            <Stat label={`${t("regulator.refunded")}（${t("common.yuan")}）`} value={formatFen(s.refundedFen)} />
          </div>
          <section className="card">
            <div className="card__head">
              <h2>{t("regulator.targets")}</h2>
              <span className="muted">
                {t("regulator.completion")} {s.targetCount ? Math.round((s.submittedCount / s.targetCount) * 100) : 0}%
              </span>
            </div>
            <FilterBar>
              <RegionFilter regions={d.regions} />
              <FilterSelect name="status" label={t("regulator.filterStatus")}>
                {ASSESSMENT_STATUSES.map((st) => (
                  <option key={st} value={st}>
                    {msgs().assessmentStatus[st]}
                  </option>
                ))}
                <option value="overdue">{t("regulator.overdue")}</option>
              </FilterSelect>
            </FilterBar>
            <DataTable list={campaignTargetsList} page={d.targets} label={t("regulator.targets")} />
          </section>
        </>
      ) : null}
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
    </div>
  );
}
