// Demo data for the oversight pages: an earlier 南阳市 campaign whose self-check date has
// passed, so the overdue list and the escalation levels have something to show — some
// institutions never started, some stopped half-way, one returned with its rework date passed.
import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { getAssessmentWorkspace, saveAnswer, submitAssessment } from "~/models/assessment.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { todayLocal } from "~/utils/dates";
import { getChecklistVersionId } from "../tests/factories";

export async function seedDashboard(tx: Executor, ctx: { regulatorIds: Map<string, string> }) {
  const today = todayLocal();
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const nanyang = { kind: "region" as const, userId: ctx.regulatorIds.get("411300")!, regionCode: "411300" };
  const created = await createCampaign(tx, nanyang, {
    title: "2026年南阳市医疗机构医保基金使用专项自查（第一批）",
    description: "第一批专项自查，已过自查截止日期。",
    checklistVersionId: await getChecklistVersionId(tx, "henan-2023-key-violations"),
    targetRegionCode: "411300",
    targetKinds: ["hospital", "primary_care"],
    reviewPeriodStart: "2025-01-01",
    selfCheckDueOn: plus(-9),
    rectificationDueOn: plus(60),
  });
  if (!created.ok) throw new Error(`demo oversight campaign: ${JSON.stringify(created.fieldErrors)}`);
  const opened = await openCampaign(tx, nanyang, created.value.id);
  if (!opened.ok) throw new Error(`demo oversight campaign: ${opened.error}`);

  const targets = await tx.execute<{ id: string; institution_id: string; officer_id: string; version_id: string; kind: string }>(sql`
    select a.id, a.institution_id, u.id as officer_id, c.checklist_version_id as version_id, t.institution_kind as kind
    from assessments a join campaigns c on c.id = a.campaign_id
    join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
    join lateral (select id from users where institution_id = a.institution_id and role = 'officer' order by email limit 1) u on true
    where a.campaign_id = ${created.value.id} order by t.institution_name`);
  for (const [n, target] of targets.entries()) {
    const scope = {
      kind: "institution" as const,
      userId: target.officer_id,
      role: "officer" as const,
      institutionId: target.institution_id,
    };
    const { items } = await getAssessmentWorkspace(tx, scope, target.id);
    // Every third never started; the others answered part of the list; the first one finished.
    if (n % 3 === 2) continue;
    const count = n === 0 ? items.length : Math.min(items.length, 4 + n);
    for (let i = 0; i < count; i++) {
      const isProblem = i === 1;
      const data = isProblem
        ? {
            answer: "problem_found" as const,
            lockVersion: 0,
            description: "抽查门诊处方80张，2张存在超量开药，涉及统筹基金支付。",
            caseCount: 2,
            amountInvolvedFen: 126_000 + n * 10_000,
            refundedFen: 60_000,
            rectificationPlan: "退回违规费用，完善处方前置审核。",
            responsiblePerson: "医保办主任",
            rectificationDueOn: plus(60),
            rectificationStatus: "in_progress" as const,
            rectifiedOn: undefined,
          }
        : { answer: "no_problem" as const, lockVersion: 0 };
      const saved = await saveAnswer(
        tx,
        scope,
        { assessmentId: target.id, itemCode: items[i].item.code, data },
        addDays(parseISO(today), -20),
      );
      if (!saved.ok) throw new Error(`demo oversight answer: ${JSON.stringify(saved)}`);
    }
    if (n === 0) {
      // Submitted late a week ago, returned then for rework by a date that has passed since
      // (a rework date in the past is refused at the time of the decision, so the history is dated).
      const decidedAt = addDays(new Date(), -7);
      const submitted = await submitAssessment(tx, scope, target.id, { signerName: "医保办主任", agree: "on" }, decidedAt);
      if (!submitted.ok) throw new Error(`demo oversight submit: ${JSON.stringify(submitted)}`);
      await reviewItem(
        tx,
        nanyang,
        {
          assessmentId: target.id,
          checklistItemId: items[1].item.id,
          decision: "returned",
          comment: "整改材料不全，请补充退款凭证。",
        },
        decidedAt,
      );
      const returned = await decideAssessment(
        tx,
        nanyang,
        {
          assessmentId: target.id,
          decision: "returned",
          reworkDueOn: plus(-4),
          comment: "请按意见整改后重新提交。",
        },
        decidedAt,
      );
      if (!returned.ok) throw new Error(`demo oversight return: ${JSON.stringify(returned)}`);
    }
  }
}
