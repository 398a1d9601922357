import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checklistItems, checklistVersions, checklists, referenceEntries } from "~db/schema";
import { loadChecklistDir, parseChecklistSet } from "~checklists/loader";
import { importChecklists } from "~/models/checklist.server";
import { db } from "~/utils/db.server";
import { openDemoCampaign } from "./fixtures";

const shipped = loadChecklistDir();

describe("checklist import", () => {
  it("the shipped lists are in the database with every item, and importing again changes nothing", async () => {
    const report = await importChecklists(db, shipped);
    expect(report.every((r) => r.outcome === "unchanged")).toBe(true);
    const counts = await db.execute<{ code: string; n: number }>(sql`
      select c.code, count(i.id)::int as n from checklists c join checklist_versions v on v.checklist_id = c.id
      join checklist_items i on i.version_id = v.id group by c.code order by c.code`);
    expect(counts.map((r) => [r.code, r.n])).toEqual([
      ["henan-2023-key-violations", 28],
      ["nmg-wsq-2025-negative-list", 68],
    ]);
    expect(await db.select().from(referenceEntries)).toHaveLength(120);
  });

  it("a changed file becomes a new version; the version a campaign uses stays as it was", async () => {
    const { campaign } = await openDemoCampaign();
    const henan = shipped.checklists.find((c) => c.code === "henan-2023-key-violations")!;
    const editedText = `${JSON.stringify({ ...henan, file: undefined, contentHash: undefined, items: henan.items.map((i, n) => (n === 0 ? { ...i, guidance: "本地改写的检查要点" } : i)) })}`;
    const edited = parseChecklistSet({
      checklists: [{ file: "checklists/data/henan-2023-key-violations.yaml", text: editedText }],
      references: [],
    });
    const report = await importChecklists(db, edited);
    expect(report).toEqual([expect.objectContaining({ outcome: "new_version", version: 2 })]);

    const [list] = await db.select().from(checklists).where(eq(checklists.code, "henan-2023-key-violations"));
    const versions = await db
      .select()
      .from(checklistVersions)
      .where(eq(checklistVersions.checklistId, list.id))
      .orderBy(asc(checklistVersions.version));
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1].parentVersionId).toBe(versions[0].id);
    expect(versions[0].id).toBe(campaign.checklistVersionId);
    const [oldFirst] = await db
      .select()
      .from(checklistItems)
      .where(eq(checklistItems.versionId, versions[0].id))
      .orderBy(asc(checklistItems.position))
      .limit(1);
    const [newFirst] = await db
      .select()
      .from(checklistItems)
      .where(eq(checklistItems.versionId, versions[1].id))
      .orderBy(asc(checklistItems.position))
      .limit(1);
    expect(oldFirst.guidance).not.toBe("本地改写的检查要点");
    expect(newFirst.guidance).toBe("本地改写的检查要点");
  });
});
