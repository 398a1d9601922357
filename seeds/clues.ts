// Demo clue ledger (made-up records and people): a provincial batch of suspicious records
// imported by 河南省 and dispatched down to 南阳市 and its counties, answers in every state
// (unanswered, submitted, returned, accepted), two closed clues (查实 with a transfer, 查否), one
// clue still waiting at the city, and a complaint registered at 卧龙区. Does nothing if any clue exists.
import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { CLUE_COLUMNS, clueColumnLabel } from "~/domain/clues";
import {
  acceptAllSubmitted,
  answerClueRecords,
  closeClue,
  dispatchClue,
  dispatchPendingClues,
  registerComplaint,
  reviewClueRecord,
} from "~/models/clue.server";
import { createClueImport, importClueBatch } from "~/models/clue-import.server";
import { clueAnswerSchema, clueCloseSchema, complaintSchema } from "~/schemas/clue";
import { todayLocal } from "~/utils/dates";
import type { InstitutionScope, RegionScope } from "~/utils/permissions.server";

export type ClueSeedContext = {
  regulatorIds: Map<string, string>;
  bySlug: Map<string, { institutionId: string; officerId: string }>;
};

const SURNAMES = ["赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫"];
const GIVEN = ["明", "华", "芳", "强", "丽", "军", "敏", "静", "磊", "洋", "艳", "勇"];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A made-up resident ID with a correct check character (GB 11643). */
function madeUpId(n: number): string {
  const first17 = `411303${1950 + (n % 50)}${String((n % 12) + 1).padStart(2, "0")}${String((n % 28) + 1).padStart(2, "0")}${String(100 + n).slice(-3)}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + "10X98765432"[sum % 11];
}

const RULES = {
  R01: { name: "超标准收取诊疗项目费用", item: ["001102000010000", "血液透析", "420.00"] },
  R02: { name: "串换诊疗项目", item: ["002601000040000", "康复评定", "180.00"] },
  R03: { name: "重复收取检查费用", item: ["002703000010000", "彩色多普勒超声检查", "260.00"] },
  R04: { name: "超量开具药品", item: ["XA10BAA024A001010104463", "二甲双胍缓释片", "86.50"] },
} as const;

export async function seedClues(db: Executor, ctx: ClueSeedContext) {
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from clues`);
  if (n > 0) return;
  const today = todayLocal();
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const regulator = (region: string): RegionScope => ({ kind: "region", userId: ctx.regulatorIds.get(region)!, regionCode: region });
  const officer = (slug: string): InstitutionScope => {
    const i = ctx.bySlug.get(slug)!;
    return { kind: "institution", userId: i.officerId, role: "officer", institutionId: i.institutionId };
  };
  const nhsa = new Map(
    (await db.execute<{ id: string; nhsaCode: string }>(sql`select id, nhsa_code as "nhsaCode" from institutions`)).map((r) => [
      r.id,
      r.nhsaCode,
    ]),
  );
  const plan: [slug: string, rule: keyof typeof RULES, count: number][] = [
    ["wolong-renhe", "R01", 6],
    ["wolong-renhe", "R02", 3],
    ["wancheng-kangning", "R03", 4],
    ["kangtai-pharmacy", "R04", 8],
    ["renmin-pharmacy", "R04", 3],
    ["nanyang-zhongxin", "R01", 2],
    ["nanzhao-zhongyi", "R02", 2],
  ];
  let serial = 0;
  const lines = [CLUE_COLUMNS.map(clueColumnLabel).join(",")];
  for (const [slug, rule, count] of plan) {
    const [code, name, amount] = RULES[rule].item;
    for (let k = 0; k < count; k++) {
      serial++;
      const patient = SURNAMES[serial % SURNAMES.length] + GIVEN[(serial * 5) % GIVEN.length];
      lines.push(
        [
          nhsa.get(ctx.bySlug.get(slug)!.institutionId),
          `JS4113${String(202500000 + serial)}`,
          plus(-90 + serial),
          code,
          name,
          rule === "R04" ? "3" : "1",
          amount,
          rule,
          RULES[rule].name,
          rule === "R01" || rule === "R04" ? "高" : "中",
          patient,
          madeUpId(serial),
        ].join(","),
      );
    }
  }
  const province = regulator("410000");
  const created = await createClueImport(db, province, {
    fileName: "河南省医保基金疑点数据第一批.csv",
    bytes: Buffer.from(lines.join("\r\n") + "\r\n", "utf8"),
    batchName: "2025年河南省医保基金疑点数据（第一批）",
    docNo: "豫医保办〔2025〕12号",
    dueOn: plus(20),
  });
  if (!created.ok) throw new Error(`demo clue import failed: ${JSON.stringify(created.fieldErrors)}`);
  const imported = await importClueBatch(db, province, created.id);
  if (!imported.ok) throw new Error(`demo clue import failed: ${imported.error}`);

  // 河南省 → 南阳市; 南阳市 sends every clue on to its county except 南召县's, which waits at the city.
  await dispatchPendingClues(db, province, "next");
  const clueOf = async (slug: string, rule: string) => {
    const [row] = await db.execute<{ id: string }>(sql`
      select id from clues where institution_id = ${ctx.bySlug.get(slug)!.institutionId} and rule_code = ${rule}`);
    return row.id;
  };
  const city = regulator("411300");
  const cityClues = await db.execute<{ id: string; subject: string }>(sql`
    select id, subject_region_code as subject from clues where handler_region_code = '411300' and status = 'pending'`);
  for (const c of cityClues) if (c.subject !== "411321") await dispatchClue(db, city, c.id, c.subject);

  const answer = (input: Record<string, string | string[]>) => clueAnswerSchema.parse(input);
  const records = async (clueId: string) =>
    (await db.execute<{ id: string }>(sql`select id from clue_records where clue_id = ${clueId} order by id`)).map((r) => r.id);

  // 卧龙仁和 R01: all answered; the county returned one and accepted the rest; the hospital answered it again.
  const renheR01 = await clueOf("wolong-renhe", "R01");
  await answerClueRecords(
    db,
    officer("wolong-renhe"),
    renheR01,
    answer({ scope: "all", verdict: "true", explanation: "经核实确属超标准收费，已全额退回医保基金。", refundedAll: "on" }),
  );
  const renheRecords = await records(renheR01);
  const wolong = regulator("411303");
  await reviewClueRecord(db, wolong, renheR01, {
    recordId: Number(renheRecords[0]),
    decision: "returned",
    comment: "请补充该笔退款的银行回单。",
  });
  await acceptAllSubmitted(db, wolong, renheR01);
  await answerClueRecords(
    db,
    officer("wolong-renhe"),
    renheR01,
    answer({ scope: "selected", recordIds: [renheRecords[0]], verdict: "true", explanation: "已补充银行回单。", refundedAll: "on" }),
  );
  // 康泰大药房 R04: half answered 不属实; one of them returned, the others accepted; half not answered yet.
  const kangtai = await clueOf("kangtai-pharmacy", "R04");
  const kangtaiRecords = await records(kangtai);
  await answerClueRecords(
    db,
    officer("kangtai-pharmacy"),
    kangtai,
    answer({
      scope: "selected",
      recordIds: kangtaiRecords.slice(0, 4),
      verdict: "false",
      explanation: "慢病患者长期处方，有医师签字的长处方备案。",
    }),
  );
  await reviewClueRecord(db, wolong, kangtai, {
    recordId: Number(kangtaiRecords[0]),
    decision: "returned",
    comment: "请上传长处方备案表。",
  });
  await acceptAllSubmitted(db, wolong, kangtai);
  // 宛城康宁 R03: 部分属实, accepted, closed as 查实 with a transfer to the health commission.
  const kangning = await clueOf("wancheng-kangning", "R03");
  await answerClueRecords(
    db,
    officer("wancheng-kangning"),
    kangning,
    answer({ scope: "all", verdict: "partly", explanation: "部分检查为同日重复开单，已退回。", confirmed: "130.00", refundedAll: "on" }),
  );
  const wancheng = regulator("411302");
  await acceptAllSubmitted(db, wancheng, kangning);
  await closeClue(
    db,
    wancheng,
    kangning,
    clueCloseSchema.parse({
      result: "confirmed",
      recovered: "520.00",
      penalty: "1040.00",
      transferTarget: "宛城区卫生健康委员会",
      transferOn: plus(-2),
      note: "查实重复收取检查费用，已追回并处罚款，移送卫生健康部门处理。",
    }),
  );
  // 人民大药房 R04: 不属实, accepted, closed as 查否.
  const renmin = await clueOf("renmin-pharmacy", "R04");
  await answerClueRecords(
    db,
    officer("renmin-pharmacy"),
    renmin,
    answer({ scope: "all", verdict: "false", explanation: "处方齐全，用量符合说明书。" }),
  );
  await acceptAllSubmitted(db, wancheng, renmin);
  await closeClue(db, wancheng, renmin, clueCloseSchema.parse({ result: "unfounded", note: "经核查处方与购药记录一致，查否。" }));

  // A complaint at 卧龙区 (the complainant is made up).
  await registerComplaint(
    db,
    wolong,
    complaintSchema.parse({
      nhsaCode: nhsa.get(ctx.bySlug.get("wolong-yiyang")!.institutionId),
      regionCode: "411303",
      ruleName: "挂床住院、虚构医疗服务",
      risk: "high",
      amount: "3600.00",
      dueOn: plus(15),
      summary: "举报人反映该机构存在老人挂床住院、虚记护理服务的情况。",
      complainantName: "韩某某",
      complainantPhone: "13700001234",
    }),
  );
}
