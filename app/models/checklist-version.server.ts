// Checklist versions as a regulator sees and localizes them: visibility, deriving a local
// version, editing a draft, publishing, and the diff between two versions. Every function
// takes the regulator's scope and an executor (db or a transaction).
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { checklistItems, checklistVersions, checklists, users } from "~db/schema";
import { contentHash } from "~checklists/loader";
import { SECTION_CODE_PREFIX } from "~checklists/schema";
import type { ChecklistItemEditData, ChecklistItemNewData, DeriveVersionData } from "~/schemas/checklist";
import type { Executor } from "~/utils/db.server";
import { pageOfRows } from "~/lists/define-list";
import type { ChecklistsQuery } from "~/lists/checklists";
import { CHECKLIST_SECTIONS, type ChecklistSection } from "~/domain/vocabulary";
import type { FieldErrors } from "~/utils/forms";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { getRegion, listRegionAncestry } from "~/models/region.server";

export type ChecklistResult<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: FieldErrors; draftId?: string };

type ItemRow = typeof checklistItems.$inferSelect;

/**
 * What a regulator may see: every version of a list issued by its own region, and the
 * published versions of lists issued by its ancestors.
 */
async function visibleWhere(exec: Executor, scope: RegionScope): Promise<SQL> {
  const ancestry = await listRegionAncestry(exec, scope.regionCode);
  return or(
    eq(checklists.regionCode, scope.regionCode),
    and(eq(checklistVersions.status, "published"), inArray(checklists.regionCode, ancestry.length ? ancestry : [scope.regionCode])),
  )!;
}

const versionColumns = {
  id: checklistVersions.id,
  checklistId: checklistVersions.checklistId,
  version: checklistVersions.version,
  status: checklistVersions.status,
  parentVersionId: checklistVersions.parentVersionId,
  contentHash: checklistVersions.contentHash,
  createdAt: checklistVersions.createdAt,
  publishedAt: checklistVersions.publishedAt,
  code: checklists.code,
  title: checklists.title,
  issuer: checklists.issuer,
  docNumber: checklists.docNumber,
  year: checklists.year,
  regionCode: checklists.regionCode,
  source: checklists.source,
};

/** One version visible to the regulator, with its list; 404 otherwise. */
async function getVisibleVersion(exec: Executor, scope: RegionScope, versionId: string | undefined, lock = false) {
  if (!isUuid(versionId)) notFound();
  const query = exec
    .select({ ...versionColumns, createdByName: users.name })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .leftJoin(users, eq(users.id, checklistVersions.createdBy))
    .where(and(eq(checklistVersions.id, versionId), await visibleWhere(exec, scope)));
  const [row] = lock ? await query.for("update", { of: checklistVersions }) : await query;
  if (!row) notFound();
  return {
    ...row,
    isOwned: row.regionCode === scope.regionCode,
    isEditable: row.regionCode === scope.regionCode && row.status === "draft",
  };
}

/** A draft of the regulator's own region, locked for the change; 404 for anything else visible or not. */
async function getEditableDraft(exec: Executor, scope: RegionScope, versionId: string | undefined) {
  const version = await getVisibleVersion(exec, scope, versionId, true);
  if (!version.isEditable) notFound();
  return version;
}

/** For the editor's forms: an own draft (404 for a published version or anyone else's). */
export async function getEditableVersion(exec: Executor, scope: RegionScope, versionId: string | undefined) {
  const version = await getVisibleVersion(exec, scope, versionId);
  if (!version.isEditable) notFound();
  return version;
}

/** An item of an own draft with the parent item it was copied from (its official wording). */
export async function getEditableItem(exec: Executor, scope: RegionScope, versionId: string | undefined, itemId: string | undefined) {
  const found = await getVersionItem(exec, scope, versionId, itemId);
  if (!found.version.isEditable) notFound();
  return found;
}

/** The lists visible to the regulator with all their visible versions and item counts per section. */
export async function listVisibleChecklists(exec: Executor, scope: RegionScope, filter: Partial<ChecklistsQuery> = {}) {
  const visible = await visibleWhere(exec, scope);
  const where = filter.status ? and(visible, eq(checklistVersions.status, filter.status)) : visible;
  const rows = await exec
    .select({
      ...versionColumns,
      parentTitle: sql<
        string | null
      >`(select pc.title from checklist_versions pv join checklists pc on pc.id = pv.checklist_id where pv.id = ${checklistVersions.parentVersionId})`,
      parentVersion: sql<number | null>`(select pv.version from checklist_versions pv where pv.id = ${checklistVersions.parentVersionId})`,
      sectionCounts: sql<
        Record<string, number>
      >`(select coalesce(jsonb_object_agg(s.section, s.n), '{}'::jsonb) from (select i.section, count(*)::int as n from checklist_items i where i.version_id = ${checklistVersions.id} group by i.section) s)`,
      campaignCount: sql<number>`(select count(*)::int from campaigns cp where cp.checklist_version_id = ${checklistVersions.id})`,
    })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(where)
    .orderBy(desc(checklists.year), asc(checklists.title), desc(checklistVersions.version));

  const lists: {
    checklistId: string;
    code: string;
    title: string;
    issuer: string;
    docNumber: string;
    year: number;
    regionCode: string;
    isOwned: boolean;
    hasDraft: boolean;
    versions: typeof rows;
  }[] = [];
  for (const row of rows) {
    let list = lists.find((l) => l.checklistId === row.checklistId);
    if (!list) {
      list = {
        checklistId: row.checklistId,
        code: row.code,
        title: row.title,
        issuer: row.issuer,
        docNumber: row.docNumber,
        year: row.year,
        regionCode: row.regionCode,
        isOwned: row.regionCode === scope.regionCode,
        hasDraft: false,
        versions: [],
      };
      lists.push(list);
    }
    if (row.status === "draft") list.hasDraft = true;
    list.versions.push(row);
  }
  // Paged by list (a card with its versions), in the order of the newest year first.
  const { rows: pageLists, ...page } = pageOfRows(lists, { page: filter.page ?? 1, pageSize: filter.pageSize ?? 10 });
  return { lists: pageLists, ...page };
}

async function listItems(exec: Executor, versionId: string) {
  return exec
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.versionId, versionId))
    .orderBy(asc(checklistItems.position), asc(checklistItems.code));
}

function bySection<T extends { section: string }>(items: T[]) {
  return CHECKLIST_SECTIONS.map((section) => ({ section, items: items.filter((i) => i.section === section) })).filter(
    (g) => g.items.length > 0,
  );
}

/**
 * A version for the view/editor page: its items by section, each inherited item with the
 * parent's official item (guidance shown beside a local rewrite), and, for a draft, the
 * parent's items that the draft no longer has (停用).
 */
export async function getVersionDetail(exec: Executor, scope: RegionScope, versionId: string | undefined) {
  const version = await getVisibleVersion(exec, scope, versionId);
  const items = await listItems(exec, version.id);
  const parent = version.parentVersionId
    ? ((
        await exec
          .select({
            id: checklistVersions.id,
            version: checklistVersions.version,
            title: checklists.title,
            docNumber: checklists.docNumber,
          })
          .from(checklistVersions)
          .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
          .where(eq(checklistVersions.id, version.parentVersionId))
      )[0] ?? null)
    : null;
  const parentItems = parent ? await listItems(exec, parent.id) : [];
  const parentById = new Map(parentItems.map((p) => [p.id, p]));
  const inDraft = new Set(items.map((i) => i.inheritedItemId).filter(Boolean));
  const withOrigin = items.map((item) => {
    const origin = item.inheritedItemId ? (parentById.get(item.inheritedItemId) ?? null) : null;
    return {
      ...item,
      isInherited: item.inheritedItemId !== null,
      official: origin ? { title: origin.title, guidance: origin.guidance, code: origin.code } : null,
      isGuidanceRewritten: origin ? origin.guidance !== item.guidance : false,
    };
  });
  const disabled = parentItems.filter((p) => !inDraft.has(p.id));
  return {
    version,
    parent,
    // The parent as a regulator of this region may open it (an ancestor's draft never is a parent).
    isParentVisible: parent ? await isVisible(exec, scope, parent.id) : false,
    sections: bySection(withOrigin),
    itemCount: items.length,
    disabled: bySection(disabled),
    disabledCount: disabled.length,
    campaignCount: await countCampaigns(exec, version.id),
  };
}

async function isVisible(exec: Executor, scope: RegionScope, versionId: string) {
  const [row] = await exec
    .select({ id: checklistVersions.id })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(and(eq(checklistVersions.id, versionId), await visibleWhere(exec, scope)));
  return !!row;
}

async function countCampaigns(exec: Executor, versionId: string) {
  const rows = await exec.execute<{ n: number }>(sql`select count(*)::int as n from campaigns where checklist_version_id = ${versionId}`);
  return rows[0]?.n ?? 0;
}

/** One item of a version the regulator may see; 404 otherwise. */
async function getVersionItem(exec: Executor, scope: RegionScope, versionId: string | undefined, itemId: string | undefined) {
  const version = await getVisibleVersion(exec, scope, versionId);
  if (!isUuid(itemId)) notFound();
  const [item] = await exec
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.id, itemId), eq(checklistItems.versionId, version.id)));
  if (!item) notFound();
  const [official] = item.inheritedItemId
    ? await exec.select().from(checklistItems).where(eq(checklistItems.id, item.inheritedItemId))
    : [];
  return { version, item, official: official ?? null };
}

/** Hash of a version's items in the shape of the list files, so the same content hashes the same. */
function hashItems(
  items: Pick<ItemRow, "code" | "section" | "domain" | "title" | "guidance" | "legalBasis" | "appliesTo" | "isEvidenceRequired">[],
) {
  return contentHash(
    items.map((i) => ({
      code: i.code,
      section: i.section,
      domain: i.domain ?? undefined,
      title: i.title,
      guidance: i.guidance,
      legal_basis: i.legalBasis ?? undefined,
      applies_to: i.appliesTo,
      evidence_required: i.isEvidenceRequired,
    })),
  );
}

/** The code a derived list gets: the parent's code plus the region code, made unique if taken. */
async function localListCode(exec: Executor, parentCode: string, regionCode: string) {
  const base = `${parentCode.replace(/-\d{6}$/, "")}-${regionCode}`;
  for (let n = 1; ; n++) {
    const code = n === 1 ? base : `${base}-${n}`;
    const [taken] = await exec
      .select({ regionCode: checklists.regionCode, id: checklists.id })
      .from(checklists)
      .where(eq(checklists.code, code));
    if (!taken || taken.regionCode === regionCode) return { code, existingId: taken?.id ?? null };
  }
}

/** Defaults of the derive form: the 文号 of the parent and this year. */
export async function getDeriveDefaults(exec: Executor, scope: RegionScope, versionId: string | undefined, year: number) {
  const parent = await getVisibleVersion(exec, scope, versionId);
  if (parent.status !== "published") notFound();
  const region = await getRegion(exec, scope.regionCode);
  const isSameList = parent.regionCode === scope.regionCode;
  const target = isSameList ? null : await localListCode(exec, parent.code, scope.regionCode);
  return {
    parent,
    isSameList,
    // A list derived earlier from the same parent lineage gets a new version rather than a second list.
    joinsExistingList: !!target?.existingId,
    localTitle: t("checklists.derive.localTitle", { title: parent.title, region: region?.name ?? scope.regionCode }),
    defaults: { docNumber: parent.docNumber, year: String(year) },
  };
}

/**
 * Derive a draft from a published version the regulator can see. Own region's list: version
 * N+1 of the same list. An ancestor's list: a list of the regulator's region (created on first
 * use) whose new draft has the published version as parent. Items are copied with their codes,
 * each remembering the item it came from. At most one open draft per list.
 */
export async function deriveVersion(
  exec: Executor,
  scope: RegionScope,
  parentVersionId: string | undefined,
  data: DeriveVersionData,
): Promise<ChecklistResult<{ id: string }>> {
  return exec.transaction(async (tx) => {
    const parent = await getVisibleVersion(tx, scope, parentVersionId);
    if (parent.status !== "published") notFound();
    let checklistId = parent.checklistId;
    if (parent.regionCode !== scope.regionCode) {
      const region = await getRegion(tx, scope.regionCode);
      const regionName = region?.name ?? scope.regionCode;
      const target = await localListCode(tx, parent.code, scope.regionCode);
      if (target.existingId) {
        checklistId = target.existingId;
      } else {
        const [list] = await tx
          .insert(checklists)
          .values({
            code: target.code,
            title: t("checklists.derive.localTitle", { title: parent.title, region: regionName }),
            issuer: t("checklists.derive.bureau", { region: regionName }),
            docNumber: data.docNumber,
            year: data.year,
            source: parent.source,
            regionCode: scope.regionCode,
            description: t("checklists.derive.description", { title: parent.title, docNumber: parent.docNumber, version: parent.version }),
          })
          .returning();
        checklistId = list.id;
        await recordAudit(tx, {
          actorUserId: scope.userId,
          action: "checklist.created",
          entityType: "checklist",
          entityId: list.id,
          regionCode: scope.regionCode,
          after: { code: list.code, title: list.title, docNumber: list.docNumber, year: list.year },
        });
      }
    }
    // Lock the list's versions so two regulators deriving at once get one draft, not two.
    const versions = await tx
      .select()
      .from(checklistVersions)
      .where(eq(checklistVersions.checklistId, checklistId))
      .orderBy(desc(checklistVersions.version))
      .for("update");
    const openDraft = versions.find((v) => v.status === "draft");
    if (openDraft) return { ok: false as const, error: t("checklists.derive.draftExists"), draftId: openDraft.id };
    const parentItems = await listItems(tx, parent.id);
    const [version] = await tx
      .insert(checklistVersions)
      .values({
        checklistId,
        version: (versions[0]?.version ?? 0) + 1,
        status: "draft",
        parentVersionId: parent.id,
        contentHash: hashItems(parentItems),
        createdBy: scope.userId,
      })
      .returning();
    await tx.execute(sql`
      insert into checklist_items (version_id, code, position, section, domain, title, guidance, legal_basis, applies_to, is_evidence_required, inherited_item_id)
      select ${version.id}, code, position, section, domain, title, guidance, legal_basis, applies_to, is_evidence_required, id
      from checklist_items where version_id = ${parent.id}`);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.version_derived",
      entityType: "checklist_version",
      entityId: version.id,
      regionCode: scope.regionCode,
      after: { checklistId, version: version.version, parentVersionId: parent.id, items: parentItems.length },
    });
    return { ok: true as const, value: { id: version.id } };
  });
}

function itemAudit(item: ItemRow) {
  return {
    code: item.code,
    section: item.section,
    domain: item.domain,
    title: item.title,
    guidance: item.guidance,
    legalBasis: item.legalBasis,
    appliesTo: item.appliesTo,
    isEvidenceRequired: item.isEvidenceRequired,
    position: item.position,
  };
}

async function getDraftItem(tx: Executor, versionId: string, itemId: string | undefined) {
  if (!isUuid(itemId)) notFound();
  const [item] = await tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.id, itemId), eq(checklistItems.versionId, versionId)));
  return item ?? notFound();
}

/** Edit an item of an own draft. The title of an inherited item is the official wording and stays. */
export async function updateDraftItem(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  itemId: string | undefined,
  data: ChecklistItemEditData,
): Promise<ChecklistResult<{ id: string; code: string }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    const item = await getDraftItem(tx, version.id, itemId);
    const isLocal = item.inheritedItemId === null;
    if (isLocal && !data.title)
      return { ok: false as const, error: t("checklists.validation.fix"), fieldErrors: { title: t("validation.required") } };
    const [updated] = await tx
      .update(checklistItems)
      .set({
        title: isLocal ? data.title! : item.title,
        domain: data.domain ?? null,
        guidance: data.guidance,
        legalBasis: data.legalBasis ?? null,
        appliesTo: data.appliesTo,
        isEvidenceRequired: data.isEvidenceRequired,
      })
      .where(eq(checklistItems.id, item.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.item_updated",
      entityType: "checklist_item",
      entityId: item.id,
      regionCode: scope.regionCode,
      before: itemAudit(item),
      after: itemAudit(updated),
    });
    return { ok: true as const, value: { id: item.id, code: item.code } };
  });
}

/** Next free local code of a section (MI-L01, MI-L02 …), unique in the draft and its parent. */
async function nextLocalCode(tx: Executor, versionId: string, parentVersionId: string | null, section: ChecklistSection) {
  const prefix = `${SECTION_CODE_PREFIX[section]}-L`;
  const ids = parentVersionId ? [versionId, parentVersionId] : [versionId];
  const rows = await tx
    .select({ code: checklistItems.code })
    .from(checklistItems)
    .where(and(inArray(checklistItems.versionId, ids), sql`${checklistItems.code} like ${`${prefix}%`}`));
  const used = rows.map((r) => Number(r.code.slice(prefix.length))).filter((n) => Number.isInteger(n));
  const next = (used.length ? Math.max(...used) : 0) + 1;
  return `${prefix}${String(next).padStart(2, "0")}`;
}

async function nextPosition(tx: Executor, versionId: string) {
  const rows = await tx.execute<{ p: number }>(
    sql`select coalesce(max(position), 0)::int as p from checklist_items where version_id = ${versionId}`,
  );
  return (rows[0]?.p ?? 0) + 1;
}

/** Add a local item at the end of its section. */
export async function addLocalItem(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  data: ChecklistItemNewData,
): Promise<ChecklistResult<{ id: string; code: string }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    const code = await nextLocalCode(tx, version.id, version.parentVersionId, data.section);
    const [item] = await tx
      .insert(checklistItems)
      .values({
        versionId: version.id,
        code,
        position: await nextPosition(tx, version.id),
        section: data.section,
        domain: data.domain ?? null,
        title: data.title,
        guidance: data.guidance,
        legalBasis: data.legalBasis ?? null,
        appliesTo: data.appliesTo,
        isEvidenceRequired: data.isEvidenceRequired,
        inheritedItemId: null,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.item_added",
      entityType: "checklist_item",
      entityId: item.id,
      regionCode: scope.regionCode,
      after: itemAudit(item),
    });
    return { ok: true as const, value: { id: item.id, code } };
  });
}

/** Remove an item from an own draft: an inherited item is disabled (and can be restored), a local one is gone. */
export async function removeDraftItem(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  itemId: string | undefined,
): Promise<ChecklistResult<{ code: string; isInherited: boolean }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    const item = await getDraftItem(tx, version.id, itemId);
    await tx.delete(checklistItems).where(eq(checklistItems.id, item.id));
    const isInherited = item.inheritedItemId !== null;
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: isInherited ? "checklist.item_disabled" : "checklist.item_removed",
      entityType: "checklist_item",
      entityId: item.id,
      regionCode: scope.regionCode,
      before: { ...itemAudit(item), inheritedItemId: item.inheritedItemId },
    });
    return { ok: true as const, value: { code: item.code, isInherited } };
  });
}

/** Bring a disabled item of the parent back into the draft, as the parent has it. */
export async function restoreParentItem(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  parentItemId: string | undefined,
): Promise<ChecklistResult<{ id: string; code: string }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    if (!version.parentVersionId || !isUuid(parentItemId)) notFound();
    const [origin] = await tx
      .select()
      .from(checklistItems)
      .where(and(eq(checklistItems.id, parentItemId), eq(checklistItems.versionId, version.parentVersionId)));
    if (!origin) notFound();
    const [present] = await tx
      .select({ id: checklistItems.id })
      .from(checklistItems)
      .where(
        and(
          eq(checklistItems.versionId, version.id),
          or(eq(checklistItems.inheritedItemId, origin.id), eq(checklistItems.code, origin.code)),
        ),
      );
    if (present) return { ok: false as const, error: t("checklists.editor.alreadyPresent") };
    const [item] = await tx
      .insert(checklistItems)
      .values({
        versionId: version.id,
        code: origin.code,
        position: origin.position,
        section: origin.section,
        domain: origin.domain,
        title: origin.title,
        guidance: origin.guidance,
        legalBasis: origin.legalBasis,
        appliesTo: origin.appliesTo,
        isEvidenceRequired: origin.isEvidenceRequired,
        inheritedItemId: origin.id,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.item_restored",
      entityType: "checklist_item",
      entityId: item.id,
      regionCode: scope.regionCode,
      after: { ...itemAudit(item), inheritedItemId: origin.id },
    });
    return { ok: true as const, value: { id: item.id, code: item.code } };
  });
}

/** Swap an item with its neighbour in the same section. At the edge of a section nothing changes. */
export async function moveDraftItem(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  itemId: string | undefined,
  direction: "up" | "down",
): Promise<ChecklistResult<{ moved: boolean }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    const item = await getDraftItem(tx, version.id, itemId);
    const section = (await listItems(tx, version.id)).filter((i) => i.section === item.section);
    const index = section.findIndex((i) => i.id === item.id);
    const neighbour = section[direction === "up" ? index - 1 : index + 1];
    if (!neighbour) return { ok: true as const, value: { moved: false } };
    // Renumber the section's positions densely (ties are possible after a restore), then swap.
    const slots = section.map((i) => i.position).sort((a, b) => a - b);
    const order = [...section];
    const j = order.indexOf(neighbour);
    [order[index], order[j]] = [order[j], order[index]];
    let last = 0;
    for (let k = 0; k < order.length; k++) {
      const position = Math.max(slots[k], last + 1);
      last = position;
      if (order[k].position !== position) await tx.update(checklistItems).set({ position }).where(eq(checklistItems.id, order[k].id));
    }
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.item_moved",
      entityType: "checklist_item",
      entityId: item.id,
      regionCode: scope.regionCode,
      before: { position: index + 1 },
      after: { position: j + 1, direction },
    });
    return { ok: true as const, value: { moved: true } };
  });
}

/** Publish an own draft: from now on neither the version nor its items change (enforced by triggers). */
export async function publishVersion(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
  now = new Date(),
): Promise<ChecklistResult<{ id: string; version: number }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    const items = await listItems(tx, version.id);
    if (items.length === 0) return { ok: false as const, error: t("checklists.editor.publishEmpty") };
    const hash = hashItems(items);
    await tx
      .update(checklistVersions)
      .set({ status: "published", publishedAt: now, contentHash: hash })
      .where(eq(checklistVersions.id, version.id));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.version_published",
      entityType: "checklist_version",
      entityId: version.id,
      regionCode: scope.regionCode,
      before: { status: "draft" },
      after: { status: "published", version: version.version, items: items.length, contentHash: hash },
    });
    return { ok: true as const, value: { id: version.id, version: version.version } };
  });
}

/** Throw away an own draft (and a local list that has nothing else). */
export async function discardDraft(
  exec: Executor,
  scope: RegionScope,
  versionId: string | undefined,
): Promise<ChecklistResult<{ parentVersionId: string | null }>> {
  return exec.transaction(async (tx) => {
    const version = await getEditableDraft(tx, scope, versionId);
    await tx.delete(checklistItems).where(eq(checklistItems.versionId, version.id));
    await tx.delete(checklistVersions).where(eq(checklistVersions.id, version.id));
    const [other] = await tx
      .select({ id: checklistVersions.id })
      .from(checklistVersions)
      .where(eq(checklistVersions.checklistId, version.checklistId))
      .limit(1);
    if (!other) await tx.delete(checklists).where(eq(checklists.id, version.checklistId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.draft_discarded",
      entityType: "checklist_version",
      entityId: version.id,
      regionCode: scope.regionCode,
      before: { checklistId: version.checklistId, version: version.version },
    });
    return { ok: true as const, value: { parentVersionId: version.parentVersionId } };
  });
}

export const DIFF_FIELDS = ["section", "domain", "title", "guidance", "legalBasis", "appliesTo", "isEvidenceRequired"] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];
type DiffItem = Pick<ItemRow, "id" | "code" | "section" | DiffField>;
export type ItemChange = { field: DiffField; before: string | string[] | boolean | null; after: string | string[] | boolean | null };

/**
 * Added / removed / changed items between two versions. Items are the same when one was copied
 * from the other or both from a common item (the inherited_item_id lineage), otherwise when
 * their codes match.
 */
function diffItems(from: DiffItem[], to: DiffItem[], lineage: Map<string, Set<string>>) {
  const chainOf = (id: string) => lineage.get(id) ?? new Set([id]);
  const unmatchedFrom = new Set(from.map((f) => f.id));
  const pairs: { from: DiffItem; to: DiffItem }[] = [];
  const unmatchedTo: DiffItem[] = [];
  for (const item of to) {
    const chain = chainOf(item.id);
    const match = from.find((f) => unmatchedFrom.has(f.id) && [...chainOf(f.id)].some((id) => chain.has(id)));
    if (match) {
      unmatchedFrom.delete(match.id);
      pairs.push({ from: match, to: item });
    } else unmatchedTo.push(item);
  }
  const added: DiffItem[] = [];
  for (const item of unmatchedTo) {
    const match = from.find((f) => unmatchedFrom.has(f.id) && f.code === item.code);
    if (match) {
      unmatchedFrom.delete(match.id);
      pairs.push({ from: match, to: item });
    } else added.push(item);
  }
  const changed = pairs
    .map(({ from: a, to: b }) => ({
      from: a,
      to: b,
      changes: DIFF_FIELDS.filter((field) => JSON.stringify(a[field] ?? null) !== JSON.stringify(b[field] ?? null)).map(
        (field) => ({ field, before: a[field] ?? null, after: b[field] ?? null }) as ItemChange,
      ),
    }))
    .filter((p) => p.changes.length > 0);
  const removed = from.filter((f) => unmatchedFrom.has(f.id));
  const sectionOrder = (i: DiffItem) => CHECKLIST_SECTIONS.indexOf(i.section as ChecklistSection);
  const byPlace = (a: DiffItem, b: DiffItem) => sectionOrder(a) - sectionOrder(b) || a.code.localeCompare(b.code);
  return {
    added: added.sort(byPlace),
    removed: removed.sort(byPlace),
    changed: changed.sort((x, y) => byPlace(x.to, y.to)),
    unchangedCount: pairs.length - changed.length,
  };
}

/** The diff of two versions that the regulator can both see (404 otherwise). */
export async function getVersionDiff(exec: Executor, scope: RegionScope, fromId: string | undefined, toId: string | undefined) {
  const from = await getVisibleVersion(exec, scope, fromId);
  const to = await getVisibleVersion(exec, scope, toId);
  const [fromItems, toItems] = [await listItems(exec, from.id), await listItems(exec, to.id)];
  // Every item of both versions with the ids of all items it descends from (itself included).
  const rows = await exec.execute<{ id: string; chain: string[] }>(sql`
    with recursive chain(start_id, id, inherited) as (
      select i.id, i.id, i.inherited_item_id from checklist_items i where i.version_id in (${from.id}, ${to.id})
      union all
      select c.start_id, p.id, p.inherited_item_id from chain c join checklist_items p on p.id = c.inherited
    )
    select start_id as id, array_agg(id) as chain from chain group by start_id`);
  const lineage = new Map(rows.map((r) => [r.id, new Set(r.chain)]));
  return { from, to, ...diffItems(fromItems, toItems, lineage) };
}

/** Published versions and own drafts for the diff page's pickers. */
async function listDiffChoices(exec: Executor, scope: RegionScope) {
  return exec
    .select({
      id: checklistVersions.id,
      version: checklistVersions.version,
      status: checklistVersions.status,
      title: checklists.title,
      docNumber: checklists.docNumber,
    })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(await visibleWhere(exec, scope))
    .orderBy(asc(checklists.title), desc(checklistVersions.version));
}

/** Items of a visible version for the .xlsx 台账 export. */
export async function listVersionItemsForExport(exec: Executor, scope: RegionScope, versionId: string | undefined) {
  const version = await getVisibleVersion(exec, scope, versionId);
  const items = await listItems(exec, version.id);
  const officialIds = items.map((i) => i.inheritedItemId).filter((id): id is string => !!id);
  const officials = officialIds.length
    ? await exec
        .select({ id: checklistItems.id, guidance: checklistItems.guidance })
        .from(checklistItems)
        .where(inArray(checklistItems.id, officialIds))
    : [];
  const officialGuidance = new Map(officials.map((o) => [o.id, o.guidance]));
  const ordered = bySection(items).flatMap((g) => g.items);
  return {
    version,
    items: ordered.map((i) => ({ ...i, officialGuidance: i.inheritedItemId ? (officialGuidance.get(i.inheritedItemId) ?? null) : null })),
  };
}

/** The comparison page: every version the regulator may compare, and the chosen pair's differences. */
export async function getDiffPage(exec: Executor, scope: RegionScope, fromId: string | undefined, toId: string | undefined) {
  const choices = await listDiffChoices(exec, scope);
  // Ids that are not versions this regulator can see are a 404 (getVersionDiff checks).
  const diff = fromId || toId ? await getVersionDiff(exec, scope, fromId, toId) : null;
  return { choices, diff };
}
