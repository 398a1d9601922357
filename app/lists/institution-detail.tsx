// The panels of an institution's page (/reg/institutions/:id) that are lists, each shown whole:
// its risk tier's history and its self-checks.
import { Link } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/status-badge";
import type { Tier } from "~/domain/risk";
import type { AssessmentStatus } from "~/domain/vocabulary";
import { defineTable } from "~/lists/define-list";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";

export type RiskHistoryRow = {
  id: string | number;
  computedAt: string | Date;
  previousTier: Tier | null;
  tier: Tier;
  previousScore: number | null;
  score: number;
  cause: string;
};

function causeLabel(cause: string) {
  const causes = msgs().riskPages.causes as Record<string, string>;
  return causes[cause] ?? cause;
}

export const riskHistoryTable = defineTable({
  rowKey: (h: RiskHistoryRow) => String(h.id),
  empty: "riskPages.institution.historyNone",
  columns: [
    { key: "at", header: "riskPages.institution.historyAt", cell: (h) => formatDateTime(h.computedAt) },
    {
      key: "change",
      header: "riskPages.institution.historyChange",
      main: true,
      cell: (h) =>
        h.previousTier
          ? t("riskPages.institution.historyFrom", { from: h.previousTier, to: h.tier })
          : t("riskPages.institution.historyFirst", { to: h.tier }),
    },
    {
      key: "score",
      header: "riskPages.list.score",
      numeric: true,
      cell: (h) => (h.previousScore != null ? `${h.previousScore} → ${h.score}` : h.score),
    },
    { key: "cause", header: "riskPages.institution.historyCause", cell: (h) => causeLabel(h.cause) },
  ],
});

export type SelfCheckRow = {
  id: string;
  campaignTitle: string;
  status: AssessmentStatus;
  selfCheckDueOn: string;
  submittedAt: string | Date | null;
  problemCount: number;
};

export const selfChecksTable = defineTable({
  rowKey: (s: SelfCheckRow) => s.id,
  empty: "riskPages.institution.selfChecksNone",
  columns: [
    {
      key: "campaign",
      header: "riskPages.institution.campaign",
      main: true,
      cell: (s) => <Link to={`/reg/assessments/${s.id}`}>{s.campaignTitle}</Link>,
    },
    { key: "status", header: "riskPages.institution.status", cell: (s) => <AssessmentStatusBadge status={s.status} /> },
    { key: "dueOn", header: "riskPages.institution.dueOn", cell: (s) => formatDateCn(s.selfCheckDueOn) },
    {
      key: "submittedAt",
      header: "riskPages.institution.submittedAt",
      cell: (s) => (s.submittedAt ? formatDateTime(s.submittedAt) : "—"),
    },
    { key: "problems", header: "riskPages.institution.problems", numeric: true, cell: (s) => s.problemCount },
  ],
});
