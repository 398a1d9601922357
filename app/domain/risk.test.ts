import { describe, expect, it } from "vitest";
import { effectiveTier, nextInspectionDue, RISK_RULES, scoreRisk, tierForScore, type RiskFacts, type RiskFactor } from "~/domain/risk";

/** Submitted on time, complete, reported problems honestly and followed every one up. */
const citizen: RiskFacts = {
  selfCheck: "on_time",
  completeness: 1,
  problemsReported: 2,
  problemsWithEvidence: 2,
  rectificationsDue: 2,
  rectificationsDoneOnTime: 2,
  refundedFen: 50_000,
  amountInvolvedFen: 50_000,
  unreportedFoundByInspection: 0,
  returnsForRework: 0,
  confirmedClues: 0,
};

const score = (change: Partial<RiskFacts>) => scoreRisk({ ...citizen, ...change });
const factor = (result: ReturnType<typeof scoreRisk>, name: RiskFactor) => result.factors.find((f) => f.factor === name)!;

describe("scoreRisk: baseline", () => {
  it("a model citizen scores 0, tier A, every 24 months, every factor shown with 0 points", () => {
    const r = scoreRisk(citizen);
    expect(r).toMatchObject({ score: 0, tier: "A", inspectionIntervalMonths: 24, isKeySupervisionTarget: false });
    expect(r.factors.map((f) => f.factor)).toEqual([
      "unreportedFoundByInspection",
      "selfCheck",
      "completeness",
      "evidence",
      "rectification",
      "refund",
      "returnsForRework",
      "confirmedClues",
      "selfReported",
    ]);
    expect(r.factors.every((f) => f.points === 0 && f.label && f.explanation)).toBe(true);
  });

  it("honest self-reporting adds no risk, however many problems are reported", () => {
    const r = score({ problemsReported: 40, problemsWithEvidence: 40 });
    expect(r.score).toBe(0);
    expect(factor(r, "selfReported")).toMatchObject({ points: 0, explanation: "主动上报 40 个问题；如实自查不增加风险分" });
  });
});

describe("scoreRisk: one factor at a time", () => {
  it.each<[string, Partial<RiskFacts>, RiskFactor, number, string]>([
    ["late submission", { selfCheck: "late" }, "selfCheck", 10, "最近一期自查逾期提交"],
    ["never submitted", { selfCheck: "never" }, "selfCheck", 30, "最近一期自查未提交"],
    ["completeness 98% rounds to 0", { completeness: 0.98 }, "completeness", 0, "应填项目已填 98%，未填 2%"],
    ["completeness 97%", { completeness: 0.97 }, "completeness", 1, "应填项目已填 97%，未填 3%"],
    ["completeness 80%", { completeness: 0.8 }, "completeness", 4, "应填项目已填 80%，未填 20%"],
    ["completeness 0%", { completeness: 0 }, "completeness", 20, "应填项目已填 0%，未填 100%"],
    [
      "1 of 3 problems without evidence",
      { problemsReported: 3, problemsWithEvidence: 2 },
      "evidence",
      5,
      "自查上报 3 个问题，其中 1 个未上传佐证材料",
    ],
    [
      "1 of 2 problems without evidence (7.5 rounds up)",
      { problemsWithEvidence: 1 },
      "evidence",
      8,
      "自查上报 2 个问题，其中 1 个未上传佐证材料",
    ],
    ["no evidence at all", { problemsWithEvidence: 0 }, "evidence", 15, "自查上报 2 个问题，其中 2 个未上传佐证材料"],
    [
      "1 of 4 rectifications late",
      { rectificationsDue: 4, rectificationsDoneOnTime: 3 },
      "rectification",
      5,
      "已到期整改 4 项，其中 1 项未按期完成",
    ],
    ["no rectification on time", { rectificationsDoneOnTime: 0 }, "rectification", 20, "已到期整改 2 项，其中 2 项未按期完成"],
    [
      "60% not refunded",
      { amountInvolvedFen: 100_000, refundedFen: 40_000 },
      "refund",
      9,
      "涉及金额 1,000.00 元，已退回 400.00 元，未退回 60%",
    ],
    ["nothing refunded", { refundedFen: 0 }, "refund", 15, "涉及金额 500.00 元，已退回 0.00 元，未退回 100%"],
    [
      "1 unreported finding",
      { unreportedFoundByInspection: 1 },
      "unreportedFoundByInspection",
      35,
      "检查发现 1 个自查未上报的问题，每个计 35 分",
    ],
    [
      "2 unreported findings",
      { unreportedFoundByInspection: 2 },
      "unreportedFoundByInspection",
      70,
      "检查发现 2 个自查未上报的问题，每个计 35 分",
    ],
    ["2 returns for rework", { returnsForRework: 2 }, "returnsForRework", 8, "曾被退回修改 2 次，每次计 4 分"],
  ])("%s", (_name, change, name, points, explanation) => {
    const r = score(change);
    expect(factor(r, name)).toMatchObject({ points, explanation });
    expect(r.score).toBe(points);
    expect(r.factors.filter((f) => f.factor !== name).every((f) => f.points === 0)).toBe(true);
  });
});

describe("scoreRisk: empty denominators and odd input", () => {
  it.each<[string, Partial<RiskFacts>, RiskFactor, string]>([
    ["no problems reported", { problemsReported: 0, problemsWithEvidence: 0 }, "evidence", "无自查上报问题，不计佐证材料分"],
    ["no rectification due", { rectificationsDue: 0, rectificationsDoneOnTime: 0 }, "rectification", "无已到期的整改事项"],
    ["no money involved", { amountInvolvedFen: 0, refundedFen: 0 }, "refund", "无涉及金额，不计退回分"],
  ])("%s adds 0 points", (_name, change, name, explanation) => {
    expect(factor(score(change), name)).toMatchObject({ points: 0, explanation });
    expect(score(change).score).toBe(0);
  });

  it("more evidence than problems, more refunded than involved, negatives and NaN add nothing", () => {
    expect(score({ problemsWithEvidence: 9, refundedFen: 99_999_999, returnsForRework: -3, completeness: 1.5 }).score).toBe(0);
    expect(factor(score({ completeness: Number.NaN }), "completeness").points).toBe(20);
  });

  it("large fen amounts use exact integer arithmetic", () => {
    const involved = 3_000_000_000_000_001; // beyond float-exact products with the weight
    const r = score({ amountInvolvedFen: involved, refundedFen: involved - 1_000_000_000_000_000 });
    expect(factor(r, "refund").points).toBe(5); // one third of 15
  });
});

describe("caps and clamp", () => {
  it("unreported findings cap at 70", () => {
    expect(factor(score({ unreportedFoundByInspection: 5 }), "unreportedFoundByInspection")).toMatchObject({
      points: 70,
      explanation: "检查发现 5 个自查未上报的问题，每个计 35 分（已达上限 70 分）",
    });
  });

  it("returns for rework cap at 12", () => {
    expect(factor(score({ returnsForRework: 5 }), "returnsForRework")).toMatchObject({
      points: 12,
      explanation: "曾被退回修改 5 次，每次计 4 分（已达上限 12 分）",
    });
  });

  it("the total is clamped to 100", () => {
    const worst = scoreRisk({
      selfCheck: "never",
      completeness: 0,
      problemsReported: 3,
      problemsWithEvidence: 0,
      rectificationsDue: 3,
      rectificationsDoneOnTime: 0,
      refundedFen: 0,
      amountInvolvedFen: 100,
      unreportedFoundByInspection: 10,
      returnsForRework: 10,
      confirmedClues: 10,
    });
    expect(worst.factors.reduce((s, f) => s + f.points, 0)).toBe(212);
    expect(worst).toMatchObject({ score: 100, tier: "D", inspectionIntervalMonths: 3, isKeySupervisionTarget: true });
  });
});

describe("unreported findings dominate", () => {
  it("one finding weighs more than any other factor can", () => {
    const each = RISK_RULES.unreportedFoundByInspection.pointsEach;
    const otherMax = [
      RISK_RULES.selfCheck.never,
      RISK_RULES.completeness.cap,
      RISK_RULES.evidence.cap,
      RISK_RULES.rectification.cap,
      RISK_RULES.refund.cap,
      RISK_RULES.returnsForRework.cap,
    ];
    expect(Math.max(...otherMax)).toBeLessThan(each);
  });

  it("one finding alone → C (6 months); two → D, key supervision target (3 months)", () => {
    expect(score({ unreportedFoundByInspection: 1 })).toMatchObject({
      tier: "C",
      inspectionIntervalMonths: 6,
      isKeySupervisionTarget: false,
    });
    expect(score({ unreportedFoundByInspection: 2 })).toMatchObject({
      tier: "D",
      inspectionIntervalMonths: 3,
      isKeySupervisionTarget: true,
    });
  });
});

describe("tier boundaries", () => {
  it.each([
    [0, "A"],
    [14, "A"],
    [15, "B"],
    [34, "B"],
    [35, "C"],
    [59, "C"],
    [60, "D"],
    [100, "D"],
  ])("score %i → %s", (s, tier) => {
    expect(tierForScore(s)).toBe(tier);
  });

  it.each<[Partial<RiskFacts>, number, string, number]>([
    [{ selfCheck: "late", returnsForRework: 1 }, 14, "A", 24],
    [{ problemsWithEvidence: 0 }, 15, "B", 12],
    [{ selfCheck: "never", returnsForRework: 1 }, 34, "B", 12],
    [{ unreportedFoundByInspection: 1 }, 35, "C", 6],
    [{ unreportedFoundByInspection: 1, rectificationsDoneOnTime: 0, returnsForRework: 1 }, 59, "C", 6],
    [{ unreportedFoundByInspection: 1, problemsWithEvidence: 0, selfCheck: "late" }, 60, "D", 3],
  ])("facts %o score %i → tier %s, every %i months", (change, s, tier, months) => {
    expect(score(change)).toMatchObject({ score: s, tier, inspectionIntervalMonths: months });
  });
});

describe("nextInspectionDue", () => {
  it("never inspected → due today", () => {
    expect(nextInspectionDue(null, "A", "2026-05-20")).toBe("2026-05-20");
  });

  it.each([
    ["2026-01-15", "A", "2028-01-15"],
    ["2026-01-15", "B", "2027-01-15"],
    ["2026-08-31", "C", "2027-02-28"],
    ["2027-08-31", "C", "2028-02-29"],
    ["2026-03-31", "C", "2026-09-30"],
    ["2026-11-30", "D", "2027-02-28"],
    ["2026-10-31", "D", "2027-01-31"],
    ["2024-02-29", "A", "2026-02-28"],
  ] as const)("%s + tier %s interval → %s", (last, tier, due) => {
    expect(nextInspectionDue(last, tier, "2026-05-20")).toBe(due);
  });

  it("a due date before today is returned as is (overdue)", () => {
    expect(nextInspectionDue("2020-01-01", "D", "2026-05-20")).toBe("2020-04-01");
  });

  it("rejects invalid dates", () => {
    expect(() => nextInspectionDue("2026-02-30", "A", "2026-05-20")).toThrow();
  });
});

describe("effectiveTier", () => {
  const override = { tier: "D" as const, reason: "举报线索待核查", expiresOn: "2026-06-30" };

  it.each([
    ["2026-06-29", "D", "override"],
    ["2026-06-30", "D", "override"],
    ["2026-07-01", "B", "computed"],
  ])("on %s → %s (%s)", (today, tier, source) => {
    expect(effectiveTier("B", override, today)).toEqual({ tier, source });
  });

  it("no override → computed", () => {
    expect(effectiveTier("C", null, "2026-06-01")).toEqual({ tier: "C", source: "computed" });
  });
});

describe("scoreRisk: confirmed clues", () => {
  it("each clue closed as 查实 adds its points, explained in Chinese, up to the cap", () => {
    const each = RISK_RULES.confirmedClues.pointsEach;
    expect(factor(score({ confirmedClues: 0 }), "confirmedClues")).toMatchObject({ points: 0, explanation: "无核查查实的线索" });
    const one = score({ confirmedClues: 1 });
    expect(factor(one, "confirmedClues")).toMatchObject({
      label: "线索核查查实",
      points: each,
      explanation: `线索核查查实 1 条，每条计 ${each} 分`,
    });
    expect(one.score).toBe(each);
    const many = factor(score({ confirmedClues: 9 }), "confirmedClues");
    expect(many.points).toBe(RISK_RULES.confirmedClues.cap);
    expect(many.explanation).toContain(`（已达上限 ${RISK_RULES.confirmedClues.cap} 分）`);
  });

  it("a score stored before clues were a factor (no confirmedClues fact) counts none", () => {
    const { confirmedClues: _omitted, ...legacy } = citizen;
    expect(factor(scoreRisk(legacy as RiskFacts), "confirmedClues").points).toBe(0);
  });
});
