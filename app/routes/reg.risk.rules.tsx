// The scoring rule, rendered from RISK_RULES itself, so the page can never drift from the code.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { factorRulesTable, tierRulesTable, type FactorRuleRow } from "~/lists/risk-rules";
import { TIER_VALUES } from "~/schemas/risk";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { RISK_RULES } from "~/domain/risk";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.rules.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  return null;
}

const R = RISK_RULES;
const FACTOR_ROWS: FactorRuleRow[] = [
  {
    factor: "unreportedFoundByInspection",
    rule: t("riskPages.rules.ruleText.unreportedFoundByInspection", {
      each: R.unreportedFoundByInspection.pointsEach,
      cap: R.unreportedFoundByInspection.cap,
    }),
    max: R.unreportedFoundByInspection.cap,
  },
  {
    factor: "selfCheck",
    rule: t("riskPages.rules.ruleText.selfCheck", { onTime: R.selfCheck.on_time, late: R.selfCheck.late, never: R.selfCheck.never }),
    max: Math.max(R.selfCheck.on_time, R.selfCheck.late, R.selfCheck.never),
  },
  { factor: "completeness", rule: t("riskPages.rules.ruleText.completeness", { cap: R.completeness.cap }), max: R.completeness.cap },
  { factor: "evidence", rule: t("riskPages.rules.ruleText.evidence", { cap: R.evidence.cap }), max: R.evidence.cap },
  { factor: "rectification", rule: t("riskPages.rules.ruleText.rectification", { cap: R.rectification.cap }), max: R.rectification.cap },
  { factor: "refund", rule: t("riskPages.rules.ruleText.refund", { cap: R.refund.cap }), max: R.refund.cap },
  {
    factor: "returnsForRework",
    rule: t("riskPages.rules.ruleText.returnsForRework", { each: R.returnsForRework.pointsEach, cap: R.returnsForRework.cap }),
    max: R.returnsForRework.cap,
  },
  {
    factor: "confirmedClues",
    rule: t("riskPages.rules.ruleText.confirmedClues", { each: R.confirmedClues.pointsEach, cap: R.confirmedClues.cap }),
    max: R.confirmedClues.cap,
  },
  { factor: "selfReported", rule: t("riskPages.rules.ruleText.selfReported"), max: R.selfReported.cap },
];

function tierRange(index: number) {
  const tier = TIER_VALUES[index];
  const min = R.tierMinScore[tier];
  const next = TIER_VALUES[index + 1];
  const max = next ? R.tierMinScore[next] - 1 : R.score.max;
  return t("riskPages.rules.range", { min, max });
}

export default function RiskRulesPage() {
  const M = msgs().riskPages.rules;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/risk">{t("riskPages.list.title")}</Link> / {M.title}
      </nav>
      <h1>{M.title}</h1>
      <p>{M.intro}</p>
      <section className="card">
        <h2>{M.factorsTitle}</h2>
        <DataTable list={factorRulesTable} page={{ rows: FACTOR_ROWS }} label={M.factorsTitle} />
      </section>
      <section className="card">
        <h2>{M.tiersTitle}</h2>
        <DataTable
          list={tierRulesTable}
          page={{ rows: TIER_VALUES.map((tier, index) => ({ tier, range: tierRange(index) })) }}
          label={M.tiersTitle}
        />
      </section>
      <section className="card">
        <h2>{M.notesTitle}</h2>
        <ul className="risk-notes">
          <li>{M.notes.latest}</li>
          <li>{M.notes.unreported}</li>
          <li>{M.notes.due}</li>
          <li>{M.notes.override}</li>
          <li>{M.notes.recompute}</li>
        </ul>
      </section>
    </>
  );
}
