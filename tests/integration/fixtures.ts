// Scenario builders shared by the integration tests.
import { eq, sql } from "drizzle-orm";
import { assessments, campaigns } from "~db/schema";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { db } from "~/utils/db.server";
import type { InstitutionKind } from "~/domain/vocabulary";
import type { InstitutionScope, RegionScope } from "~/utils/permissions.server";
import { createInstitution, createUser, getChecklistVersionId } from "../factories";

export function regionScope(user: { id: string; regionCode: string | null }): RegionScope {
  return { kind: "region", userId: user.id, regionCode: user.regionCode! };
}

export function institutionScope(user: { id: string; institutionId: string | null; role: string }): InstitutionScope {
  return { kind: "institution", userId: user.id, role: user.role as "officer" | "staff", institutionId: user.institutionId! };
}

/**
 * 南阳市 opens the Henan list for hospitals and pharmacies. Institutions: a hospital in 卧龙区
 * (411303), a pharmacy in 宛城区 (411302), a hospital in 乌审旗 (outside the target region).
 */
export async function openDemoCampaign(opts: { kinds?: InstitutionKind[]; selfCheckDueOn?: string } = {}) {
  const cityRegulator = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
  const wolongRegulator = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
  const wanchengRegulator = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区经办" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
  const pharmacy = await createInstitution(db, { kind: "pharmacy", regionCode: "411302", name: "宛城测试药店" });
  const outside = await createInstitution(db, { kind: "hospital", regionCode: "150626", name: "乌审旗测试医院" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, name: "王医保" });
  const staff = await createUser(db, "staff", { institutionId: hospital.id, name: "科室填报人" });
  const pharmacyOfficer = await createUser(db, "officer", { institutionId: pharmacy.id, name: "药店店长" });
  const outsideOfficer = await createUser(db, "officer", { institutionId: outside.id });
  const versionId = await getChecklistVersionId(db, "henan-2023-key-violations");
  const created = await createCampaign(db, regionScope(cityRegulator), {
    title: "南阳测试任务",
    checklistVersionId: versionId,
    targetRegionCode: "411300",
    targetKinds: opts.kinds ?? ["hospital", "pharmacy"],
    reviewPeriodStart: "2021-05-01",
    selfCheckDueOn: opts.selfCheckDueOn ?? "2099-12-31",
    rectificationDueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  const opened = await openCampaign(db, regionScope(cityRegulator), created.value.id);
  if (!opened.ok) throw new Error(opened.error);
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, created.value.id));
  const rows = await db.select().from(assessments).where(eq(assessments.campaignId, campaign.id));
  const assessmentOf = (institutionId: string) => rows.find((r) => r.institutionId === institutionId)!;
  return {
    campaign,
    cityRegulator,
    wolongRegulator,
    wanchengRegulator,
    hospital,
    pharmacy,
    outside,
    officer,
    staff,
    pharmacyOfficer,
    outsideOfficer,
    assessmentId: assessmentOf(hospital.id).id,
    pharmacyAssessmentId: assessmentOf(pharmacy.id).id,
    assessmentOf,
  };
}

/** The checklist items that apply to a self-check (its institution's kind), in list order. */
export async function applicableItems(assessmentId: string) {
  return db.execute<{ code: string; id: string }>(sql`
    select ci.code, ci.id from assessments a join campaigns c on c.id = a.campaign_id
    join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
    join checklist_items ci on ci.version_id = c.checklist_version_id and ci.applies_to @> array[t.institution_kind]::text[]
    where a.id = ${assessmentId} order by ci.position`);
}
