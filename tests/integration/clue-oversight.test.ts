// Clues as an oversight input: a 查实 clue feeds the risk score, the weekly digest counts open and
// overdue clues, the board's flagged clues become inspections or must-include sample entries.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registerComplaint } from "~/models/clue.server";
import { createSample, verifySample } from "~/models/sample.server";
import { complaintSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import * as regClueRoute from "~/routes/reg.clues.$clueId";
import * as boardRoute from "~/routes/reg.clues.board";
import * as newClueRoute from "~/routes/reg.clues.new";
import * as inspectionRoute from "~/routes/reg.inspections.$inspectionId";
import * as newInspectionRoute from "~/routes/reg.inspections.new";
import * as institutionRoute from "~/routes/reg.institutions.$institutionId";
import { createInstitution, createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { regionScope } from "./fixtures";

/** 卧龙区 bureau registers a complaint about its hospital; with no records it can be closed at once. */
async function complaintAbout(user: { id: string; regionCode: string | null }, nhsaCode: string, o: Record<string, string> = {}) {
  const input = complaintSchema.parse({
    nhsaCode,
    regionCode: user.regionCode,
    ruleName: "分解住院",
    risk: "high",
    dueOn: "2099-12-31",
    summary: "患者反映多次办理出入院",
    complainantName: "赵六",
    ...o,
  });
  const created = await registerComplaint(db, regionScope(user), input);
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return created.id;
}

describe("confirmed clues in the risk score", () => {
  it("closing a clue as 查实 raises the institution's stored score and the risk page explains it in Chinese", async () => {
    const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
    const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
    const confirmedId = await complaintAbout(wolong, hospital.nhsaCode);
    const unfoundedId = await complaintAbout(wolong, hospital.nhsaCode);
    const close = (clueId: string, form: Record<string, string>) =>
      callAction(regClueRoute.action, `/reg/clues/${clueId}`, { user: wolong, params: { clueId }, form: { intent: "close", ...form } });

    // 查否 changes nothing.
    expect((await close(unfoundedId, { result: "unfounded", note: "查无实据" })).status).toBe(302);
    const scoreOf = async () =>
      (await db.execute<{ score: number }>(sql`select score from risk_scores where institution_id = ${hospital.id}`))[0]?.score ?? 0;
    expect(await scoreOf()).toBe(0);

    expect((await close(confirmedId, { result: "confirmed", recovered: "500", penalty: "0", note: "查实" })).status).toBe(302);
    expect(await scoreOf()).toBe(10);
    const [history] = await db.execute<{ cause: string }>(sql`select cause from risk_score_history where institution_id = ${hospital.id}`);
    expect(history.cause).toBe("clue");

    const page = await callLoader(institutionRoute.loader, `/reg/institutions/${hospital.id}`, {
      user: wolong,
      params: { institutionId: hospital.id },
    });
    const factor = page.data.card.result.factors.find((f: { factor: string }) => f.factor === "confirmedClues");
    expect(factor).toMatchObject({ label: "线索核查查实", points: 10, explanation: "线索核查查实 1 条，每条计 10 分" });
  });
});

describe("clues flagged for cross-inspection (列入交叉检查)", () => {
  /** 卧龙区 has a high-risk complaint about its hospital open for 40 days, i.e. flagged on the board. */
  async function flaggedClue() {
    const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
    const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
    const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区经办" });
    const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
    const other = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙第二医院" });
    const clueId = await complaintAbout(wolong, hospital.nhsaCode);
    await db.execute(sql`update clues set created_at = now() - interval '40 days' where id = ${clueId}`);
    return { city, wolong, wancheng, hospital, other, clueId };
  }

  it("turns into a cross-inspection prefilled from the board, and the recorded inspection links back to the clue", async () => {
    const w = await flaggedClue();
    const board = await callLoader(boardRoute.loader, "/reg/clues/board", { user: w.wolong });
    expect(board.data.flagged).toEqual([expect.objectContaining({ id: w.clueId, institutionId: w.hospital.id, isMustInclude: false })]);

    const path = `/reg/inspections/new?institution=${w.hospital.id}&clue=${w.clueId}`;
    const page = await callLoader(newInspectionRoute.loader, path, { user: w.wolong });
    expect(page.data.defaults).toMatchObject({ institutionId: w.hospital.id, type: "cross", clueId: w.clueId });
    const form = { ...page.data.defaults, inspectorNames: "李四、王五", inspectorIds: [] as string[] };

    // The clue must be about the inspected institution.
    const wrong = await callAction(newInspectionRoute.action, path, { user: w.wolong, form: { ...form, institutionId: w.other.id } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fieldErrors.institutionId).toBe("所选线索不是该机构的，或不在本辖区");

    const saved = await callAction(newInspectionRoute.action, path, { user: w.wolong, form });
    expect(saved.status).toBe(302);
    const inspectionId = saved.location!.split("/").pop()!;
    const detail = await callLoader(inspectionRoute.loader, `/reg/inspections/${inspectionId}`, {
      user: w.wolong,
      params: { inspectionId },
    });
    expect(detail.data.inspection).toMatchObject({ type: "cross", clueId: w.clueId });
    expect(detail.data.facts.clueRuleName).toBe("分解住院");
  });

  it("a clue the regulator cannot see is refused as an inspection's source", async () => {
    const w = await flaggedClue();
    // 宛城区 records an inspection of its own institution, naming 卧龙区's clue.
    const pharmacy = await createInstitution(db, { kind: "pharmacy", regionCode: "411302", name: "宛城测试药店" });
    const refused = await callAction(newInspectionRoute.action, "/reg/inspections/new", {
      user: w.wancheng,
      form: { institutionId: pharmacy.id, type: "cross", inspectedOn: "2026-01-05", inspectorNames: "李四", clueId: w.clueId },
    });
    expect(refused.status).toBe(400);
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from inspections`);
    expect(n).toBe(0);
  });

  it("goes on the must-include list once, in scope, and the next sample of its region always includes it", async () => {
    const w = await flaggedClue();
    for (let i = 0; i < 9; i++) await createInstitution(db, { kind: "pharmacy", regionCode: "411302", name: `宛城药店${i}` });
    const add = (user: { id: string }) => callAction(boardRoute.action, "/reg/clues/board", { user, form: { clueId: w.clueId } });

    expect((await add(w.wancheng)).status).toBe(404); // a sibling county does not see the clue
    expect((await add(w.wolong)).status).toBe(302);
    const again = await add(w.wolong);
    expect(again.status).toBe(400);
    expect(again.data.fieldErrors._form).toBe("该线索的机构已列入抽查必查名单。");
    const board = await callLoader(boardRoute.loader, "/reg/clues/board", { user: w.wolong });
    expect(board.data.flagged[0].isMustInclude).toBe(true);

    // 11 institutions at 10%: 2 places. Whatever the seed, the hospital is in, as must-include.
    const draw = (seed: string) =>
      createSample(db, regionScope(w.city), {
        title: "双随机",
        regionCode: "411300",
        periodStart: "2026-01-01",
        periodEnd: "2026-03-31",
        ratioPercent: 10,
        seed,
        inspectorsPerInstitution: 0,
      });
    const first = await draw("seed-a");
    if (!first.ok) throw new Error("draw");
    const entries = await db.execute<{ institution_id: string; reason: string }>(
      sql`select institution_id, reason from inspection_sample_entries where sample_id = ${first.id}`,
    );
    expect(entries).toContainEqual({ institution_id: w.hospital.id, reason: "must_include" });
    expect(await verifySample(db, regionScope(w.city), first.id)).toMatchObject({ matches: true });
    // Taken by that draw: the next one draws it only by chance.
    const second = await draw("seed-b");
    if (!second.ok) throw new Error("draw");
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from inspection_sample_entries where sample_id = ${second.id} and reason = 'must_include'`,
    );
    expect(n).toBe(0);
  });
});

describe("a clue's link to a problem-list item", () => {
  it("is set by item code in the new-clue form, refused when unknown, and shown on the clue page", async () => {
    const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
    const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
    const [item] = await db.execute<{ code: string; title: string }>(sql`
      select ci.code, ci.title from checklist_items ci join checklist_versions v on v.id = ci.version_id
      where v.status = 'published' order by v.published_at desc, ci.code limit 1`);
    const form = {
      nhsaCode: hospital.nhsaCode,
      regionCode: "411303",
      ruleName: "分解住院",
      itemCode: "NO-SUCH-ITEM",
      risk: "high",
      dueOn: "2099-12-31",
      summary: "患者反映多次办理出入院",
      complainantName: "赵六",
    };
    const refused = await callAction(newClueRoute.action, "/reg/clues/new", { user: wolong, form });
    expect(refused.status).toBe(400);
    expect(refused.data.fieldErrors.itemCode).toBe("问题清单中没有该条目编号");
    expect(refused.data.values.itemCode).toBe("NO-SUCH-ITEM");

    const saved = await callAction(newClueRoute.action, "/reg/clues/new", { user: wolong, form: { ...form, itemCode: item.code } });
    expect(saved.status).toBe(302);
    const clueId = saved.location!.split("/").pop()!;
    const page = await callLoader(regClueRoute.loader, `/reg/clues/${clueId}`, { user: wolong, params: { clueId } });
    expect(page.data.clue.checklistItemTitle).toBe(item.title);
  });
});
