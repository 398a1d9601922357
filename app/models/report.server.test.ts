import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";
import { snapshotItem } from "~/domain/snapshot-fixtures";
import { buildAssessmentReport, reportFileName, type ReportOptions } from "~/models/report.server";

const SHA_A = "a".repeat(64);
const SHA_B = "0123456789abcdef".repeat(4);
const SHA_C = "f".repeat(64);

function item(overrides: Partial<SnapshotItem> & Pick<SnapshotItem, "checklistItemId" | "code" | "answer">): SnapshotItem {
  return snapshotItem({ title: "重复收费、超标准收费、分解项目收费", ...overrides });
}

const snapshot: SubmissionSnapshot = {
  version: 2,
  submittedAt: "2026-11-23T16:30:00Z",
  submittedByName: "周明远",
  signerName: "林秋华",
  commitmentText: "本机构已对照问题清单逐项开展自查，如实填报自查发现的问题。",
  institution: {
    id: "inst-1",
    name: "南阳卧龙仁和医院",
    kind: "hospital",
    nhsaCode: "H41130300012",
    creditCode: "91411303MA9XXXXXXX",
    regionName: "河南省南阳市卧龙区",
  },
  campaign: {
    id: "camp-1",
    title: "2026年医保基金使用自查自纠",
    checklistTitle: "定点医疗机构问题清单",
    checklistDocNumber: "豫医保办〔2026〕12号",
    reviewPeriodStart: "2021-05-01",
    reviewPeriodEnd: "2026-10-31",
    selfCheckDueOn: "2026-11-30",
    rectificationDueOn: "2027-02-28",
  },
  totals: { itemCount: 4, problemCount: 2, amountInvolvedFen: 486051, refundedFen: 15021, evidenceCount: 3 },
  items: [
    item({
      checklistItemId: "ci-1",
      code: "1.1",
      answer: "problem_found",
      description: "检验科 2025 年重复收取静脉采血费",
      caseCount: 312,
      amountInvolvedFen: 486050,
      refundedFen: 15020,
      rectificationPlan: "停用重复收费项目，按月抽查收费明细",
      responsiblePerson: "王建国",
      rectificationDueOn: "2027-01-31",
      rectificationStatus: "rectified",
      rectifiedOn: "2026-12-15",
      evidence: [
        { id: "ev-1", fileName: "退款凭证.pdf", contentType: "application/pdf", sizeBytes: 204_800, sha256: SHA_A },
        {
          id: "ev-2",
          fileName: "收费明细.xlsx",
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          sizeBytes: 1536,
          sha256: SHA_B,
        },
      ],
    }),
    item({
      checklistItemId: "ci-2",
      code: "1.2",
      title: "串换药品、医用耗材、诊疗项目",
      answer: "problem_found",
      description: "康复科 1 例串换诊疗项目",
      caseCount: 1,
      amountInvolvedFen: 1,
      refundedFen: 1,
      rectificationPlan: "培训收费人员",
      responsiblePerson: "李芳",
      rectificationDueOn: "2027-02-28",
      rectificationStatus: "in_progress",
      evidence: [{ id: "ev-3", fileName: "培训签到表.jpg", contentType: "image/jpeg", sizeBytes: 512, sha256: SHA_C }],
    }),
    item({ checklistItemId: "ci-3", code: "1.3", title: "虚构医药服务项目", answer: "no_problem" }),
    item({ checklistItemId: "ci-4", code: "2.1", section: "定点药店", title: "药店串换药品", answer: "not_applicable" }),
  ],
};

async function load(opts?: ReportOptions) {
  const workbook = new ExcelJS.Workbook();
  const buffer = await buildAssessmentReport(snapshot, opts);
  // exceljs types its input as ArrayBuffer-like; at runtime it takes a Node Buffer as is.
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const report = workbook.getWorksheet("自查自纠报告")!;
  const evidence = workbook.getWorksheet("佐证材料")!;
  return { report, evidence };
}

/** The value of a header-block field: label in column A, value in column D. */
function field(sheet: ExcelJS.Worksheet, label: string): ExcelJS.CellValue | undefined {
  for (let r = 1; r <= sheet.rowCount; r++) {
    if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r).getCell(4).value;
  }
  return undefined;
}

/** The item table: header names, and each row below it as { header: cell }. */
function table(sheet: ExcelJS.Worksheet) {
  let headerNumber = 0;
  for (let r = 1; r <= sheet.rowCount && !headerNumber; r++) {
    if (sheet.getRow(r).getCell(1).value === "序号") headerNumber = r;
  }
  expect(headerNumber).toBeGreaterThan(0);
  const headerRow = sheet.getRow(headerNumber);
  const headers = (headerRow.values as ExcelJS.CellValue[]).slice(1) as string[];
  const rows = [];
  for (let r = headerNumber + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((header, i) => [header, row.getCell(i + 1)])));
  }
  return { headerRow, headers, rows };
}

describe("buildAssessmentReport", () => {
  it("writes the title and the header block", async () => {
    const { report } = await load();
    expect(report.getCell("A1").value).toBe("2026年医保基金使用自查自纠 自查自纠报告");
    expect(report.getCell("O1").master.address).toBe("A1"); // merged across all 15 columns
    expect(report.getCell("P1").isMerged).toBe(false);
    expect(field(report, "机构名称")).toBe("南阳卧龙仁和医院");
    expect(field(report, "医保定点机构编码")).toBe("H41130300012");
    expect(field(report, "机构类型")).toBe("医院");
    expect(field(report, "问题清单")).toBe("定点医疗机构问题清单（豫医保办〔2026〕12号）");
    expect(field(report, "检查期间")).toBe("2021-05-01 至 2026-10-31");
    expect(field(report, "提交版本")).toBe("第 2 版");
    expect(field(report, "提交时间")).toBe("2026-11-24 00:30"); // 16:30Z is past midnight in Beijing
    expect(field(report, "承诺人")).toBe("林秋华");
    expect(field(report, "承诺内容")).toBe(snapshot.commitmentText);
    expect(field(report, "审核结论")).toBeUndefined();
  });

  it("writes one row per item in order, with Chinese labels and amounts in yuan", async () => {
    const { report } = await load();
    const { headers, rows } = table(report);
    expect(headers).toEqual([
      "序号",
      "条目编码",
      "分组",
      "问题（原文）",
      "自查结论",
      "问题描述",
      "涉及例数",
      "涉及金额（元）",
      "主动退回金额（元）",
      "整改措施",
      "整改责任人",
      "整改期限",
      "整改状态",
      "整改完成日期",
      "佐证材料（份）",
    ]);
    const items = rows.slice(0, 4);
    expect(items.map((row) => row["条目编码"].value)).toEqual(["1.1", "1.2", "1.3", "2.1"]);
    expect(items.map((row) => row["自查结论"].value)).toEqual(["存在问题", "存在问题", "无此问题", "不适用"]);
    expect(items.map((row) => row["整改状态"].value)).toEqual(["已整改", "整改中", null, null]);

    const [first, second, noProblem] = items;
    expect(first["序号"].value).toBe(1);
    expect(first["涉及金额（元）"].value).toBe(4860.5);
    expect(first["涉及金额（元）"].numFmt).toBe("#,##0.00");
    expect(first["主动退回金额（元）"].value).toBe(150.2);
    expect(first["整改完成日期"].value).toBe("2026-12-15");
    expect(first["佐证材料（份）"].value).toBe(2);
    expect(second["涉及金额（元）"].value).toBe(0.01);
    expect(noProblem["涉及金额（元）"].value).toBeNull();
    expect(noProblem["佐证材料（份）"].value).toBe(0);
  });

  it("adds a totals row summed in fen", async () => {
    const { report } = await load();
    const { rows } = table(report);
    expect(rows).toHaveLength(5);
    const totals = rows[4];
    expect(totals["序号"].value).toBe("合计");
    expect(totals["条目编码"].value).toBe("共 4 项");
    expect(totals["自查结论"].value).toBe("存在问题 2 项");
    expect(totals["涉及例数"].value).toBe(313);
    expect(totals["涉及金额（元）"].value).toBe(4860.51);
    // Summing yuan floats would give 150.20999999999998.
    expect(totals["主动退回金额（元）"].value).toBe(150.21);
    expect(totals["佐证材料（份）"].value).toBe(3);
  });

  it("styles the table header and freezes the view below it, for printing in landscape", async () => {
    const { report } = await load();
    const { headerRow } = table(report);
    expect(headerRow.getCell(1).font?.bold).toBe(true);
    expect(headerRow.getCell(1).fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(headerRow.getCell(1).border?.bottom?.style).toBe("thin");
    expect(report.views[0]).toMatchObject({ state: "frozen", ySplit: headerRow.number });
    expect(report.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it("lists every evidence file on the second sheet", async () => {
    const { evidence } = await load();
    expect(evidence.getRow(1).values).toEqual([undefined, "条目编码", "文件名", "类型", "大小 (KB)", "SHA-256"]);
    expect(evidence.rowCount).toBe(4);
    const rows = [2, 3, 4].map((r) => (evidence.getRow(r).values as ExcelJS.CellValue[]).slice(1));
    expect(rows).toEqual([
      ["1.1", "退款凭证.pdf", "application/pdf", 200, SHA_A],
      ["1.1", "收费明细.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 1.5, SHA_B],
      ["1.2", "培训签到表.jpg", "image/jpeg", 0.5, SHA_C],
    ]);
  });

  it("adds the review to the header block and, when items were reviewed, as two columns", async () => {
    const { report } = await load({
      review: {
        decision: "returned",
        decidedAt: "2026-12-01T02:15:00Z",
        comment: "请补充第 1.2 项的退款凭证",
        items: {
          "ci-1": { decision: "accepted", comment: null },
          "ci-2": { decision: "returned", comment: "缺少退款凭证" },
        },
      },
    });
    expect(field(report, "审核结论")).toBe("已退回");
    expect(field(report, "审核时间")).toBe("2026-12-01 10:15");
    expect(field(report, "审核意见")).toBe("请补充第 1.2 项的退款凭证");

    const { headers, rows } = table(report);
    expect(headers.slice(-2)).toEqual(["审核", "审核意见"]);
    expect(rows.slice(0, 4).map((row) => row["审核"].value)).toEqual(["已通过", "已退回", null, null]);
    expect(rows[1]["审核意见"].value).toBe("缺少退款凭证");
    expect(report.getCell("Q1").master.address).toBe("A1"); // the title spans the review columns too
  });

  it("shows a pending review without review columns when no item was reviewed", async () => {
    const { report } = await load({ review: { decision: "pending" } });
    expect(field(report, "审核结论")).toBe("待审核");
    expect(field(report, "审核时间")).toBe("");
    expect(table(report).headers).not.toContain("审核");
  });
});

describe("reportFileName", () => {
  it("names the file after the institution and version", () => {
    expect(reportFileName(snapshot)).toBe("自查自纠报告-南阳卧龙仁和医院-第2版.xlsx");
  });
  it("strips characters a file name cannot hold", () => {
    const odd = { ...snapshot, version: 3, institution: { ...snapshot.institution, name: ' 仁和/医院\\:*?"<>|分院 ' } };
    expect(reportFileName(odd)).toBe("自查自纠报告-仁和医院分院-第3版.xlsx");
  });
});
