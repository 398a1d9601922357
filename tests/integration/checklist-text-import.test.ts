// Importing a problem list from a document: paste / .docx / .txt / .xlsx → preview → fixes →
// draft version, through the real routes with real sessions and a real database.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { and, asc, eq, like, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, checklistItems, checklistVersions, checklists } from "~db/schema";
import * as importRoute from "~/routes/reg.checklists_.import";
import * as templateRoute from "~/routes/reg.checklists_.import_.template[.xlsx]";
import { readChecklistWorkbook } from "~/models/checklist-import.server";
import type { PreviewTree } from "~/schemas/checklist-import";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { createInstitution, createUser } from "../factories";
import { BASE_URL, callAction, callLoader, sessionCookieFor, type RouteResult } from "../helpers";

const fixture = (name: string) => fs.readFileSync(path.resolve("checklists/fixtures", name), "utf8");
const META = {
  title: "使用医疗保障基金行为负面清单（2025年）",
  issuer: "乌审旗人民政府办公室",
  docNumber: "乌政办发〔2025〕13号",
  year: "2025",
};
const counts = (tree: PreviewTree) => tree.groups.filter((g) => g.isIncluded).map((g) => g.items.length);

beforeEach(async () => {
  // The worker setup removes versions made by a user; drop the imported lists themselves too.
  await db.delete(checklists).where(like(checklists.code, "import-%"));
});

/** Posts multipart/form-data (fields + one file), the way the browser sends step 1. */
async function postMultipart(
  user: { id: string },
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array; type: string },
): Promise<RouteResult> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request(new URL("/reg/checklists/import", BASE_URL), {
    method: "POST",
    headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL },
    body,
  });
  return callWith(request);
}

async function callWith(request: Request): Promise<RouteResult> {
  try {
    const out = (await importRoute.action({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as unknown;
    if (out instanceof Response)
      return { status: out.status, data: await out.text(), headers: out.headers, location: out.headers.get("Location") };
    const d = out as { data: unknown; init?: { status?: number } };
    return { status: d.init?.status ?? 200, data: d.data, headers: new Headers(), location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: await thrown.text(), headers: thrown.headers, location: null };
    throw thrown;
  }
}

/** Step 2 round trip: the hidden tree plus whatever fields the page would post. */
function previewPost(user: { id: string }, tree: PreviewTree, intent: string, fields: Record<string, string | string[]> = {}) {
  return callAction(importRoute.action, "/reg/checklists/import", { user, form: { tree: JSON.stringify(tree), intent, ...fields } });
}

async function docxOf(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs
      .map((p) => `<w:p><w:r><w:t xml:space="preserve">${esc(p)}</w:t></w:r></w:p>`)
      .join("")}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

async function xlsxOf(
  rows: (string | number | null)[][],
  header = ["序号", "板块", "领域", "问题表述", "检查要点", "政策依据", "适用机构", "需佐证材料"],
) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("清单条目");
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("import from pasted text", () => {
  it("paste the 乌审旗 list → preview 26/27/6/4/5 → merge, split, change sections → draft in the regulator's region", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const parsed = await callAction(importRoute.action, "/reg/checklists/import", {
      user: regulator,
      form: { intent: "parse", ...META, text: fixture("nmg-wsq-2025-negative-list.txt"), startAt: "" },
    });
    expect(parsed.status).toBe(200);
    let tree: PreviewTree = parsed.data.tree;
    expect(counts(tree)).toEqual([26, 27, 6, 4, 5]);
    expect(tree.groups.map((g) => g.section)).toEqual(["定点医疗机构", "定点药店", "参保人员", "职业骗保团伙", "异地就医"]);
    expect(tree.groups[1].appliesTo).toEqual(["pharmacy"]);

    // Merge 一（2） into 一（1）, then split it again at the sentence.
    let r = await previewPost(regulator, tree, "merge:0:1");
    tree = r.data.tree;
    expect(tree.groups[0].items).toHaveLength(25);
    expect(tree.groups[0].items[0].title).toBe("诱导、协助他人冒名或者虚假就医、购药等套取医保基金；收集医保凭证空刷套刷");
    r = await previewPost(regulator, tree, "split:0:0");
    tree = r.data.tree;
    expect(tree.groups[0].items.slice(0, 2).map((i) => i.title)).toEqual([
      "诱导、协助他人冒名或者虚假就医、购药等套取医保基金",
      "收集医保凭证空刷套刷",
    ]);

    // One sentence only: split explains what to do, nothing changes.
    r = await previewPost(regulator, tree, "split:0:2");
    expect(r.status).toBe(400);
    expect(r.data.message).toContain("||");
    expect(r.data.tree.groups[0].items).toHaveLength(26);

    // Typed fixes travel with any button: "||" splits 三（5）, 一（25） moves to 参保人员, 四 becomes 参保人员 too,
    // 五's kinds are narrowed, and a typo fix in 二（1）.
    r = await previewPost(regulator, tree, "apply", {
      "i.2.4.title": "困难群众1年内住院3次以上||5次以上的予以关注",
      "i.0.24.section": "参保人员",
      "g.3.section": "参保人员",
      "g.3.appliesToShown": "1",
      "g.3.appliesTo": tree.groups[3].appliesTo,
      "g.4.appliesToShown": "1",
      "g.4.appliesTo": ["hospital", "pharmacy"],
      "i.1.0.title": "串换项目，将不属于医保基金支付的药品。",
    });
    expect(r.status).toBe(200);
    tree = r.data.tree;
    expect(tree.groups[2].items.slice(4, 6).map((i) => i.title)).toEqual(["困难群众1年内住院3次以上", "5次以上的予以关注"]);
    expect(tree.groups[0].items[24].section).toBe("参保人员");
    expect(tree.groups[3].section).toBe("参保人员");
    expect(tree.groups[3].items.every((i) => i.section === "参保人员")).toBe(true);
    expect(tree.groups[1].items[0].title).toBe("串换项目，将不属于医保基金支付的药品");

    // Delete the last item of 五.
    r = await previewPost(regulator, tree, "remove:4:4");
    tree = r.data.tree;
    expect(counts(tree)).toEqual([26, 27, 7, 4, 4]);

    const saved = await previewPost(regulator, tree, "save");
    expect(saved.status).toBe(302);
    const versionId = saved.location!.split("/").pop()!;
    expect(saved.location).toBe(`/reg/checklists/${versionId}`);

    const [version] = await db.select().from(checklistVersions).where(eq(checklistVersions.id, versionId));
    expect(version).toMatchObject({ version: 1, status: "draft", parentVersionId: null, createdBy: regulator.id, publishedAt: null });
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const [list] = await db.select().from(checklists).where(eq(checklists.id, version.checklistId));
    expect(list).toMatchObject({
      code: `import-150626-${todayLocal().replaceAll("-", "")}-1`,
      title: META.title,
      issuer: META.issuer,
      docNumber: META.docNumber,
      year: 2025,
      source: "import:paste",
      regionCode: "150626",
    });
    const items = await db
      .select()
      .from(checklistItems)
      .where(eq(checklistItems.versionId, versionId))
      .orderBy(asc(checklistItems.position));
    expect(items).toHaveLength(68);
    const perSection = (s: string) => items.filter((i) => i.section === s).length;
    expect([
      perSection("定点医疗机构"),
      perSection("定点药店"),
      perSection("参保人员"),
      perSection("职业骗保团伙"),
      perSection("异地就医"),
    ]).toEqual([25, 27, 12, 0, 4]);
    expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
    expect(items[0]).toMatchObject({
      code: "MI-01",
      title: "诱导、协助他人冒名或者虚假就医、购药等套取医保基金",
      isEvidenceRequired: true,
    });
    expect(items[0].appliesTo).not.toContain("pharmacy");
    expect(items[0].guidance.length).toBeGreaterThan(0);
    // 一（25） moved to 参保人员 keeps its place and takes the first 参保人员 number.
    expect(items[24]).toMatchObject({ code: "IN-01", section: "参保人员", isEvidenceRequired: false });
    expect(items[25]).toMatchObject({ code: "MI-25", title: "其他骗取医保基金支出的行为" });
    expect(items[26]).toMatchObject({ code: "PH-01", appliesTo: ["pharmacy"] });
    expect(items.filter((i) => i.section === "异地就医").every((i) => i.appliesTo.join() === "hospital,pharmacy")).toBe(true);
    expect(items.some((i) => /[；。]$/.test(i.title) || i.title.includes("||"))).toBe(false);

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "checklist.draft_imported"), eq(auditEvents.entityId, versionId)));
    expect(event).toMatchObject({ actorUserId: regulator.id, regionCode: "150626", entityType: "checklist_version" });
    expect((event.after as { itemCount: number }).itemCount).toBe(68);

    // A second import the same day takes the next number.
    const again = await previewPost(regulator, tree, "save");
    expect(again.status).toBe(302);
    const codes = await db
      .select({ code: checklists.code })
      .from(checklists)
      .where(like(checklists.code, "import-150626-%"))
      .orderBy(asc(checklists.code));
    expect(codes.map((c) => c.code.split("-").pop())).toEqual(["1", "2"]);
  });

  it("a whole notice: only the groups that name a section are imported by default; a group can be brought in", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const text = fs.readFileSync("checklists/fixtures/notices/004_df6ca9fea47d9690.txt", "utf8");
    const r = await callAction(importRoute.action, "/reg/checklists/import", {
      user: regulator,
      form: { intent: "parse", ...META, text, startAt: "### 三、工作任务" },
    });
    const tree: PreviewTree = r.data.tree;
    expect(tree.groups.map((g) => [g.heading, g.items.length, g.isIncluded, g.section])).toEqual([
      ["检查定点医疗机构", 3, true, "定点医疗机构"],
      ["检查定点零售药店", 1, true, "定点药店"],
      ["检查医保经办机构", 1, false, "定点医疗机构"], // the bureau's own agencies: not for institutions
      ["检查医师及参保人员", 2, true, "参保人员"],
      ["核查扶贫和社会救助领域", 1, false, "定点医疗机构"],
    ]);
    // The list ends with （五）: the notice's next chapters are shown as not imported, not as groups.
    expect(tree.skipped?.map((s) => s.text)).toEqual(expect.arrayContaining(["四、工作步骤", "五、工作要求"]));
    expect(tree.groups[0].items[0].warnings[0]).toContain("已按句拆分");
    expect(tree.groups[0].items[1].warnings).toEqual([]); // shown once, on the first item of the group
    const included = await previewPost(regulator, tree, "include:4");
    expect(included.data.tree.groups[4].isIncluded).toBe(true);
  });

  it("bad input is answered next to the field and saves nothing", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const noText = await callAction(importRoute.action, "/x", { user: regulator, form: { intent: "parse", ...META, text: "" } });
    expect(noText.status).toBe(400);
    expect(noText.data.fieldErrors.text).toBe("请粘贴清单文字或上传文件");
    const badYear = await callAction(importRoute.action, "/x", {
      user: regulator,
      form: { intent: "parse", ...META, year: "25", text: "一、定点药店\n（1）甲；" },
    });
    expect(badYear.data.fieldErrors.year).toContain("年份");
    const noStart = await callAction(importRoute.action, "/x", {
      user: regulator,
      form: { intent: "parse", ...META, text: "一、定点药店\n（1）甲；", startAt: "附件2" },
    });
    expect(noStart.data.fieldErrors.startAt).toContain("未找到起始标记");

    const ok = await callAction(importRoute.action, "/x", {
      user: regulator,
      form: { intent: "parse", ...META, text: "一、定点药店\n（1）甲；" },
    });
    const tampered = await previewPost(
      regulator,
      { ...ok.data.tree, groups: [{ ...ok.data.tree.groups[0], section: "经办机构" }] },
      "save",
    );
    expect(tampered.status).toBe(400);
    expect(tampered.data.fieldErrors._form).toContain("预览数据无效");
    const emptied = await previewPost(regulator, ok.data.tree, "save", { "i.0.0.title": "  ；", "meta.docNumber": "" });
    expect(emptied.status).toBe(400);
    expect(emptied.data.fieldErrors["i.0.0.title"]).toBe("条目表述不能为空");
    expect(emptied.data.fieldErrors["meta.docNumber"]).toBe("此项必填");
    expect(await db.select().from(checklists).where(like(checklists.code, "import-%"))).toEqual([]);
  });
});

describe("import from files", () => {
  it(".docx: the text of the Word file goes through the same parser", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    const bytes = await docxOf(fixture("henan-2023-key-violations.txt").split("\n"));
    const r = await postMultipart(
      regulator,
      { intent: "parse", ...META, docNumber: "豫医保办〔2023〕38号", text: "" },
      { name: "附件2.docx", bytes, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
    );
    expect(r.status).toBe(200);
    const tree = (r.data as { tree: PreviewTree }).tree;
    expect(counts(tree)).toEqual([9, 7, 4, 4, 4]);
    expect(tree.meta.source).toBe("import:附件2.docx");
    expect(tree.groups[1].items[0].title.endsWith("并纳入医保基金结算")).toBe(true);

    const notDocx = await postMultipart(
      regulator,
      { intent: "parse", ...META },
      { name: "x.docx", bytes: new TextEncoder().encode("not a zip"), type: "application/octet-stream" },
    );
    expect(notDocx.status).toBe(400);
    expect((notDocx.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toContain(".docx");
  });

  it(".txt in GB18030 and in UTF-8 read the same", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "500235" });
    const text = fixture("cqyy-2022-focus-areas.txt");
    for (const bytes of [new Uint8Array(iconv.encode(text, "gb18030")), new TextEncoder().encode(text)]) {
      const r = await postMultipart(regulator, { intent: "parse", ...META }, { name: "云阳.txt", bytes, type: "text/plain" });
      const tree = (r.data as { tree: PreviewTree }).tree;
      expect(counts(tree)).toEqual([4]);
      expect(tree.groups[0].items[1].title.startsWith("强化医养结合机构内设定点医疗机构的监管")).toBe(true);
      expect(tree.notes[0].message).toContain("已忽略");
    }
    const pdf = await postMultipart(
      regulator,
      { intent: "parse", ...META },
      { name: "x.pdf", bytes: new Uint8Array([1, 2, 3]), type: "application/pdf" },
    );
    expect((pdf.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toContain("无法读取该 PDF 文件");
    const png = await postMultipart(
      regulator,
      { intent: "parse", ...META },
      { name: "x.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), type: "image/png" },
    );
    expect((png.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe("只支持 .docx、.pdf、.txt 和 .xlsx 文件");
  });

  it(".xlsx with the documented columns: items keep guidance, basis, kinds and evidence; saved as a draft", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const bytes = await xlsxOf([
      [
        1,
        "定点医疗机构",
        "骨科",
        "串换高值医用耗材；",
        "核对耗材出入库与收费记录。",
        "《医疗保障基金使用监督管理条例》第十五条",
        "医院、基层医疗机构",
        "是",
      ],
      [null, null, null, null, null, null, null, null],
      [2, "定点药店", "", "为非定点医药机构进行医保费用结算", "", "", "", "否"],
      [3, "定点医疗机构", "", "分解住院、挂床住院", "", "", "", ""],
    ]);
    const r = await postMultipart(regulator, { intent: "parse", ...META }, { name: "清单.xlsx", bytes, type: XLSX });
    expect(r.status).toBe(200);
    const tree = (r.data as { tree: PreviewTree }).tree;
    expect(tree.groups.map((g) => [g.section, g.items.length])).toEqual([
      ["定点医疗机构", 2],
      ["定点药店", 1],
    ]);
    expect(tree.groups[0].items[1].row).toBe(5);
    const saved = await previewPost(regulator, tree, "save");
    expect(saved.status).toBe(302);
    const versionId = saved.location!.split("/").pop()!;
    const items = await db
      .select()
      .from(checklistItems)
      .where(eq(checklistItems.versionId, versionId))
      .orderBy(asc(checklistItems.position));
    expect(items.map((i) => [i.code, i.title, i.domain, i.legalBasis, i.appliesTo, i.isEvidenceRequired])).toEqual([
      ["MI-01", "串换高值医用耗材", "骨科", "《医疗保障基金使用监督管理条例》第十五条", ["hospital", "primary_care"], true],
      ["MI-02", "分解住院、挂床住院", null, null, ["hospital", "primary_care", "village_clinic", "elderly_care_clinic", "other"], true],
      ["PH-01", "为非定点医药机构进行医保费用结算", null, null, ["pharmacy"], false],
    ]);
    expect(items[0].guidance).toBe("核对耗材出入库与收费记录。");
  });

  it(".xlsx with bad rows: every problem named by row and column, nothing saved", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const bytes = await xlsxOf([
      [1, "定点医疗机构", "", "虚构医药服务项目", "", "", "", ""],
      [2, "经办机构", "", "违规办理医保待遇", "", "", "", ""],
      [3, "定点药店", "心理", "", "", "", "药店", "要"],
    ]);
    const r = await postMultipart(regulator, { intent: "parse", ...META }, { name: "清单.xlsx", bytes, type: XLSX });
    expect(r.status).toBe(400);
    const message = (r.data as { fieldErrors: Record<string, string> }).fieldErrors.file.split("\n");
    expect(message).toEqual([
      expect.stringMatching(/^第 3 行“板块”：“经办机构”不是清单板块/),
      expect.stringMatching(/^第 4 行“问题表述”：不能为空/),
      expect.stringMatching(/^第 4 行“领域”：“心理”不是可选的领域/),
      expect.stringMatching(/^第 4 行“适用机构”：“药店”不是机构类型/),
      expect.stringMatching(/^第 4 行“需佐证材料”：应填“是”或“否”/),
    ]);
    const wrongHeader = await postMultipart(
      regulator,
      { intent: "parse", ...META },
      { name: "x.xlsx", bytes: await xlsxOf([], ["序号", "问题"]), type: XLSX },
    );
    expect((wrongHeader.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toContain("第 1 行表头应为");
    expect(await db.select().from(checklists).where(like(checklists.code, "import-%"))).toEqual([]);
  });

  it("the template downloads as .xlsx and its example row imports", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const r = await fetchTemplate(regulator);
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["清单条目", "填写说明"]);
    const groups = await readChecklistWorkbook(r.bytes);
    expect(groups.ok && groups.value[0].items[0].title).toBe("诱导、协助他人冒名或者虚假就医、购药等套取医保基金");
  });
});

async function fetchTemplate(user: { id: string } | null) {
  const headers = new Headers();
  if (user) headers.set("Cookie", await sessionCookieFor(user.id));
  try {
    const res = (await templateRoute.loader({
      request: new Request(`${BASE_URL}/reg/checklists/import/template.xlsx`, { headers }),
      params: {},
      context: { requestId: "test", clientIp: "127.0.0.1" },
    })) as Response;
    return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, bytes: new Uint8Array() };
    throw thrown;
  }
}

describe("access", () => {
  it("signed out → sign-in; institution users and admins → 403 on the page, the posts and the template", async () => {
    const institution = await createInstitution(db, { kind: "hospital", regionCode: "150626" });
    const officer = await createUser(db, "officer", { institutionId: institution.id });
    const staff = await createUser(db, "staff", { institutionId: institution.id });
    const admin = await createUser(db, "admin");
    expect((await callLoader(importRoute.loader, "/reg/checklists/import")).status).toBe(302);
    expect(
      (
        await callAction(importRoute.action, "/reg/checklists/import", {
          form: { intent: "parse", ...META, text: "一、定点药店\n（1）甲" },
        })
      ).status,
    ).toBe(302);
    for (const user of [officer, staff, admin]) {
      expect((await callLoader(importRoute.loader, "/reg/checklists/import", { user })).status).toBe(403);
      expect(
        (
          await callAction(importRoute.action, "/reg/checklists/import", {
            user,
            form: { intent: "parse", ...META, text: "一、定点药店\n（1）甲" },
          })
        ).status,
      ).toBe(403);
      expect((await fetchTemplate(user)).status).toBe(403);
    }
    expect((await fetchTemplate(null)).status).toBe(302);
  });

  it("a regulator's draft belongs to its own region, whatever the posted tree says", async () => {
    const province = await createUser(db, "regulator", { regionCode: "150000" });
    const county = await createUser(db, "regulator", { regionCode: "150626" });
    const ok = await callAction(importRoute.action, "/x", {
      user: county,
      form: { intent: "parse", ...META, text: "一、定点药店\n（1）甲；" },
    });
    const withRegion = { ...ok.data.tree, regionCode: "410000", meta: { ...ok.data.tree.meta, regionCode: "410000" } };
    for (const user of [province, county]) {
      const saved = await previewPost(user, withRegion, "save");
      expect(saved.status).toBe(302);
    }
    const rows = await db.execute<{ region_code: string; created_by: string }>(sql`
      select c.region_code, v.created_by from checklists c join checklist_versions v on v.checklist_id = c.id where c.code like 'import-%' order by c.region_code`);
    expect(rows.map((r) => [r.region_code, r.created_by])).toEqual([
      ["150000", province.id],
      ["150626", county.id],
    ]);
  });
});
