// The institutions drawn by one sample (/reg/samples/:id), in draw order, shown whole.
import { Link } from "@remix-run/react";
import { TierBadge } from "~/components/risk-tier";
import type { Tier } from "~/domain/risk";
import type { InstitutionKind } from "~/domain/vocabulary";
import { defineTable } from "~/lists/define-list";
import { msgs, t } from "~/utils/i18n";

export type SampleEntryRow = {
  sampleId: string;
  position: number;
  institutionId: string;
  name: string;
  nhsaCode: string;
  kind: InstitutionKind;
  regionName: string;
  tier: Tier;
  reason: keyof ReturnType<typeof msgs>["riskPages"]["sample"]["reasons"];
  inspectorNames: string[];
  isInspected: boolean;
};

export const sampleEntriesTable = defineTable({
  rowKey: (e: SampleEntryRow) => e.institutionId,
  columns: [
    { key: "position", header: "riskPages.sample.position", numeric: true, cell: (e) => e.position },
    {
      key: "institution",
      header: "riskPages.sample.institution",
      main: true,
      cell: (e) => (
        <>
          <Link to={`/reg/institutions/${e.institutionId}`}>{e.name}</Link>
          <br />
          <small>
            {e.nhsaCode} · {msgs().kinds[e.kind]}
          </small>
        </>
      ),
    },
    { key: "region", header: "riskPages.sample.regionCol", cell: (e) => e.regionName },
    { key: "tier", header: "riskPages.sample.tier", cell: (e) => <TierBadge tier={e.tier} label={msgs().risk.tier[e.tier]} /> },
    {
      key: "reason",
      header: "riskPages.sample.reason",
      cell: (e) => <span className={`badge risk-reason--${e.reason}`}>{msgs().riskPages.sample.reasons[e.reason]}</span>,
    },
    {
      key: "inspectors",
      header: "riskPages.sample.inspectorsCol",
      cell: (e) => (e.inspectorNames.length ? e.inspectorNames.join("、") : "—"),
    },
    {
      key: "inspection",
      header: "inspections.title",
      cell: (e) =>
        e.isInspected ? (
          <span className="badge">{t("inspections.sampleEntryInspected")}</span>
        ) : (
          <Link to={`/reg/inspections/new?institution=${e.institutionId}&sample=${e.sampleId}`}>{t("inspections.add")}</Link>
        ),
    },
  ],
});
