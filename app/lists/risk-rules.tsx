// The two tables of the risk rules page (/reg/risk/rules): the scoring factors and the tiers.
import { TierBadge } from "~/components/risk-tier";
import { RISK_LABELS, RISK_RULES, type RiskFactor, type Tier } from "~/domain/risk";
import { defineTable } from "~/lists/define-list";
import { msgs, t } from "~/utils/i18n";

export type FactorRuleRow = { factor: RiskFactor; rule: string; max: number };

export const factorRulesTable = defineTable({
  rowKey: (row: FactorRuleRow) => row.factor,
  columns: [
    { key: "factor", header: "riskPages.rules.factor", main: true, cell: (row) => RISK_LABELS.factor[row.factor] },
    { key: "rule", header: "riskPages.rules.rule", cell: (row) => row.rule },
    { key: "max", header: "riskPages.rules.maxPoints", numeric: true, cell: (row) => row.max },
  ],
});

export type TierRuleRow = { tier: Tier; range: string };

export const tierRulesTable = defineTable({
  rowKey: (row: TierRuleRow) => row.tier,
  columns: [
    {
      key: "tier",
      header: "riskPages.rules.tier",
      main: true,
      cell: (row) => (
        <>
          <TierBadge tier={row.tier} /> {msgs().risk.tier[row.tier]}
        </>
      ),
    },
    { key: "range", header: "riskPages.rules.scoreRange", cell: (row) => row.range },
    {
      key: "interval",
      header: "riskPages.rules.interval",
      cell: (row) => t("riskPages.rules.everyMonths", { months: RISK_RULES.inspectionIntervalMonths[row.tier] }),
    },
    {
      key: "keySupervision",
      header: "riskPages.list.keySupervision",
      cell: (row) => {
        const M = msgs().riskPages.rules;
        return RISK_RULES.keySupervisionTiers.includes(row.tier) ? M.keySupervision : M.normal;
      },
    },
  ],
});
