// Every clue route × every role, through the real request path (a real session cookie): the
// institution of the clue, another institution, the county bureau that handles it, a sibling
// county, the city and the province above, a regulator of another province, an administrator.
// The institution sees only its clues; a county never its sibling's; the complainant's identity
// only the registering bureau's handlers — never in a list, an export or the monthly report.
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { dispatchPendingClues, registerComplaint } from "~/models/clue.server";
import { createClueImport, importClueBatch } from "~/models/clue-import.server";
import * as fileRoute from "~/routes/clues.$clueId.files.$fileId";
import * as instFilesRoute from "~/routes/inst.clues.$clueId.files";
import * as instClueRoute from "~/routes/inst.clues.$clueId";
import * as instListRoute from "~/routes/inst.clues._index";
import * as regClueRoute from "~/routes/reg.clues.$clueId";
import * as listRoute from "~/routes/reg.clues._index";
import * as boardRoute from "~/routes/reg.clues.board";
import * as boardExportRoute from "~/routes/reg.clues.board.export";
import * as exportRoute from "~/routes/reg.clues.export";
import * as importPageRoute from "~/routes/reg.clues.import.$importId._index";
import * as problemsRoute from "~/routes/reg.clues.import.$importId.problems";
import * as progressRoute from "~/routes/reg.clues.import.$importId.progress";
import * as importRoute from "~/routes/reg.clues.import._index";
import * as templateRoute from "~/routes/reg.clues.import.template";
import * as newRoute from "~/routes/reg.clues.new";
import * as reportRoute from "~/routes/reg.clues.report";
import { complaintSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { clueCsvOf, clueRecordOf } from "../clue-rows";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";
import { regionScope } from "./fixtures";

const ROLES = ["inst", "otherInst", "county", "sibling", "city", "province", "outside", "admin"] as const;
type Role = (typeof ROLES)[number];
const REGULATORS: Role[] = ["county", "sibling", "city", "province", "outside"];
const NOT_REGULATORS: Role[] = ["inst", "otherInst", "admin"];
const NOT_INSTITUTIONS: Role[] = [...REGULATORS, "admin"];

const COMPLAINANT = { name: "王举报", phone: "13900001111", id: "410102199001011234" };

type World = Awaited<ReturnType<typeof world>>;
let w: World;

/**
 * 河南省 imports a batch for a hospital in 卧龙区 and a pharmacy in 宛城区 and dispatches it to
 * their counties; 卧龙区 registers a complaint about the hospital; the hospital uploads evidence.
 */
async function world() {
  const users = {
    province: await createUser(db, "regulator", { regionCode: "410000" }),
    city: await createUser(db, "regulator", { regionCode: "411300" }),
    county: await createUser(db, "regulator", { regionCode: "411303" }),
    sibling: await createUser(db, "regulator", { regionCode: "411302" }),
    outside: await createUser(db, "regulator", { regionCode: "150626" }),
    admin: await createUser(db, "admin"),
  };
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
  const pharmacy = await createInstitution(db, { kind: "pharmacy", regionCode: "411302", name: "宛城测试药店" });
  const inst = await createUser(db, "officer", { institutionId: hospital.id });
  const otherInst = await createUser(db, "officer", { institutionId: pharmacy.id });
  const created = await createClueImport(db, regionScope(users.province), {
    fileName: "批次.csv",
    bytes: clueCsvOf([clueRecordOf(hospital.nhsaCode, 1), clueRecordOf(pharmacy.nhsaCode, 2)]),
    batchName: "2025年第一批疑点数据",
    docNo: "豫医保办〔2025〕1号",
    dueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  const imported = await importClueBatch(db, regionScope(users.province), created.id);
  if (!imported.ok) throw new Error(imported.error);
  await dispatchPendingClues(db, regionScope(users.province), "direct");
  const idOf = async (institutionId: string) =>
    (await db.execute<{ id: string }>(sql`select id from clues where institution_id = ${institutionId} and source = 'upper'`))[0].id;
  const complaint = await registerComplaint(
    db,
    regionScope(users.county),
    complaintSchema.parse({
      nhsaCode: hospital.nhsaCode,
      regionCode: "411303",
      ruleName: "虚假住院",
      risk: "high",
      dueOn: "2099-12-31",
      summary: "举报虚假住院",
      complainantName: COMPLAINANT.name,
      complainantPhone: COMPLAINANT.phone,
      complainantId: COMPLAINANT.id,
    }),
  );
  if (!complaint.ok) throw new Error("complaint");
  const hospitalClue = await idOf(hospital.id);
  const pharmacyClue = await idOf(pharmacy.id);
  const upload = await postFiles(`/inst/clues/${hospitalClue}/files`, inst, { clueId: hospitalClue });
  if (upload.status !== 302) throw new Error(`upload ${upload.status}`);
  const [file] = await db.execute<{ id: string }>(sql`select id from clue_files where clue_id = ${hospitalClue}`);
  const user: Record<Role, { id: string }> = { ...users, inst, otherInst };
  return { user, hospital, pharmacy, importId: created.id, hospitalClue, pharmacyClue, complaintId: complaint.id, fileId: file.id };
}

beforeEach(async () => {
  w = await world();
});

const get = (loader: LoaderFunction, path: string, role: Role, params: Record<string, string> = {}) =>
  callLoader(loader, path, { user: w.user[role], params });
const post = (action: ActionFunction, path: string, role: Role, form: Record<string, string>, params: Record<string, string> = {}) =>
  callAction(action, path, { user: w.user[role], params, form });

/** Each role's status for one request. */
async function statuses(run: (role: Role) => Promise<{ status: number }>): Promise<Record<Role, number>> {
  const out = {} as Record<Role, number>;
  for (const role of ROLES) out[role] = (await run(role)).status;
  return out;
}

const expected = (byRole: Partial<Record<Role, number>>, rest: number) =>
  Object.fromEntries(ROLES.map((r) => [r, byRole[r] ?? rest])) as Record<Role, number>;
const only = (roles: Role[], status: number) => Object.fromEntries(roles.map((r) => [r, status])) as Partial<Record<Role, number>>;

/** The ids of the clues a list shows. */
const idsOf = (data: { list: { rows: { id: string }[] } }) => data.list.rows.map((r) => r.id).sort();

/** Every cell of every sheet of an .xlsx response, joined. */
async function workbookText(loader: LoaderFunction, path: string, role: Role) {
  const request = new Request(new URL(path, BASE_URL), { headers: { Cookie: await sessionCookieFor(w.user[role].id) } });
  const response = (await loader({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join("|");
}

async function postFiles(path: string, user: { id: string }, params: Record<string, string>) {
  const body = new FormData();
  body.set("files", new File([Buffer.from("%PDF-1.4 test")], "凭证.pdf", { type: "application/pdf" }));
  const request = new Request(new URL(path, BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await sessionCookieFor(user.id) },
    body,
  });
  try {
    const response = (await instFilesRoute.action({ request, params, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
    return { status: response.status };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    throw thrown;
  }
}

const mentionsComplainant = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return [COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.id].some((v) => text.includes(v));
};

describe("regulator list, board, exports and report", () => {
  it("/reg/clues: regulators see their subtree's clues only, nobody the complainant; others 403", async () => {
    expect(await statuses((role) => get(listRoute.loader, "/reg/clues", role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    const seen = async (role: Role) => idsOf((await get(listRoute.loader, "/reg/clues", role)).data);
    const all = [w.hospitalClue, w.pharmacyClue, w.complaintId].sort();
    expect(await seen("county")).toEqual([w.hospitalClue, w.complaintId].sort());
    expect(await seen("sibling")).toEqual([w.pharmacyClue]);
    expect(await seen("city")).toEqual(all);
    expect(await seen("province")).toEqual(all);
    expect(await seen("outside")).toEqual([]);
    for (const role of REGULATORS) expect(mentionsComplainant((await get(listRoute.loader, "/reg/clues", role)).data)).toBe(false);
  });

  it("/reg/clues (下发 action): regulators only, and only their own pending clues move", async () => {
    expect(await statuses((role) => post(listRoute.action, "/reg/clues", role, { mode: "direct" }))).toEqual(
      expected(only(NOT_REGULATORS, 403), 302),
    );
    const [{ handlers }] = await db.execute<{ handlers: string }>(
      sql`select string_agg(handler_region_code, ',' order by handler_region_code) as handlers from clues`,
    );
    expect(handlers).toBe("411302,411303,411303");
  });

  it("/reg/clues/export: each regulator's subtree only, never the complainant; others 403", async () => {
    expect(await statuses((role) => get(exportRoute.loader, "/reg/clues/export", role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    const text = (role: Role) => workbookText(exportRoute.loader, "/reg/clues/export", role);
    const county = await text("county");
    expect(county).toContain("卧龙测试医院");
    expect(county).toContain("虚假住院");
    expect(county).not.toContain("宛城测试药店");
    const sibling = await text("sibling");
    expect(sibling).toContain("宛城测试药店");
    expect(sibling).not.toContain("卧龙测试医院");
    expect(await text("outside")).not.toMatch(/卧龙测试医院|宛城测试药店/);
    // Not even the registering bureau's own export carries the complainant; nor any level above.
    for (const role of ["county", "city", "province"] as const) {
      const exported = await text(role);
      expect(exported).toContain("举报虚假住院");
      expect(mentionsComplainant(exported)).toBe(false);
    }
  });

  it("/reg/clues/board: a region in the regulator's subtree only; others 403", async () => {
    expect(await statuses((role) => get(boardRoute.loader, "/reg/clues/board", role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    const institutions = async (role: Role, path = "/reg/clues/board") =>
      (await get(boardRoute.loader, path, role)).data.byInstitution.rows.map((r: { name: string }) => r.name).sort();
    expect(await institutions("county")).toEqual(["卧龙测试医院"]);
    expect(await institutions("sibling")).toEqual(["宛城测试药店"]);
    expect(await institutions("city")).toEqual(["卧龙测试医院", "宛城测试药店"].sort());
    expect(await institutions("outside")).toEqual([]);
    // Drill-down into a county: its parents may, its sibling and other provinces may not.
    expect(await statuses((role) => get(boardRoute.loader, "/reg/clues/board?region=411303", role))).toEqual(
      expected({ ...only(NOT_REGULATORS, 403), sibling: 404, outside: 404 }, 200),
    );
    expect(await institutions("province", "/reg/clues/board?region=411303")).toEqual(["卧龙测试医院"]);
    for (const role of REGULATORS) expect(mentionsComplainant((await get(boardRoute.loader, "/reg/clues/board", role)).data)).toBe(false);
  });

  it("/reg/clues/board (列入下次抽查 action): the clue must be in the regulator's subtree", async () => {
    const run = (role: Role) => post(boardRoute.action, "/reg/clues/board", role, { clueId: w.complaintId });
    // A fresh complaint is not flagged (400); outside the subtree it does not exist (404).
    expect(await statuses(run)).toEqual(expected({ ...only(NOT_REGULATORS, 403), sibling: 404, outside: 404 }, 400));
  });

  it("/reg/clues/board/export: the board's region in the regulator's subtree only; others 403", async () => {
    expect(await statuses((role) => get(boardExportRoute.loader, "/reg/clues/board/export", role))).toEqual(
      expected(only(NOT_REGULATORS, 403), 200),
    );
    const county = await workbookText(boardExportRoute.loader, "/reg/clues/board/export", "county");
    expect(county).toContain("卧龙测试医院");
    expect(county).not.toContain("宛城测试药店");
    expect(await workbookText(boardExportRoute.loader, "/reg/clues/board/export", "sibling")).not.toContain("卧龙测试医院");
    expect(await statuses((role) => get(boardExportRoute.loader, "/reg/clues/board/export?region=411303", role))).toEqual(
      expected({ ...only(NOT_REGULATORS, 403), sibling: 404, outside: 404 }, 200),
    );
    expect(mentionsComplainant(await workbookText(boardExportRoute.loader, "/reg/clues/board/export", "county"))).toBe(false);
  });

  it("/reg/clues/report: the regulator's own region and those below it; never the complainant; others 403", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const path = `/reg/clues/report?month=${month}`;
    expect(await statuses((role) => get(reportRoute.loader, path, role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    const county = await workbookText(reportRoute.loader, path, "county");
    expect(county).toContain("卧龙区");
    expect(county).not.toContain("宛城区");
    const city = await workbookText(reportRoute.loader, path, "city");
    expect(city).toContain("宛城区");
    expect(await workbookText(reportRoute.loader, path, "outside")).not.toMatch(/卧龙区|宛城区|南阳/);
    for (const role of ["county", "city", "province"] as const) {
      expect(mentionsComplainant(await workbookText(reportRoute.loader, path, role))).toBe(false);
    }
  });
});

describe("one clue, regulator side", () => {
  it("/reg/clues/:id: the handling bureau and those above it; a sibling or another province 404; others 403", async () => {
    const run = (clueId: string) => (role: Role) => get(regClueRoute.loader, `/reg/clues/${clueId}`, role, { clueId });
    const regulatorAnswer = expected({ ...only(NOT_REGULATORS, 403), sibling: 404, outside: 404 }, 200);
    expect(await statuses(run(w.hospitalClue))).toEqual(regulatorAnswer);
    expect(await statuses(run(w.complaintId))).toEqual(regulatorAnswer);
    expect(await statuses(run(w.pharmacyClue))).toEqual(expected({ ...only(NOT_REGULATORS, 403), county: 404, outside: 404 }, 200));
  });

  it("/reg/clues/:id: the complainant only for the registering bureau's handlers", async () => {
    const page = async (role: Role) =>
      (await get(regClueRoute.loader, `/reg/clues/${w.complaintId}`, role, { clueId: w.complaintId })).data;
    expect((await page("county")).complainant).toEqual({ name: COMPLAINANT.name, phone: COMPLAINANT.phone, idNumber: COMPLAINANT.id });
    const colleague = await createUser(db, "regulator", { regionCode: "411303" });
    const colleaguePage = await callLoader(regClueRoute.loader, `/reg/clues/${w.complaintId}`, {
      user: colleague,
      params: { clueId: w.complaintId },
    });
    expect(colleaguePage.data.complainant).toMatchObject({ name: COMPLAINANT.name });
    for (const role of ["city", "province"] as const) {
      const data = await page(role);
      expect(data.complainant).toBeNull();
      expect(mentionsComplainant(data)).toBe(false);
    }
  });

  it("/reg/clues/:id actions (reveal, dispatch, review, close): the same scope as the page", async () => {
    const [record] = await db.execute<{ id: string }>(sql`select id from clue_records where clue_id = ${w.hospitalClue}`);
    const reveal = { intent: "reveal", recordId: String(record.id), field: "patientName", reason: "核实身份" };
    const run = (form: Record<string, string>) => (role: Role) =>
      post(regClueRoute.action, `/reg/clues/${w.hospitalClue}`, role, form, { clueId: w.hospitalClue });
    expect(await statuses(run(reveal))).toEqual(expected({ ...only(NOT_REGULATORS, 403), sibling: 404, outside: 404 }, 200));
    // Nothing submitted yet: the bureaus that reach the clue are refused with a reason (400), the rest never reach it.
    const forms: Record<string, string>[] = [
      { intent: "acceptAll" },
      { intent: "review", recordId: String(record.id), decision: "accepted" },
      { intent: "close", result: "unfounded", note: "越权" },
      { intent: "dispatch", target: "411300" },
    ];
    for (const form of forms) {
      const answers = await statuses(run(form));
      expect(answers).toMatchObject({ inst: 403, otherInst: 403, admin: 403, sibling: 404, outside: 404 });
      expect(answers.county).toBe(400);
    }
    const [{ handler, status }] = await db.execute<{ handler: string; status: string }>(
      sql`select handler_region_code as handler, status from clues where id = ${w.hospitalClue}`,
    );
    // The city took the clue back up (dispatch to 411300 is within its subtree); the sibling never could.
    expect({ handler, status }).toEqual({ handler: "411300", status: "pending" });
  });
});

describe("institution side", () => {
  it("/inst/clues: the institution's own clues only; regulators and admin 403", async () => {
    expect(await statuses((role) => get(instListRoute.loader, "/inst/clues", role))).toEqual(expected(only(NOT_INSTITUTIONS, 403), 200));
    expect(idsOf((await get(instListRoute.loader, "/inst/clues", "inst")).data)).toEqual([w.hospitalClue, w.complaintId].sort());
    expect(idsOf((await get(instListRoute.loader, "/inst/clues", "otherInst")).data)).toEqual([w.pharmacyClue]);
    expect(mentionsComplainant((await get(instListRoute.loader, "/inst/clues", "inst")).data)).toBe(false);
  });

  it("/inst/clues/:id: the subject institution only, never the complainant; another institution 404", async () => {
    const run = (clueId: string) => (role: Role) => get(instClueRoute.loader, `/inst/clues/${clueId}`, role, { clueId });
    expect(await statuses(run(w.complaintId))).toEqual(expected({ ...only(NOT_INSTITUTIONS, 403), otherInst: 404 }, 200));
    expect(await statuses(run(w.pharmacyClue))).toEqual(expected({ ...only(NOT_INSTITUTIONS, 403), inst: 404 }, 200));
    const own = (await get(instClueRoute.loader, `/inst/clues/${w.complaintId}`, "inst", { clueId: w.complaintId })).data;
    expect(own.complainant).toBeNull();
    expect(mentionsComplainant(own)).toBe(false);
  });

  it("/inst/clues/:id (answer action): the subject institution only", async () => {
    const form = { scope: "all", verdict: "false", explanation: "经核实不属实" };
    const run = (role: Role) => post(instClueRoute.action, `/inst/clues/${w.hospitalClue}`, role, form, { clueId: w.hospitalClue });
    expect(await statuses(run)).toEqual(expected({ ...only(NOT_INSTITUTIONS, 403), otherInst: 404, inst: 302 }, 0));
    const [{ states }] = await db.execute<{ states: string }>(
      sql`select string_agg(answer_state, ',') as states from clue_records where clue_id = ${w.hospitalClue}`,
    );
    expect(states).toBe("submitted");
  });

  it("/inst/clues/:id/files: uploads by the subject institution only; the GET only redirects", async () => {
    const run = (role: Role) => postFiles(`/inst/clues/${w.hospitalClue}/files`, w.user[role], { clueId: w.hospitalClue });
    expect(await statuses(run)).toEqual(expected({ ...only(NOT_INSTITUTIONS, 403), otherInst: 404, inst: 302 }, 0));
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from clue_files where clue_id = ${w.hospitalClue}`);
    expect(n).toBe(2);
    for (const role of ROLES) {
      const page = await get(instFilesRoute.loader, `/inst/clues/${w.hospitalClue}/files`, role, { clueId: w.hospitalClue });
      expect({ status: page.status, location: page.location }).toEqual({ status: 302, location: `/inst/clues/${w.hospitalClue}` });
    }
  });

  it("/clues/:id/files/:fileId: whoever reaches the clue; the download carries no other clue's file", async () => {
    const params = { clueId: w.hospitalClue, fileId: w.fileId };
    const run = (role: Role) => get(fileRoute.loader, `/clues/${w.hospitalClue}/files/${w.fileId}`, role, params);
    expect(await statuses(run)).toEqual(expected({ otherInst: 404, sibling: 404, outside: 404, admin: 403 }, 200));
    // The file id under a clue it does not belong to is not found, even for the bureau that reaches both.
    const crossed = await get(fileRoute.loader, `/clues/${w.complaintId}/files/${w.fileId}`, "county", {
      clueId: w.complaintId,
      fileId: w.fileId,
    });
    expect(crossed.status).toBe(404);
  });
});

describe("registering and importing", () => {
  it("/reg/clues/new: regulators only, and only for institutions and regions in their subtree", async () => {
    expect(await statuses((role) => get(newRoute.loader, "/reg/clues/new", role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    const form = {
      nhsaCode: w.hospital.nhsaCode,
      regionCode: "411303",
      ruleName: "分解住院",
      risk: "medium",
      dueOn: "2099-12-31",
      summary: "举报分解住院",
      complainantName: "赵六",
    };
    const answers = await statuses((role) => post(newRoute.action, "/reg/clues/new", role, form));
    expect(answers).toEqual(expected({ ...only(NOT_REGULATORS, 403), sibling: 400, outside: 400 }, 302));
  });

  it("/reg/clues/import and its template: regulators only; an import is listed only in its bureau's subtree", async () => {
    expect(await statuses((role) => get(importRoute.loader, "/reg/clues/import", role))).toEqual(expected(only(NOT_REGULATORS, 403), 200));
    expect(await statuses((role) => get(templateRoute.loader, "/reg/clues/import/template", role))).toEqual(
      expected(only(NOT_REGULATORS, 403), 200),
    );
    const listed = async (role: Role) =>
      (await get(importRoute.loader, "/reg/clues/import", role)).data.imports.map((i: { id: string }) => i.id);
    expect(await listed("province")).toEqual([w.importId]);
    for (const role of ["city", "county", "outside"] as const) expect(await listed(role)).toEqual([]);
    // A post without a file: regulators get the form back with an error, others are refused first.
    expect(await statuses((role) => post(importRoute.action, "/reg/clues/import", role, { batchName: "x" }))).toEqual(
      expected(only(NOT_REGULATORS, 403), 400),
    );
  });

  it("/reg/clues/import/:id (page, start, progress, problems): the importing bureau only", async () => {
    const params = { importId: w.importId };
    const base = `/reg/clues/import/${w.importId}`;
    const onlyProvince = expected({ ...only(NOT_REGULATORS, 403), province: 200 }, 404);
    expect(await statuses((role) => get(importPageRoute.loader, base, role, params))).toEqual(onlyProvince);
    expect(await statuses((role) => get(progressRoute.loader, `${base}/progress`, role, params))).toEqual(onlyProvince);
    expect(await statuses((role) => get(problemsRoute.loader, `${base}/problems`, role, params))).toEqual(onlyProvince);
    // Already imported: the importing bureau is told so (400); nobody else reaches it.
    expect(await statuses((role) => post(importPageRoute.action, base, role, {}, params))).toEqual({ ...onlyProvince, province: 400 });
  });
});
