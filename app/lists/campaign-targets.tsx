// A campaign's target institutions (/reg/campaigns/:campaignId), filtered by region and status.
import { Link } from "@remix-run/react";
import { ProgressBar } from "~/components/progress-bar";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { ASSESSMENT_STATUSES, type AssessmentStatus, type InstitutionKind } from "~/domain/vocabulary";
import { defineList, listFilter } from "~/lists/define-list";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";

export type CampaignTargetRow = {
  assessmentId: string;
  institutionName: string;
  nhsaCode: string;
  kind: InstitutionKind;
  regionName: string;
  status: AssessmentStatus;
  itemCount: number;
  answeredCount: number;
  problemCount: number;
  refundedFen: number;
  submittedAt: Date | string | null;
};

export const campaignTargetsList = defineList({
  filters: {
    region: listFilter.regionCode(),
    status: listFilter.oneOf([...ASSESSMENT_STATUSES, "overdue"]),
  },
  sort: { keys: { region: "asc" }, default: "region" },
  pageSize: 50,
  rowKey: (row: CampaignTargetRow) => row.assessmentId,
  empty: "regulator.noRows",
  columns: [
    {
      key: "institution",
      header: "regulator.institution",
      main: true,
      cell: (row) => (
        <>
          <Link to={`/reg/assessments/${row.assessmentId}`}>{row.institutionName}</Link>
          <br />
          <small>{row.nhsaCode}</small>
        </>
      ),
    },
    { key: "region", header: "regulator.region", cell: (row) => row.regionName },
    { key: "kind", header: "regulator.kind", cell: (row) => msgs().kinds[row.kind] },
    { key: "status", header: "regulator.status", cell: (row) => <AssessmentStatusBadge status={row.status} /> },
    {
      key: "progress",
      header: "regulator.progress",
      cell: (row) => (
        <span style={{ minWidth: 120, display: "inline-block" }}>
          <ProgressBar
            value={row.answeredCount}
            total={row.itemCount}
            label={t("institution.answeredOf", { answered: row.answeredCount, total: row.itemCount })}
          />
          <small>
            {row.answeredCount}/{row.itemCount}
          </small>
        </span>
      ),
    },
    { key: "problems", header: "regulator.problems", numeric: true, cell: (row) => row.problemCount },
    { key: "refunded", header: "regulator.refunded", numeric: true, cell: (row) => formatFen(row.refundedFen) },
    { key: "submittedAt", header: "regulator.submittedAt", cell: (row) => (row.submittedAt ? formatDateTime(row.submittedAt) : "—") },
  ],
});

export type CampaignTargetsQuery = ReturnType<typeof campaignTargetsList.parse>;
