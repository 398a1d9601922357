import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { checklistItems, checklistVersions, checklists, referenceEntries, referenceLists } from "~db/schema";
import type { loadChecklistDir } from "~checklists/loader";
import type { Executor } from "~/utils/db.server";
import { listRegionAncestry } from "~/models/region.server";
import { recordAudit } from "~/models/audit.server";

type Loaded = ReturnType<typeof loadChecklistDir>;

/** The publication facts of a shipped list file, as the checklists and reference lists store them. */
function publicationOf(file: Loaded["checklists"][number] | Loaded["references"][number]) {
  return {
    title: file.title,
    issuer: file.issuer,
    docNumber: file.doc_number,
    year: file.year,
    source: file.source_seed,
    regionCode: file.region_code,
  };
}

export type ImportReport = { file: string; code: string; outcome: "created" | "new_version" | "unchanged"; version: number }[];

/**
 * Bring the checklist files into the database. A file whose content hash matches the newest
 * version changes nothing; a changed file becomes a new published version whose parent is
 * the previous one. Versions are never edited in place.
 */
export async function importChecklists(exec: Executor, loaded: Loaded): Promise<ImportReport> {
  const report: ImportReport = [];
  for (const file of loaded.checklists) {
    await exec.transaction(async (tx) => {
      const meta = { ...publicationOf(file), description: file.description ?? null };
      const [list] = await tx
        .insert(checklists)
        .values({ code: file.code, ...meta })
        .onConflictDoUpdate({ target: checklists.code, set: meta })
        .returning();
      const versions = await tx
        .select()
        .from(checklistVersions)
        .where(eq(checklistVersions.checklistId, list.id))
        .orderBy(desc(checklistVersions.version))
        .for("update");
      // A draft a regulator is editing is not what the file is compared with.
      const latest = versions.find((v) => v.status === "published");
      if (latest?.contentHash === file.contentHash) {
        report.push({ file: file.file, code: file.code, outcome: "unchanged", version: latest.version });
        return;
      }
      const versionNumber = (versions[0]?.version ?? 0) + 1;
      // Items go into a draft, which is then published: a published version takes no new items.
      const [version] = await tx
        .insert(checklistVersions)
        .values({
          checklistId: list.id,
          version: versionNumber,
          status: "draft",
          parentVersionId: latest?.id ?? null,
          contentHash: file.contentHash,
        })
        .returning();
      await tx.insert(checklistItems).values(
        file.items.map((item, index) => ({
          versionId: version.id,
          code: item.code,
          position: index + 1,
          section: item.section,
          domain: item.domain ?? null,
          title: item.title,
          guidance: item.guidance,
          legalBasis: item.legal_basis ?? null,
          appliesTo: [...item.applies_to],
          isEvidenceRequired: item.evidence_required,
        })),
      );
      await tx.update(checklistVersions).set({ status: "published", publishedAt: new Date() }).where(eq(checklistVersions.id, version.id));
      await recordAudit(tx, {
        actorUserId: null,
        action: "checklist.version_imported",
        entityType: "checklist_version",
        entityId: version.id,
        regionCode: file.region_code,
        after: { code: file.code, version: versionNumber, items: file.items.length, file: file.file },
      });
      report.push({ file: file.file, code: file.code, outcome: latest ? "new_version" : "created", version: versionNumber });
    });
  }
  for (const file of loaded.references) {
    await exec.transaction(async (tx) => {
      const [existing] = await tx.select().from(referenceLists).where(eq(referenceLists.code, file.code)).for("update");
      if (existing?.contentHash === file.contentHash) {
        report.push({ file: file.file, code: file.code, outcome: "unchanged", version: 1 });
        return;
      }
      const meta = {
        ...publicationOf(file),
        contentHash: file.contentHash,
        importedAt: new Date(),
      };
      const [list] = await tx
        .insert(referenceLists)
        .values({ code: file.code, ...meta })
        .onConflictDoUpdate({ target: referenceLists.code, set: meta })
        .returning();
      // Reference data is not used by campaigns, so it is replaced whole.
      await tx.delete(referenceEntries).where(eq(referenceEntries.listId, list.id));
      await tx.insert(referenceEntries).values(
        file.entries.map((e) => ({
          listId: list.id,
          category: e.category,
          rank: e.rank,
          codes: [...e.codes],
          name: e.name,
          dosageForm: e.dosage_form ?? null,
        })),
      );
      report.push({ file: file.file, code: file.code, outcome: existing ? "new_version" : "created", version: 1 });
    });
  }
  return report;
}

/** Published versions a regulator may use: issued by its own region or any ancestor. */
export async function listUsableVersions(exec: Executor, regionCode: string) {
  const ancestry = await listRegionAncestry(exec, regionCode);
  if (ancestry.length === 0) return [];
  return exec
    .select({
      versionId: checklistVersions.id,
      version: checklistVersions.version,
      code: checklists.code,
      title: checklists.title,
      issuer: checklists.issuer,
      docNumber: checklists.docNumber,
      year: checklists.year,
      regionCode: checklists.regionCode,
      itemCount: sql<number>`(select count(*)::int from checklist_items i where i.version_id = ${checklistVersions.id})`,
      kinds: sql<
        string[]
      >`(select coalesce(array_agg(distinct k), '{}') from checklist_items i, unnest(i.applies_to) k where i.version_id = ${checklistVersions.id})`,
    })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(
      and(
        eq(checklistVersions.status, "published"),
        inArray(checklists.regionCode, ancestry),
        // Only the newest published version of each list is offered for new campaigns.
        sql`${checklistVersions.version} = (select max(v.version) from checklist_versions v where v.checklist_id = ${checklistVersions.checklistId} and v.status = 'published')`,
      ),
    )
    .orderBy(desc(checklists.year), asc(checklists.title));
}
