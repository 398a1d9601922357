// Risk tier of a designated medical institution: a transparent, explainable score from facts
// the system holds. Pure code, no I/O. Every weight, cap and boundary lives in RISK_RULES so a
// help page can render the rule exactly as it is applied.
//
// Principles:
// - Problems an inspection found that the self-check did not report weigh most: one such
//   finding alone reaches tier C, two reach tier D.
// - Honest self-reporting never adds risk. Only the quality of the follow-up counts
//   (evidence, rectification on time, money refunded), and those are measured as ratios so
//   reporting more problems is not punished by itself.
// - Every factor is capped; the total is clamped to 0..100 (higher = riskier).
// - Ratios use integer arithmetic (money in integer fen), rounded half up; an empty
//   denominator (nothing reported, nothing due, nothing involved) adds no points.

import { msgs, t } from "~/utils/i18n";
import { isValidDateOnly } from "~/utils/dates";
import { formatFen } from "~/utils/money";

export type Tier = "A" | "B" | "C" | "D";

export type RiskFacts = {
  /** Latest campaign's submission vs its due date. */
  selfCheck: "on_time" | "late" | "never";
  /** 0..1 answered items / applicable items. */
  completeness: number;
  /** Problems self-reported in the latest self-check. */
  problemsReported: number;
  /** Of those, how many have evidence files. */
  problemsWithEvidence: number;
  /** Rectifications whose due date has passed. */
  rectificationsDue: number;
  /** Of those, rectified by their due date. */
  rectificationsDoneOnTime: number;
  /** Money refunded (integer fen). */
  refundedFen: number;
  /** Money involved in the reported problems (integer fen). */
  amountInvolvedFen: number;
  /** Problems an inspection found that the self-check did not report (weighs most). */
  unreportedFoundByInspection: number;
  /** Past returns for rework. */
  returnsForRework: number;
  /** Clues about the institution closed as 查实 (confirmed by the bureau's verification). */
  confirmedClues: number;
};

export type RiskFactor =
  | "unreportedFoundByInspection"
  | "selfCheck"
  | "completeness"
  | "evidence"
  | "rectification"
  | "refund"
  | "returnsForRework"
  | "confirmedClues"
  | "selfReported";

export const RISK_RULES = {
  /** Each problem found by inspection but not self-reported. 1 → C, 2 → D. */
  unreportedFoundByInspection: { pointsEach: 35, cap: 70 },
  /** Latest self-check submission. */
  selfCheck: { on_time: 0, late: 10, never: 30 },
  /** Proportional to the share of applicable items left unanswered (100% missing → cap). */
  completeness: { cap: 20 },
  /** Proportional to the share of self-reported problems without evidence files. */
  evidence: { cap: 15 },
  /** Proportional to the share of due rectifications not done by their due date. */
  rectification: { cap: 20 },
  /** Proportional to the share of the money involved that was not refunded. */
  refund: { cap: 15 },
  /** Each past return for rework. */
  returnsForRework: { pointsEach: 4, cap: 12 },
  /** Each clue closed as 查实: a violation the self-check did not prevent, found by the bureau. */
  confirmedClues: { pointsEach: 10, cap: 30 },
  /** Self-reporting problems is good behaviour and never adds risk. */
  selfReported: { pointsEach: 0, cap: 0 },
  /** The total is clamped to this range. */
  score: { min: 0, max: 100 },
  /** Lowest score of each tier; a score below B's minimum is tier A. */
  tierMinScore: { A: 0, B: 15, C: 35, D: 60 },
  /** Recommended on-site inspection interval per tier. */
  inspectionIntervalMonths: { A: 24, B: 12, C: 6, D: 3 },
  /** Tiers whose institutions are key supervision targets (always in the inspection sample). */
  keySupervisionTiers: ["D"] as readonly Tier[],
} as const;

// User-facing Chinese text. To be moved into the i18n module by the integrator.
/** Labels and explanations, from the message module (templates with the numbers filled in). */
export const RISK_LABELS = {
  tier: msgs().risk.tier as Record<Tier, string>,
  source: msgs().risk.source,
  factor: msgs().risk.factor as Record<RiskFactor, string>,
  capped: (cap: number) => t("risk.capped", { cap }),
  explain: {
    unreported: (n: number, each: number) => (n === 0 ? t("risk.explain.unreportedNone") : t("risk.explain.unreported", { n, each })),
    selfCheck: {
      on_time: t("risk.explain.selfCheckOnTime"),
      late: t("risk.explain.selfCheckLate"),
      never: t("risk.explain.selfCheckNever"),
    },
    completeness: (pct: number) => t("risk.explain.completeness", { pct, rest: 100 - pct }),
    evidence: (reported: number, missing: number) =>
      reported === 0 ? t("risk.explain.evidenceNone") : t("risk.explain.evidence", { reported, missing }),
    rectification: (due: number, notDone: number) =>
      due === 0 ? t("risk.explain.rectificationNone") : t("risk.explain.rectification", { due, notDone }),
    refund: (involvedFen: number, refundedFen: number, unrefundedPct: number) =>
      involvedFen === 0
        ? t("risk.explain.refundNone")
        : t("risk.explain.refund", { involved: formatFen(involvedFen), refunded: formatFen(refundedFen), pct: unrefundedPct }),
    returnsForRework: (n: number, each: number) => (n === 0 ? t("risk.explain.returnsNone") : t("risk.explain.returns", { n, each })),
    confirmedClues: (n: number, each: number) =>
      n === 0 ? t("risk.explain.confirmedCluesNone") : t("risk.explain.confirmedClues", { n, each }),
    selfReported: (n: number) => t("risk.explain.selfReported", { n }),
  },
};

export type FactorResult = {
  factor: RiskFactor;
  label: string;
  points: number;
  /** Chinese, with the numbers behind the points. */
  explanation: string;
};

export type RiskResult = {
  score: number;
  tier: Tier;
  factors: FactorResult[];
  inspectionIntervalMonths: number;
  isKeySupervisionTarget: boolean;
};

/** A non-negative safe integer; anything else (negative, NaN, fractional) is normalised. */
function count(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(Math.trunc(value), Number.MAX_SAFE_INTEGER);
}

/** round(part / whole × max), half up, exact in integers. whole = 0 → 0. */
export function ratioPoints(part: number, whole: number, max: number): number {
  if (whole <= 0 || part <= 0) return 0;
  const p = BigInt(Math.min(part, whole));
  const w = BigInt(whole);
  return Number((p * BigInt(max) * 2n + w) / (2n * w));
}

function perEach(n: number, rule: { pointsEach: number; cap: number }): { points: number; capped: boolean } {
  const raw = n * rule.pointsEach;
  return raw > rule.cap ? { points: rule.cap, capped: true } : { points: raw, capped: false };
}

export function tierForScore(score: number): Tier {
  const min = RISK_RULES.tierMinScore;
  if (score >= min.D) return "D";
  if (score >= min.C) return "C";
  if (score >= min.B) return "B";
  return "A";
}

export function scoreRisk(facts: RiskFacts): RiskResult {
  const R = RISK_RULES;
  const E = RISK_LABELS.explain;
  const factors: FactorResult[] = [];
  const add = (factor: RiskFactor, points: number, explanation: string) =>
    factors.push({ factor, label: RISK_LABELS.factor[factor], points, explanation });
  /** A points-per-occurrence factor, its explanation noting when the cap was reached. */
  const addEach = (
    factor: "unreportedFoundByInspection" | "returnsForRework" | "confirmedClues",
    n: number,
    explain: (n: number, each: number) => string,
  ) => {
    const rule = R[factor];
    const { points, capped } = perEach(n, rule);
    add(factor, points, explain(n, rule.pointsEach) + (capped ? RISK_LABELS.capped(points) : ""));
  };

  addEach("unreportedFoundByInspection", count(facts.unreportedFoundByInspection), E.unreported);

  add("selfCheck", R.selfCheck[facts.selfCheck], E.selfCheck[facts.selfCheck]);

  const c = Number.isFinite(facts.completeness) ? Math.min(1, Math.max(0, facts.completeness)) : 0;
  const pct = Math.round(c * 100);
  add("completeness", ratioPoints(100 - pct, 100, R.completeness.cap), E.completeness(pct));

  const reported = count(facts.problemsReported);
  const missingEvidence = Math.max(0, reported - Math.min(count(facts.problemsWithEvidence), reported));
  add("evidence", ratioPoints(missingEvidence, reported, R.evidence.cap), E.evidence(reported, missingEvidence));

  const due = count(facts.rectificationsDue);
  const notDone = Math.max(0, due - Math.min(count(facts.rectificationsDoneOnTime), due));
  add("rectification", ratioPoints(notDone, due, R.rectification.cap), E.rectification(due, notDone));

  const involved = count(facts.amountInvolvedFen);
  const refunded = Math.min(count(facts.refundedFen), involved);
  const unrefunded = involved - refunded;
  add("refund", ratioPoints(unrefunded, involved, R.refund.cap), E.refund(involved, refunded, ratioPoints(unrefunded, involved, 100)));

  addEach("returnsForRework", count(facts.returnsForRework), E.returnsForRework);
  addEach("confirmedClues", count(facts.confirmedClues), E.confirmedClues);

  add("selfReported", 0, E.selfReported(reported));

  const total = factors.reduce((sum, f) => sum + f.points, 0);
  const score = Math.min(R.score.max, Math.max(R.score.min, total));
  const tier = tierForScore(score);
  return {
    score,
    tier,
    factors,
    inspectionIntervalMonths: R.inspectionIntervalMonths[tier],
    isKeySupervisionTarget: R.keySupervisionTiers.includes(tier),
  };
}

/** Date-only: add whole months; a day past the target month's end becomes its last day. */
export function addMonths(dateOnly: string, months: number): string {
  if (!isValidDateOnly(dateOnly)) throw new Error(`Invalid date: ${dateOnly}`);
  const [y, m, d] = dateOnly.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12; // 0-based
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const nd = Math.min(d, lastDay);
  return `${String(ny).padStart(4, "0")}-${String(nm + 1).padStart(2, "0")}-${String(nd).padStart(2, "0")}`;
}

/**
 * When the next on-site inspection is due: last inspection + the tier's interval.
 * Never inspected → due today. A result before today means the inspection is overdue.
 */
export function nextInspectionDue(lastInspectedOn: string | null, tier: Tier, today: string): string {
  if (!isValidDateOnly(today)) throw new Error(`Invalid date: ${today}`);
  if (lastInspectedOn == null) return today;
  return addMonths(lastInspectedOn, RISK_RULES.inspectionIntervalMonths[tier]);
}

export type TierOverride = { tier: Tier; reason: string; expiresOn: string };

/** A regulator's override applies up to and including its expiry date; then the computed tier. */
export function effectiveTier(
  computed: Tier,
  override: TierOverride | null,
  today: string,
): { tier: Tier; source: "computed" | "override" } {
  if (override && today <= override.expiresOn) return { tier: override.tier, source: "override" };
  return { tier: computed, source: "computed" };
}
