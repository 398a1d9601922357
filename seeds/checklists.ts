// Demo data for checklist localization: 南阳市 publishes a local version of the Henan list
// (a rewritten guidance, a local item, a disabled item); 乌审旗 has an open draft of its list.
import { and, eq } from "drizzle-orm";
import type { Executor } from "~db/client";
import { checklistItems } from "~db/schema";
import { addLocalItem, deriveVersion, publishVersion, removeDraftItem, updateDraftItem } from "~/models/checklist-version.server";
import type { RegionScope } from "~/utils/permissions.server";
import type { ChecklistItemEditData } from "~/schemas/checklist";
import { getChecklistVersionId } from "../tests/factories";

type Ctx = { regulatorIds: Map<string, string> };

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`demo checklist step failed: ${result.error}`);
  return result.value;
}

async function itemByCode(db: Executor, versionId: string, code: string) {
  const [item] = await db
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.versionId, versionId), eq(checklistItems.code, code)));
  if (!item) throw new Error(`demo checklist item ${code} missing`);
  return item;
}

export async function seedChecklists(db: Executor, ctx: Ctx) {
  const nanyang: RegionScope = { kind: "region", userId: ctx.regulatorIds.get("411300")!, regionCode: "411300" };
  const henan = await getChecklistVersionId(db, "henan-2023-key-violations");
  const local = unwrap(await deriveVersion(db, nanyang, henan, { docNumber: "宛医保办〔2026〕12号", year: 2026 }));
  const mi04 = await itemByCode(db, local.id, "MI-04");
  unwrap(
    await updateDraftItem(db, nanyang, local.id, mi04.id, {
      guidance:
        "调取近一年住院结算明细，重点核对同一患者出院后 15 日内再次入院、节假日在床率异常的病例；抽查病房实际在床情况，与护理记录、医嘱执行记录逐一比对。",
      domain: (mi04.domain ?? undefined) as ChecklistItemEditData["domain"],
      legalBasis: mi04.legalBasis ?? undefined,
      appliesTo: mi04.appliesTo as ("hospital" | "primary_care" | "elderly_care_clinic" | "other")[],
      isEvidenceRequired: mi04.isEvidenceRequired,
    }),
  );
  unwrap(
    await addLocalItem(db, nanyang, local.id, {
      section: "定点医疗机构",
      title: "医养结合机构将养老服务费用纳入医保基金结算",
      guidance:
        "核对医养结合机构住院病例的医疗服务记录与养老服务记录，确认结算的项目均为实际发生的医疗服务，生活照料、护理床位等养老费用未纳入医保结算。",
      domain: undefined,
      legalBasis: "《医疗保障基金使用监督管理条例》第十五条",
      appliesTo: ["elderly_care_clinic", "hospital", "primary_care"],
      isEvidenceRequired: true,
    }),
  );
  const xd04 = await itemByCode(db, local.id, "XD-04");
  unwrap(await removeDraftItem(db, nanyang, local.id, xd04.id));
  unwrap(await publishVersion(db, nanyang, local.id));

  const wushen: RegionScope = { kind: "region", userId: ctx.regulatorIds.get("150626")!, regionCode: "150626" };
  const negativeList = await getChecklistVersionId(db, "nmg-wsq-2025-negative-list");
  const draft = unwrap(await deriveVersion(db, wushen, negativeList, { docNumber: "乌政办发〔2025〕13号", year: 2026 }));
  unwrap(
    await addLocalItem(db, wushen, draft.id, {
      section: "定点药店",
      title: "以蒙药、中药饮片名义串换保健品、日用品进行医保结算",
      guidance: "抽查蒙药、中药饮片销售记录与进销存台账，核对医保结算品名与实际售出商品是否一致。",
      domain: "药品耗材",
      legalBasis: undefined,
      appliesTo: ["pharmacy"],
      isEvidenceRequired: true,
    }),
  );
}
