// The risk list (风险分级): /reg/risk and its .xlsx export.
import { Link } from "@remix-run/react";
import { TierBadge } from "~/components/risk-tier";
import type { Tier } from "~/domain/risk";
import { INSTITUTION_KINDS, type InstitutionKind } from "~/domain/vocabulary";
import { defineList, listFilter } from "~/lists/define-list";
import { TIER_VALUES } from "~/schemas/risk";
import { formatDateCn } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";

export type RiskListRow = {
  id: string;
  name: string;
  kind: InstitutionKind;
  nhsaCode: string;
  regionName: string;
  score: number | null;
  computedTier: Tier | null;
  effectiveTier: Tier | null;
  isOverridden: boolean;
  isKeySupervisionTarget: boolean;
  lastInspectedOn: string | null;
  nextInspectionDueOn: string | null;
  /** The next inspection's date has come (today in Beijing). */
  isInspectionDue: boolean;
};

export const riskList = defineList({
  filters: {
    region: listFilter.regionCode(),
    kind: listFilter.oneOf(INSTITUTION_KINDS),
    tier: listFilter.oneOf(TIER_VALUES),
  },
  sort: { keys: { score: "desc", name: "asc", due: "asc" }, default: "score" },
  pageSize: 50,
  rowKey: (row: RiskListRow) => row.id,
  empty: "riskPages.list.none",
  columns: [
    {
      key: "institution",
      header: "riskPages.list.institution",
      sort: "name",
      main: true,
      cell: (row) => (
        <>
          <Link to={`/reg/institutions/${row.id}`}>{row.name}</Link>
          <br />
          <small>{row.nhsaCode}</small>
        </>
      ),
    },
    { key: "region", header: "riskPages.list.region", cell: (row) => row.regionName },
    { key: "kind", header: "riskPages.list.kind", cell: (row) => msgs().kinds[row.kind] },
    {
      key: "tier",
      header: "riskPages.list.effectiveTier",
      cell: (row) => {
        const M = msgs().riskPages.list;
        return (
          <>
            {row.effectiveTier ? <TierBadge tier={row.effectiveTier} /> : M.notScored}
            {row.isOverridden ? (
              <small className="risk-override-note">
                {M.overridden} · {t("riskPages.list.computedAs", { tier: row.computedTier ?? "", score: row.score ?? "" })}
              </small>
            ) : null}
            {row.isKeySupervisionTarget ? <small className="risk-key">{M.keySupervision}</small> : null}
          </>
        );
      },
    },
    { key: "score", header: "riskPages.list.score", sort: "score", numeric: true, cell: (row) => row.score ?? "—" },
    {
      key: "lastInspected",
      header: "riskPages.list.lastInspected",
      cell: (row) => (row.lastInspectedOn ? formatDateCn(row.lastInspectedOn) : t("riskPages.list.never")),
    },
    {
      key: "nextDue",
      header: "riskPages.list.nextDue",
      sort: "due",
      cell: (row) => (
        <>
          {row.nextInspectionDueOn ? formatDateCn(row.nextInspectionDueOn) : "—"}
          {row.isInspectionDue ? <small className="risk-due"> {t("riskPages.list.overdue")}</small> : null}
        </>
      ),
    },
  ],
  export: {
    sheet: "riskPages.list.sheet",
    fileName: "riskPages.list.fileName",
    columns: [
      { header: "riskPages.list.institution", width: 34, value: (r) => r.name },
      { header: "riskPages.list.nhsaCode", width: 16, value: (r) => r.nhsaCode },
      { header: "riskPages.list.region", width: 14, value: (r) => r.regionName },
      { header: "riskPages.list.kind", width: 14, value: (r) => msgs().kinds[r.kind] },
      { header: "riskPages.list.effectiveTier", width: 10, value: (r) => r.effectiveTier ?? t("riskPages.list.notScored") },
      { header: "riskPages.list.computedTier", width: 10, value: (r) => r.computedTier ?? t("riskPages.list.notScored") },
      { header: "riskPages.list.score", width: 8, value: (r) => r.score ?? "" },
      { header: "riskPages.list.overridden", width: 10, value: (r) => (r.isOverridden ? t("riskPages.list.yes") : "") },
      { header: "riskPages.list.keySupervision", width: 12, value: (r) => (r.isKeySupervisionTarget ? t("riskPages.list.yes") : "") },
      {
        header: "riskPages.list.lastInspected",
        width: 16,
        value: (r) => (r.lastInspectedOn ? formatDateCn(r.lastInspectedOn) : t("riskPages.list.never")),
      },
      { header: "riskPages.list.nextDue", width: 16, value: (r) => (r.nextInspectionDueOn ? formatDateCn(r.nextInspectionDueOn) : "") },
    ],
  },
});

export type RiskListQuery = ReturnType<typeof riskList.parse>;
