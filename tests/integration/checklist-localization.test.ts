// A regulator localizes a published list: derive, edit the draft, publish (then frozen), diff,
// and the published local version becomes usable for campaigns in its subtree only.
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, checklistItems, checklistVersions, checklists } from "~db/schema";
import { listUsableVersions } from "~/models/checklist.server";
import { getVersionDiff, publishVersion } from "~/models/checklist-version.server";
import * as listRoute from "~/routes/reg.checklists._index";
import * as viewRoute from "~/routes/reg.checklists.$versionId._index";
import * as deriveRoute from "~/routes/reg.checklists.$versionId.derive";
import * as newItemRoute from "~/routes/reg.checklists.$versionId.items.new";
import * as itemRoute from "~/routes/reg.checklists.$versionId.items.$itemId";
import * as exportRoute from "~/routes/reg.checklists.$versionId.export";
import * as diffRoute from "~/routes/reg.checklists.diff";
import * as newCampaignRoute from "~/routes/reg.campaigns.new";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, getChecklistVersionId } from "../factories";
import { callAction, callLoader } from "../helpers";
import { regionScope } from "./fixtures";

type User = Awaited<ReturnType<typeof createUser>>;
let henanV1: string;
let province: User;
let city: User;
let wolong: User;
let wancheng: User;
let officer: User;

beforeEach(async () => {
  henanV1 = await getChecklistVersionId(db, "henan-2023-key-violations");
  province = await createUser(db, "regulator", { regionCode: "410000" });
  city = await createUser(db, "regulator", { regionCode: "411300" });
  wolong = await createUser(db, "regulator", { regionCode: "411303" });
  wancheng = await createUser(db, "regulator", { regionCode: "411302" });
  const hospital = await createInstitution(db, { regionCode: "411303" });
  officer = await createUser(db, "officer", { institutionId: hospital.id });
});

async function derive(user: User, versionId: string, form = { docNumber: "宛医保发〔2026〕1号", year: "2026" }) {
  const result = await callAction(deriveRoute.action, "/x", { user, params: { versionId }, form });
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return result.location!.split("/").pop()!;
}

async function itemsOf(versionId: string) {
  return db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.versionId, versionId))
    .orderBy(asc(checklistItems.position), asc(checklistItems.code));
}

const editForm = (item: typeof checklistItems.$inferSelect, over: Record<string, string | string[]> = {}) => ({
  guidance: item.guidance,
  domain: item.domain ?? "",
  legalBasis: item.legalBasis ?? "",
  appliesTo: item.appliesTo,
  ...(item.isEvidenceRequired ? { isEvidenceRequired: "on" } : {}),
  ...over,
});

describe("deriving", () => {
  it("the issuing region gets version 2 of the same list; one open draft per list", async () => {
    const draftId = await derive(province, henanV1);
    const [draft] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, draftId));
    const [v1] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, henanV1));
    expect(draft).toMatchObject({
      checklistId: v1.checklistId,
      version: 2,
      status: "draft",
      parentVersionId: henanV1,
      createdBy: province.id,
    });
    const items = await itemsOf(draftId);
    const parentItems = await itemsOf(henanV1);
    expect(items).toHaveLength(28);
    expect(items.map((i) => [i.code, i.inheritedItemId])).toEqual(parentItems.map((p) => [p.code, p.id]));

    const again = await callAction(deriveRoute.action, "/x", {
      user: province,
      params: { versionId: henanV1 },
      form: { docNumber: "x", year: "2026" },
    });
    expect(again.status).toBe(409);
    expect(again.data.draftId).toBe(draftId);
    expect(again.data.fieldErrors._form).toMatch(/草稿/);
  });

  it("a city derives from its province's list: a new list of its own region with version 1", async () => {
    const defaults = await callLoader(deriveRoute.loader, "/x", { user: city, params: { versionId: henanV1 } });
    expect(defaults.data.localTitle).toMatch(/（南阳市本地化）$/);
    const bad = await callAction(deriveRoute.action, "/x", {
      user: city,
      params: { versionId: henanV1 },
      form: { docNumber: " ", year: "26" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({ docNumber: "此项必填", year: expect.stringMatching(/年份/) });

    const draftId = await derive(city, henanV1);
    const [row] = await db
      .select({ version: checklistVersions, list: checklists })
      .from(checklistVersions)
      .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
      .where(eq(checklistVersions.id, draftId));
    expect(row.list).toMatchObject({
      code: "henan-2023-key-violations-411300",
      regionCode: "411300",
      issuer: "南阳市医疗保障局",
      docNumber: "宛医保发〔2026〕1号",
      year: 2026,
    });
    expect(row.list.title).toMatch(/^.+（南阳市本地化）$/);
    expect(row.version).toMatchObject({ version: 1, status: "draft", parentVersionId: henanV1 });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "checklist.version_derived"), eq(auditEvents.entityId, draftId)));
    expect(audit.actorUserId).toBe(city.id);
  });
});

describe("editing a draft", () => {
  it("guidance, a local item, disable and restore, reorder, then publish; afterwards nothing changes", async () => {
    const draftId = await derive(city, henanV1);
    const items = await itemsOf(draftId);
    const first = items[0];
    const params = { versionId: draftId, itemId: first.id };

    // Validation: Chinese messages next to the fields, nothing written.
    const bad = await callAction(itemRoute.action, "/x", { user: city, params, form: editForm(first, { guidance: "", appliesTo: [] }) });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({ guidance: "此项必填", appliesTo: "请至少选择一种适用机构类型" });

    // Guidance rewritten; the official title of an inherited item stays, whatever is posted.
    const saved = await callAction(itemRoute.action, "/x", {
      user: city,
      params,
      form: editForm(first, { guidance: "南阳本地检查要点：调取近两年住院结算明细。", title: "改掉原文", appliesTo: ["hospital"] }),
    });
    expect(saved.status).toBe(302);
    const [edited] = await db.select().from(checklistItems).where(eq(checklistItems.id, first.id));
    expect(edited).toMatchObject({ guidance: "南阳本地检查要点：调取近两年住院结算明细。", title: first.title, appliesTo: ["hospital"] });
    const view = await callLoader(viewRoute.loader, "/x", { user: city, params: { versionId: draftId } });
    const shown = view.data.sections[0].items[0];
    expect(shown).toMatchObject({ isGuidanceRewritten: true, official: { guidance: first.guidance } });
    const form = await callLoader(itemRoute.loader, "/x", { user: city, params });
    expect(form.data.item.isInherited).toBe(true);

    // A local item gets a generated code with the section prefix.
    const newItem = {
      section: "定点医疗机构",
      title: "违规使用医保电子凭证代刷",
      guidance: "核对电子凭证刷卡记录与就诊记录。",
      appliesTo: ["hospital", "pharmacy"],
      isEvidenceRequired: "on",
    };
    const invalidNew = await callAction(newItemRoute.action, "/x", {
      user: city,
      params: { versionId: draftId },
      form: { ...newItem, section: "其他", title: "" },
    });
    expect(invalidNew.status).toBe(400);
    expect(invalidNew.data.fieldErrors).toMatchObject({ section: "请选择所属部分", title: "此项必填" });
    expect((await callAction(newItemRoute.action, "/x", { user: city, params: { versionId: draftId }, form: newItem })).status).toBe(302);
    expect(
      (
        await callAction(newItemRoute.action, "/x", {
          user: city,
          params: { versionId: draftId },
          form: { ...newItem, section: "定点药店", title: "药店本地条目" },
        })
      ).status,
    ).toBe(302);
    const afterAdd = await itemsOf(draftId);
    expect(afterAdd.filter((i) => i.inheritedItemId === null).map((i) => i.code)).toEqual(["MI-L01", "PH-L01"]);
    const local = afterAdd.find((i) => i.code === "MI-L01")!;
    // A local item's title is editable.
    await callAction(itemRoute.action, "/x", {
      user: city,
      params: { versionId: draftId, itemId: local.id },
      form: editForm(local, { title: "违规使用医保电子凭证代刷卡" }),
    });
    expect((await db.select().from(checklistItems).where(eq(checklistItems.id, local.id)))[0].title).toBe("违规使用医保电子凭证代刷卡");

    // Disable an inherited item; the editor lists it under 已停用 and can restore it.
    const second = items[1];
    expect(
      (
        await callAction(viewRoute.action, "/x", {
          user: city,
          params: { versionId: draftId },
          form: { intent: "disable", itemId: second.id },
        })
      ).status,
    ).toBe(302);
    let detail = await callLoader(viewRoute.loader, "/x", { user: city, params: { versionId: draftId } });
    expect(detail.data.disabledCount).toBe(1);
    expect(detail.data.disabled[0].items[0].id).toBe(second.inheritedItemId);
    expect(
      (
        await callAction(viewRoute.action, "/x", {
          user: city,
          params: { versionId: draftId },
          form: { intent: "restore", parentItemId: second.inheritedItemId! },
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await callAction(viewRoute.action, "/x", {
          user: city,
          params: { versionId: draftId },
          form: { intent: "restore", parentItemId: second.inheritedItemId! },
        })
      ).status,
    ).toBe(409);
    detail = await callLoader(viewRoute.loader, "/x", { user: city, params: { versionId: draftId } });
    expect(detail.data.disabledCount).toBe(0);

    // Reorder within the section: the first item moves down one place.
    expect(
      (
        await callAction(viewRoute.action, "/x", {
          user: city,
          params: { versionId: draftId },
          form: { intent: "move", itemId: first.id, direction: "down" },
        })
      ).status,
    ).toBe(302);
    detail = await callLoader(viewRoute.loader, "/x", { user: city, params: { versionId: draftId } });
    const medical = detail.data.sections[0].items.map((i: { code: string }) => i.code);
    expect(medical.slice(0, 2)).toEqual([items[1].code, items[0].code]);

    // Disable one for good, then publish.
    const third = items[2];
    await callAction(viewRoute.action, "/x", { user: city, params: { versionId: draftId }, form: { intent: "disable", itemId: third.id } });
    expect(
      (await callAction(viewRoute.action, "/x", { user: city, params: { versionId: draftId }, form: { intent: "publish" } })).status,
    ).toBe(302);
    const [published] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, draftId));
    expect(published.status).toBe("published");
    expect(published.publishedAt).not.toBeNull();
    expect(published.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.actorUserId, city.id))).map(
      (a) => a.action,
    );
    expect(new Set(actions)).toEqual(
      new Set([
        "checklist.created",
        "checklist.version_derived",
        "checklist.item_updated",
        "checklist.item_added",
        "checklist.item_disabled",
        "checklist.item_restored",
        "checklist.item_moved",
        "checklist.version_published",
      ]),
    );

    // Published: the routes refuse every change …
    expect((await callLoader(itemRoute.loader, "/x", { user: city, params })).status).toBe(404);
    expect((await callAction(itemRoute.action, "/x", { user: city, params, form: editForm(first, { guidance: "再改" }) })).status).toBe(
      404,
    );
    expect((await callLoader(newItemRoute.loader, "/x", { user: city, params: { versionId: draftId } })).status).toBe(404);
    expect((await callAction(newItemRoute.action, "/x", { user: city, params: { versionId: draftId }, form: newItem })).status).toBe(404);
    const attempts: Record<string, string>[] = [
      { intent: "disable", itemId: first.id },
      { intent: "move", itemId: first.id, direction: "up" },
      { intent: "publish" },
      { intent: "discard" },
      { intent: "restore", parentItemId: third.inheritedItemId! },
    ];
    for (const form of attempts) {
      expect((await callAction(viewRoute.action, "/x", { user: city, params: { versionId: draftId }, form })).status).toBe(404);
    }
    // … and so does the database.
    const refused = async (statement: ReturnType<typeof sql>) => {
      await expect(db.execute(statement)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/published/) } });
    };
    await refused(sql`update checklist_items set guidance = 'x' where id = ${first.id}`);
    await refused(sql`delete from checklist_items where id = ${first.id}`);
    await refused(
      sql`insert into checklist_items (version_id, code, position, section, title, guidance, applies_to, is_evidence_required) values (${draftId}, 'MI-L99', 99, '定点医疗机构', 't', 'g', array['hospital'], true)`,
    );
    await refused(sql`update checklist_versions set status = 'draft', published_at = null where id = ${draftId}`);
    await refused(sql`delete from checklist_versions where id = ${draftId}`);
    expect(await itemsOf(draftId)).toHaveLength(29);

    // The diff to the parent: one added, one removed, the rewritten and the reordered ones.
    const diff = await callLoader(diffRoute.loader, `/reg/checklists/diff?from=${henanV1}&to=${draftId}`, { user: city });
    expect(diff.status).toBe(200);
    expect(diff.data.diff.added.map((i: { code: string }) => i.code)).toEqual(["MI-L01", "PH-L01"]);
    expect(diff.data.diff.removed.map((i: { code: string }) => i.code)).toEqual([third.code]);
    expect(diff.data.diff.changed).toHaveLength(1);
    expect(diff.data.diff.changed[0].to.code).toBe(first.code);
    expect(diff.data.diff.changed[0].changes.map((c: { field: string }) => c.field)).toEqual(["guidance", "appliesTo"]);
    expect(diff.data.diff.unchangedCount).toBe(26);
  });

  it("validates the diff matching across two generations and by code", async () => {
    const cityDraft = await derive(city, henanV1);
    const cityItems = await itemsOf(cityDraft);
    await callAction(itemRoute.action, "/x", {
      user: city,
      params: { versionId: cityDraft, itemId: cityItems[0].id },
      form: editForm(cityItems[0], { guidance: "市级改写" }),
    });
    await publishVersion(db, regionScope(city), cityDraft);
    // 卧龙区 localizes the city's local version; the diff against the province's original still
    // pairs each item through the lineage.
    const countyDraft = await derive(wolong, cityDraft);
    const diff = await getVersionDiff(db, regionScope(wolong), henanV1, countyDraft);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((c) => c.to.code)).toEqual([cityItems[0].code]);
    // Reversed direction: the same pair, before and after swapped.
    const reversed = await getVersionDiff(db, regionScope(wolong), countyDraft, henanV1);
    expect(reversed.changed[0].changes[0]).toMatchObject({ field: "guidance", before: "市级改写" });
  });
});

describe("other drafts", () => {
  it("a draft without a parent (as the importer saves it) is edited and published the same way", async () => {
    const [list] = await db
      .insert(checklists)
      .values({
        code: "test-wolong-import",
        title: "卧龙区导入清单",
        issuer: "卧龙区医疗保障局",
        docNumber: "卧医保〔2026〕3号",
        year: 2026,
        source: "test",
        regionCode: "411303",
      })
      .returning();
    const [draft] = await db
      .insert(checklistVersions)
      .values({ checklistId: list.id, version: 1, status: "draft", contentHash: "pending", createdBy: wolong.id })
      .returning();
    const [item] = await db
      .insert(checklistItems)
      .values({
        versionId: draft.id,
        code: "MI-01",
        position: 1,
        section: "定点医疗机构",
        title: "导入的条目",
        guidance: "导入的要点",
        appliesTo: ["hospital"],
        isEvidenceRequired: true,
      })
      .returning();
    const params = { versionId: draft.id, itemId: item.id };
    const form = await callLoader(itemRoute.loader, "/x", { user: wolong, params });
    expect(form.data.item.isInherited).toBe(false);
    expect(
      (await callAction(itemRoute.action, "/x", { user: wolong, params, form: editForm(item, { title: "" }) })).data.fieldErrors,
    ).toMatchObject({ title: "此项必填" });
    expect((await callAction(itemRoute.action, "/x", { user: wolong, params, form: editForm(item, { title: "改过的条目" }) })).status).toBe(
      302,
    );
    const view = await callLoader(viewRoute.loader, "/x", { user: wolong, params: { versionId: draft.id } });
    expect(view.data).toMatchObject({ parent: null, disabledCount: 0, version: { isEditable: true } });
    expect(
      (
        await callAction(viewRoute.action, "/x", {
          user: wolong,
          params: { versionId: draft.id },
          form: { intent: "restore", parentItemId: item.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (await callAction(viewRoute.action, "/x", { user: wolong, params: { versionId: draft.id }, form: { intent: "publish" } })).status,
    ).toBe(302);
    expect((await db.select().from(checklistItems).where(eq(checklistItems.id, item.id)))[0].title).toBe("改过的条目");
  });

  it("an empty draft cannot be published; a discarded draft takes its new local list with it", async () => {
    const draftId = await derive(wolong, henanV1);
    for (const item of await itemsOf(draftId)) {
      await callAction(viewRoute.action, "/x", {
        user: wolong,
        params: { versionId: draftId },
        form: { intent: "disable", itemId: item.id },
      });
    }
    const empty = await callAction(viewRoute.action, "/x", { user: wolong, params: { versionId: draftId }, form: { intent: "publish" } });
    expect(empty.status).toBe(409);
    expect(empty.data.error).toMatch(/没有条目/);
    const discarded = await callAction(viewRoute.action, "/x", {
      user: wolong,
      params: { versionId: draftId },
      form: { intent: "discard" },
    });
    expect(discarded.location).toBe("/reg/checklists");
    expect(await db.select().from(checklistVersions).where(eq(checklistVersions.id, draftId))).toEqual([]);
    expect(await db.select().from(checklists).where(eq(checklists.code, "henan-2023-key-violations-411303"))).toEqual([]);
    expect(
      (await callAction(viewRoute.action, "/x", { user: wolong, params: { versionId: draftId }, form: { intent: "bogus" } })).status,
    ).toBe(400);
  });
});

describe("usable for campaigns", () => {
  it("a published local version is offered in its region and below, not in a sibling region", async () => {
    const draftId = await derive(wolong, henanV1);
    expect((await listUsableVersions(db, "411303")).map((v) => v.versionId)).not.toContain(draftId);
    await publishVersion(db, regionScope(wolong), draftId);
    expect((await listUsableVersions(db, "411303")).map((v) => v.versionId)).toContain(draftId);
    expect((await listUsableVersions(db, "411302")).map((v) => v.versionId)).not.toContain(draftId);
    expect((await listUsableVersions(db, "411300")).map((v) => v.versionId)).not.toContain(draftId);

    const cityDraft = await derive(city, henanV1);
    await publishVersion(db, regionScope(city), cityDraft);
    const form = await callLoader(newCampaignRoute.loader, "/x", { user: wolong });
    expect(form.data.versions.map((v: { versionId: string }) => v.versionId)).toEqual(
      expect.arrayContaining([cityDraft, draftId, henanV1]),
    );
    const sibling = await callLoader(newCampaignRoute.loader, "/x", { user: wancheng });
    expect(sibling.data.versions.map((v: { versionId: string }) => v.versionId)).toContain(cityDraft);
    expect(sibling.data.versions.map((v: { versionId: string }) => v.versionId)).not.toContain(draftId);
  });
});

describe("access", () => {
  it("a sibling county gets 404 on view, edit, diff and export; a child region sees only published versions", async () => {
    const draftId = await derive(wolong, henanV1);
    const item = (await itemsOf(draftId))[0];
    const params = { versionId: draftId, itemId: item.id };
    for (const user of [wancheng, city]) {
      expect((await callLoader(viewRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callAction(viewRoute.action, "/x", { user, params, form: { intent: "publish" } })).status).toBe(404);
      expect((await callLoader(itemRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callAction(itemRoute.action, "/x", { user, params, form: editForm(item) })).status).toBe(404);
      expect((await callLoader(newItemRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callLoader(exportRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callLoader(deriveRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await callLoader(diffRoute.loader, `/reg/checklists/diff?from=${henanV1}&to=${draftId}`, { user })).status).toBe(404);
    }
    await publishVersion(db, regionScope(wolong), draftId);
    // Published in 卧龙区: still not visible to the sibling nor to the city above it.
    expect((await callLoader(viewRoute.loader, "/x", { user: wancheng, params })).status).toBe(404);
    expect((await callLoader(viewRoute.loader, "/x", { user: city, params })).status).toBe(404);
    // A city's published version is visible to its counties, read-only.
    const cityDraft = await derive(city, henanV1);
    expect((await callLoader(viewRoute.loader, "/x", { user: wolong, params: { versionId: cityDraft } })).status).toBe(404);
    await publishVersion(db, regionScope(city), cityDraft);
    const seen = await callLoader(viewRoute.loader, "/x", { user: wolong, params: { versionId: cityDraft } });
    expect(seen.status).toBe(200);
    expect(seen.data.version.isEditable).toBe(false);
    const list = await callLoader(listRoute.loader, "/x", { user: wancheng });
    const codes = list.data.lists.map((l: { code: string }) => l.code);
    expect(codes).toEqual(expect.arrayContaining(["henan-2023-key-violations", "henan-2023-key-violations-411300"]));
    expect(codes).not.toContain("henan-2023-key-violations-411303");
    expect(codes).not.toContain("nmg-wsq-2025-negative-list");
    expect((await callLoader(viewRoute.loader, "/x", { user: wancheng, params: { versionId: "not-a-uuid" } })).status).toBe(404);
  });

  it("institution users get 403 on every checklist route", async () => {
    const params = { versionId: henanV1, itemId: henanV1 };
    for (const fn of [
      listRoute.loader,
      viewRoute.loader,
      deriveRoute.loader,
      newItemRoute.loader,
      itemRoute.loader,
      exportRoute.loader,
      diffRoute.loader,
    ]) {
      expect((await callLoader(fn, "/x", { user: officer, params })).status).toBe(403);
    }
    for (const fn of [viewRoute.action, deriveRoute.action, newItemRoute.action, itemRoute.action]) {
      expect((await callAction(fn, "/x", { user: officer, params, form: { intent: "publish" } })).status).toBe(403);
    }
  });

  it("the export is the version's 台账 as .xlsx", async () => {
    const result = await callLoader(exportRoute.loader, "/x", { user: wolong, params: { versionId: henanV1 } });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toMatch(/spreadsheetml/);
    expect(result.headers.get("Content-Disposition")).toMatch(/xlsx/);
  });
});
