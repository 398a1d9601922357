// Clues as an oversight input: a 查实 clue feeds the risk score, the weekly digest counts open and
// overdue clues, the board's flagged clues become inspections or must-include sample entries.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registerComplaint } from "~/models/clue.server";
import { complaintSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import * as regClueRoute from "~/routes/reg.clues.$clueId";
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
