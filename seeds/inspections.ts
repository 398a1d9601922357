// Demo on-site inspections (made-up inspectors): one in 卧龙区 that finds what 南阳卧龙仁和医院
// did not self-report, one by 南阳市 at 南阳宛城康宁医院 comparing with its submitted self-check,
// and two in 乌审旗. Called from db/seed.ts inside its transaction; does nothing if any inspection exists.
import { addDays, format, parseISO } from "date-fns";
import type { Executor } from "~db/client";
import { inspections } from "~db/schema";
import { addFinding, createInspection, getInspectionDetail, setVerdict } from "~/models/inspection.server";
import { todayLocal } from "~/utils/dates";
import type { RegionScope } from "~/utils/permissions.server";

export type InspectionSeedContext = {
  /** Regulator user id by region code. */
  regulatorIds: Map<string, string>;
  /** Demo institutions by slug. */
  bySlug: Map<string, { institutionId: string }>;
};

export async function seedInspections(db: Executor, ctx: InspectionSeedContext) {
  if ((await db.$count(inspections)) > 0) return;
  const today = todayLocal();
  const daysAgo = (n: number) => format(addDays(parseISO(today), -n), "yyyy-MM-dd");
  const scopeOf = (region: string): RegionScope => ({ kind: "region", userId: ctx.regulatorIds.get(region)!, regionCode: region });
  const institution = (slug: string) => ctx.bySlug.get(slug)!.institutionId;

  async function record(
    region: string,
    slug: string,
    fields: { type: "flight" | "on_site" | "cross" | "third_party"; inspectedOn: string; inspectorNames: string; summary: string },
  ) {
    const scope = scopeOf(region);
    const created = await createInspection(
      db,
      scope,
      { institutionId: institution(slug), inspectorIds: [scope.userId], sampleId: undefined, ...fields },
      today,
    );
    if (!created.ok) throw new Error(`demo inspection failed: ${JSON.stringify(created.fieldErrors)}`);
    const detail = await getInspectionDetail(db, scope, created.value.id);
    return { scope, id: created.value.id, items: detail.items, reported: detail.reportedItemIds };
  }

  async function find(
    scope: RegionScope,
    id: string,
    finding: {
      checklistItemId?: string | undefined;
      description: string;
      caseCount: number;
      amountFoundFen: number;
      amountRecoveredFen: number;
    },
  ) {
    const result = await addFinding(db, scope, id, { checklistItemId: undefined, ...finding });
    if (!result.ok) throw new Error(`demo finding failed: ${JSON.stringify(result.fieldErrors)}`);
  }

  // 卧龙区: a flight inspection finds a problem 卧龙仁和医院 has not reported in its self-check.
  const renhe = await record("411303", "wolong-renhe", {
    type: "flight",
    inspectedOn: daysAgo(3),
    inspectorNames: "白雪松、周文涛",
    summary: "调取2025年住院病历60份、收费明细及床位记录，现场核查在院患者。",
  });
  await find(renhe.scope, renhe.id, {
    checklistItemId: renhe.items[1]?.id,
    description: "抽查病历发现4份存在重复收取护理费、超标准收取床位费情形。",
    caseCount: 4,
    amountFoundFen: 1_286_040,
    amountRecoveredFen: 1_286_040,
  });
  await find(renhe.scope, renhe.id, {
    description: "医保结算系统与医院HIS系统药品出库数量不一致，进销存账实不符。",
    caseCount: 1,
    amountFoundFen: 352_800,
    amountRecoveredFen: 0,
  });

  // 南阳市: an on-site check of 宛城康宁医院 confirms the reported problem was fixed, and finds another.
  const kangning = await record("411300", "wancheng-kangning", {
    type: "on_site",
    inspectedOn: today,
    inspectorNames: "贺志远、陈立新、刘晓燕",
    summary: "对照自查报告逐项核实整改情况，抽查检查、检验收费。",
  });
  const kangningReported = kangning.items.find((i) => kangning.reported.includes(i.id));
  if (kangningReported) {
    await find(kangning.scope, kangning.id, {
      checklistItemId: kangningReported.id,
      description: "自查已报告的问题属实，涉及金额已全额退回。",
      caseCount: 3,
      amountFoundFen: 486_050,
      amountRecoveredFen: 486_050,
    });
    await setVerdict(db, kangning.scope, kangning.id, {
      checklistItemId: kangningReported.id,
      verdict: "fixed",
      note: "现场核实收费核对流程已修订并执行。",
    });
  }
  const kangningOther = kangning.items.find((i) => !kangning.reported.includes(i.id));
  await find(kangning.scope, kangning.id, {
    checklistItemId: kangningOther?.id,
    description: "检验项目存在分解收费，自查未报告。",
    caseCount: 9,
    amountFoundFen: 73_500,
    amountRecoveredFen: 0,
  });

  // 乌审旗: the pharmacy's reported problem is not yet fixed; a third-party review of the Mongolian-medicine hospital.
  const tianyi = await record("150626", "wushen-tianyi", {
    type: "cross",
    inspectedOn: today,
    inspectorNames: "其其格、娜仁、王海军",
    summary: "交叉检查药品追溯码采集和进销存管理。",
  });
  const tianyiReported = tianyi.items.find((i) => tianyi.reported.includes(i.id));
  if (tianyiReported) {
    await setVerdict(db, tianyi.scope, tianyi.id, {
      checklistItemId: tianyiReported.id,
      verdict: "not_fixed",
      note: "追溯码仍未全部采集上传。",
    });
  }
  await find(tianyi.scope, tianyi.id, {
    description: "店内摆放生活用品，存在以药易物的风险。",
    caseCount: 2,
    amountFoundFen: 12_600,
    amountRecoveredFen: 12_600,
  });
  await record("150626", "wushen-mengyi", {
    type: "third_party",
    inspectedOn: daysAgo(10),
    inspectorNames: "鄂尔多斯某会计师事务所 赵明、孙悦",
    summary: "第三方复核住院结算数据，未发现问题。",
  });
}
