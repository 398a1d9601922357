// A small campaign for browser tests: 南阳市 opens a three-item list for hospitals.
import { parseChecklistSet } from "~checklists/loader";
import { eq } from "drizzle-orm";
import { assessments } from "~db/schema";
import { saveAnswer } from "~/models/assessment.server";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { importChecklists } from "~/models/checklist.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, getChecklistVersionId } from "../factories";

export const SMALL_LIST = {
  code: "e2e-small-list",
  title: "端到端测试问题清单",
  issuer: "南阳市医疗保障局",
  doc_number: "宛医保测〔2026〕1号",
  year: 2026,
  source_seed: "test",
  region_code: "411300",
  items: [
    {
      code: "MI-01",
      section: "定点医疗机构",
      title: "分解住院、挂床住院",
      guidance: "核对住院病历与床位记录。",
      applies_to: ["hospital"],
      evidence_required: true,
    },
    {
      code: "MI-02",
      section: "定点医疗机构",
      title: "重复收费、超标准收费、分解项目收费",
      guidance: "抽查收费明细。",
      applies_to: ["hospital"],
      evidence_required: true,
    },
    {
      code: "IN-01",
      section: "参保人员",
      title: "将本人的医保凭证交由他人冒名使用",
      guidance: "核对就诊人身份。",
      applies_to: ["hospital"],
      evidence_required: false,
    },
  ],
};

export async function scenario() {
  await importChecklists(
    db,
    parseChecklistSet({ checklists: [{ file: "checklists/data/e2e-small-list.yaml", text: JSON.stringify(SMALL_LIST) }], references: [] }),
  );
  const versionId = await getChecklistVersionId(db, SMALL_LIST.code);
  const regulator = await createUser(db, "regulator", { regionCode: "411300", name: "贺志远" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "南阳卧龙仁和医院" });
  await createInstitution(db, { kind: "hospital", regionCode: "411302", name: "南阳宛城康宁医院" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, name: "王晓明", email: "officer@e2e.test" });
  const scope = { kind: "region" as const, userId: regulator.id, regionCode: "411300" };
  const created = await createCampaign(db, scope, {
    title: "2026年南阳市医保基金使用自查自纠",
    checklistVersionId: versionId,
    targetRegionCode: "411300",
    targetKinds: ["hospital"],
    reviewPeriodStart: "2021-05-01",
    selfCheckDueOn: "2099-12-20",
    rectificationDueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error("campaign");
  await openCampaign(db, scope, created.value.id);
  return { regulator, officer, hospital, campaignId: created.value.id };
}

/** The hospital's officer answers every item: a problem on MI-01, no problem on the others. */
export async function answerSmallList(s: Awaited<ReturnType<typeof scenario>>) {
  const [assessment] = await db.select().from(assessments).where(eq(assessments.institutionId, s.hospital.id));
  const scope = { kind: "institution" as const, userId: s.officer.id, role: "officer" as const, institutionId: s.hospital.id };
  await saveAnswer(db, scope, {
    assessmentId: assessment.id,
    itemCode: "MI-01",
    data: {
      answer: "problem_found",
      lockVersion: 0,
      description: "挂床住院2例",
      caseCount: 2,
      amountInvolvedFen: 358050,
      refundedFen: 358050,
      rectificationPlan: "退回基金，完善床位巡查",
      responsiblePerson: "李静",
      rectificationDueOn: "2099-12-30",
      rectificationStatus: "in_progress",
      rectifiedOn: undefined,
    },
  });
  for (const code of ["MI-02", "IN-01"])
    await saveAnswer(db, scope, { assessmentId: assessment.id, itemCode: code, data: { answer: "no_problem", lockVersion: 0 } });
  return { assessment, scope };
}
