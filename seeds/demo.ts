// `npm run db:seed`: demo data for the regions of the source notices. Made-up institutions
// and people only. Idempotent: a seeded database is left as it is and its accounts printed.
import { addDays, format, parseISO } from "date-fns";
import { eq, sql } from "drizzle-orm";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, type Database, type Executor } from "~db/client";
import { users } from "~db/schema";
import { ensureRegions } from "~/models/region.server";
import { openCampaign, createCampaign } from "~/models/campaign.server";
import { getAssessmentWorkspace, saveAnswer, submitAssessment } from "~/models/assessment.server";
import { assignItems, decideAssessment, reviewItem } from "~/models/review.server";
import { recordCampaignOpened, recordDecision, recordWeeklyDigest } from "~/models/notification.server";
import { todayLocal } from "~/utils/dates";
import type { InstitutionKind, InstitutionGrade, Ownership } from "~/domain/vocabulary";
import { createInstitution, createUser, DEFAULT_PASSWORD, getChecklistVersionId } from "../tests/factories";
import { seedChecklists } from "./checklists";
import { seedClues } from "./clues";
import { seedDashboard } from "./dashboard";
import { seedInspections } from "./inspections";
import { seedRisk } from "./risk";
import { MFA_DEMO, seedTwoFactorDemo } from "./accounts";

const DEMO_DOMAIN = "@demo.zicha.cn";
const ADMIN_EMAIL = `admin${DEMO_DOMAIN}`;

type DemoInstitution = {
  slug: string;
  name: string;
  kind: InstitutionKind;
  grade: InstitutionGrade;
  ownership: Ownership;
  region: string;
  officer: string;
};

const INSTITUTIONS: DemoInstitution[] = [
  {
    slug: "wolong-renhe",
    name: "南阳卧龙仁和医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "411303",
    officer: "王晓明",
  },
  {
    slug: "wancheng-kangning",
    name: "南阳宛城康宁医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "public",
    region: "411302",
    officer: "李静",
  },
  {
    slug: "nanyang-zhongxin",
    name: "南阳市中心医疗集团医院",
    kind: "hospital",
    grade: "tertiary",
    ownership: "public",
    region: "411300",
    officer: "陈建华",
  },
  {
    slug: "qiliyuan-wsy",
    name: "卧龙区七里园乡卫生院",
    kind: "primary_care",
    grade: "primary",
    ownership: "public",
    region: "411303",
    officer: "刘芳",
  },
  {
    slug: "liaohe-zhangzhuang",
    name: "潦河镇张庄村卫生室",
    kind: "village_clinic",
    grade: "ungraded",
    ownership: "public",
    region: "411303",
    officer: "赵磊",
  },
  {
    slug: "wolong-yiyang",
    name: "卧龙颐养医养结合中心",
    kind: "elderly_care_clinic",
    grade: "ungraded",
    ownership: "private",
    region: "411303",
    officer: "孙丽",
  },
  {
    slug: "kangtai-pharmacy",
    name: "南阳康泰大药房（卧龙店）",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "411303",
    officer: "周强",
  },
  {
    slug: "renmin-pharmacy",
    name: "宛城仁民药店",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "411302",
    officer: "吴敏",
  },
  {
    slug: "nanzhao-zhongyi",
    name: "南召县伏牛中医医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "public",
    region: "411321",
    officer: "郑涛",
  },
  {
    slug: "nanzhao-chengguan",
    name: "南召县城关镇社区卫生服务中心",
    kind: "primary_care",
    grade: "primary",
    ownership: "public",
    region: "411321",
    officer: "冯雪",
  },
  {
    slug: "tongbai-huaiyuan",
    name: "桐柏淮源医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "411330",
    officer: "何伟",
  },
  {
    slug: "tongbai-yikang",
    name: "桐柏益康药店",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "411330",
    officer: "高峰",
  },
  {
    slug: "wushen-mengyi",
    name: "乌审旗草原蒙医医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "public",
    region: "150626",
    officer: "林雅",
  },
  {
    slug: "wushen-galutu",
    name: "嘎鲁图镇社区卫生服务中心",
    kind: "primary_care",
    grade: "primary",
    ownership: "public",
    region: "150626",
    officer: "徐宁",
  },
  {
    slug: "wushen-sumu",
    name: "图克镇巴音嘎查卫生室",
    kind: "village_clinic",
    grade: "ungraded",
    ownership: "public",
    region: "150626",
    officer: "宋佳",
  },
  {
    slug: "wushen-kangyuan",
    name: "乌审康源大药房",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "150626",
    officer: "马骏",
  },
  {
    slug: "wushen-tianyi",
    name: "乌审天一药店",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "150626",
    officer: "黄蕾",
  },
  {
    slug: "dongsheng-minzhong",
    name: "东胜民众医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "150602",
    officer: "韩冰",
  },
  {
    slug: "yijinhuoluo-anping",
    name: "伊金霍洛安平药房",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "150627",
    officer: "曹阳",
  },
  {
    slug: "ordos-kangfu",
    name: "鄂尔多斯康复专科医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "150600",
    officer: "彭丽",
  },
  {
    slug: "yunyang-jiangbin",
    name: "云阳江滨医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "500235",
    officer: "袁野",
  },
  {
    slug: "yunyang-yiyang",
    name: "云阳康乐医养中心",
    kind: "elderly_care_clinic",
    grade: "ungraded",
    ownership: "private",
    region: "500235",
    officer: "邓红",
  },
  {
    slug: "yunyang-xinkang",
    name: "云阳新康大药房",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "500235",
    officer: "谢斌",
  },
  {
    slug: "yunyang-shuangjiang",
    name: "双江街道社区卫生服务中心",
    kind: "primary_care",
    grade: "primary",
    ownership: "public",
    region: "500235",
    officer: "唐敏",
  },
  {
    slug: "fengjie-kuimen",
    name: "奉节夔门医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "500236",
    officer: "罗浩",
  },
  {
    slug: "dxh-jinyintan",
    name: "东西湖金湖医院",
    kind: "hospital",
    grade: "secondary",
    ownership: "private",
    region: "420112",
    officer: "梁晨",
  },
  {
    slug: "dxh-xinyuan",
    name: "东西湖新源血液透析中心",
    kind: "other",
    grade: "ungraded",
    ownership: "private",
    region: "420112",
    officer: "蒋欣",
  },
  {
    slug: "dxh-jiangjun",
    name: "将军路街社区卫生服务中心",
    kind: "primary_care",
    grade: "primary",
    ownership: "public",
    region: "420112",
    officer: "薛婷",
  },
  {
    slug: "dxh-baixing",
    name: "东西湖百姓大药房",
    kind: "pharmacy",
    grade: "ungraded",
    ownership: "private",
    region: "420112",
    officer: "潘宇",
  },
  {
    slug: "wuchang-heping",
    name: "武昌和平康复医院",
    kind: "hospital",
    grade: "primary",
    ownership: "private",
    region: "420106",
    officer: "杜娟",
  },
];

const REGULATORS = [
  { email: "henan@demo.zicha.cn", name: "秦文博", region: "410000" },
  { email: "nanyang@demo.zicha.cn", name: "贺志远", region: "411300" },
  { email: "wolong@demo.zicha.cn", name: "白雪松", region: "411303" },
  { email: "wancheng@demo.zicha.cn", name: "钱思雨", region: "411302" },
  { email: "neimenggu@demo.zicha.cn", name: "乌兰图雅", region: "150000" },
  { email: "ordos@demo.zicha.cn", name: "包海峰", region: "150600" },
  { email: "wushen@demo.zicha.cn", name: "其其格", region: "150626" },
  { email: "chongqing@demo.zicha.cn", name: "向明亮", region: "500000" },
  { email: "yunyang@demo.zicha.cn", name: "牟小川", region: "500235" },
  { email: "hubei@demo.zicha.cn", name: "龚立群", region: "420000" },
  { email: "wuhan@demo.zicha.cn", name: "夏文静", region: "420100" },
  { email: "dongxihu@demo.zicha.cn", name: "江涛", region: "420112" },
];

const officerEmail = (slug: string) => `${slug}@demo.zicha.cn`;
const STAFF = { email: "wolong-renhe-keshi@demo.zicha.cn", name: "朱晓燕", institution: "wolong-renhe" };

async function seedDemo(tx: Executor) {
  await ensureRegions(tx);
  await createUser(tx, "admin", { email: ADMIN_EMAIL, name: "系统管理员" });
  const regulatorIds = new Map<string, string>();
  for (const r of REGULATORS) {
    const u = await createUser(tx, "regulator", { email: r.email, name: r.name, regionCode: r.region });
    regulatorIds.set(r.region, u.id);
  }
  const bySlug = new Map<string, { institutionId: string; officerId: string }>();
  let serial = 1;
  for (const i of INSTITUTIONS) {
    const row = await createInstitution(tx, { ...i, regionCode: i.region, serial: serial++, contactName: i.officer });
    const officer = await createUser(tx, "officer", { email: officerEmail(i.slug), name: i.officer, institutionId: row.id });
    bySlug.set(i.slug, { institutionId: row.id, officerId: officer.id });
  }

  const today = todayLocal();
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const allKinds: InstitutionKind[] = ["hospital", "primary_care", "village_clinic", "pharmacy", "elderly_care_clinic", "other"];

  const nanyang = { kind: "region" as const, userId: regulatorIds.get("411300")!, regionCode: "411300" };
  const henanList = await getChecklistVersionId(tx, "henan-2023-key-violations");
  const c1 = await createCampaign(tx, nanyang, {
    title: "2026年南阳市定点医药机构医保基金使用自查自纠",
    description: "对照问题清单逐项自查，如实填报问题、涉及金额和主动退回情况，按期完成整改。",
    checklistVersionId: henanList,
    targetRegionCode: "411300",
    targetKinds: allKinds.filter((k) => k !== "other"),
    reviewPeriodStart: "2021-05-01",
    reviewPeriodEnd: undefined,
    selfCheckDueOn: plus(21),
    rectificationDueOn: plus(90),
  });
  if (!c1.ok) throw new Error(JSON.stringify(c1.fieldErrors));
  await openCampaign(tx, nanyang, c1.value.id);

  const wushen = { kind: "region" as const, userId: regulatorIds.get("150626")!, regionCode: "150626" };
  const negativeList = await getChecklistVersionId(tx, "nmg-wsq-2025-negative-list");
  const c2 = await createCampaign(tx, wushen, {
    title: "乌审旗2026年使用医保基金行为负面清单自查",
    description: "对照《使用医疗保障基金行为负面清单（2025年）》开展自查自纠。",
    checklistVersionId: negativeList,
    targetRegionCode: "150626",
    targetKinds: ["hospital", "primary_care", "village_clinic", "pharmacy"],
    reviewPeriodStart: "2025-01-01",
    reviewPeriodEnd: "2025-12-31",
    selfCheckDueOn: plus(10),
    rectificationDueOn: plus(60),
  });
  if (!c2.ok) throw new Error(JSON.stringify(c2.fieldErrors));
  await openCampaign(tx, wushen, c2.value.id);
  await seedChecklists(tx, { regulatorIds });

  // Some progress, so the regulator's view has something to show.
  await answerDemo(tx, c1.value.id, bySlug.get("wancheng-kangning")!, { submit: true, problemAt: [5], signer: "李静" });
  await answerDemo(tx, c1.value.id, bySlug.get("wolong-renhe")!, { upTo: 3, problemAt: [] });
  await answerDemo(tx, c1.value.id, bySlug.get("nanzhao-zhongyi")!, { upTo: 6, problemAt: [1] });
  const tianyi = await answerDemo(tx, c2.value.id, bySlug.get("wushen-tianyi")!, { submit: true, problemAt: [13], signer: "黄蕾" });
  // 乌审旗 returned one item of 天一药店's submission for rework.
  const returnedItem = tianyi.items[12].item;
  await reviewItem(tx, wushen, {
    assessmentId: tianyi.assessmentId,
    checklistItemId: returnedItem.id,
    decision: "returned",
    comment: "请补充追溯码采集整改的系统截图。",
  });
  await decideAssessment(tx, wushen, {
    assessmentId: tianyi.assessmentId,
    decision: "returned",
    comment: "请按意见补充材料后重新提交。",
    reworkDueOn: plus(7),
  });

  // The notices these events produce; the worker e-mails them (to maildev in the demo).
  await recordCampaignOpened(tx, c1.value.id);
  await recordCampaignOpened(tx, c2.value.id);
  await recordDecision(tx, tianyi.assessmentId, 1);
  await recordWeeklyDigest(tx);

  // 卧龙仁和医院's officer has a department colleague who fills in the first items.
  const renhe = bySlug.get("wolong-renhe")!;
  const staff = await createUser(tx, "staff", { email: STAFF.email, name: STAFF.name, institutionId: renhe.institutionId });
  const renheAssessment = await answerDemo(tx, c1.value.id, renhe, { upTo: 0, problemAt: [] });
  await assignItems(
    tx,
    { kind: "institution", userId: renhe.officerId, role: "officer", institutionId: renhe.institutionId },
    {
      assessmentId: renheAssessment.assessmentId,
      checklistItemIds: renheAssessment.items.slice(3, 8).map((r) => r.item.id),
      assigneeId: staff.id,
    },
  );
  await answerDemo(tx, c2.value.id, bySlug.get("wushen-mengyi")!, { upTo: 10, problemAt: [8] });
  await seedDashboard(tx, { regulatorIds });
  await seedInspections(tx, { regulatorIds, bySlug });
  await seedClues(tx, { regulatorIds, bySlug });
  // Scores last: they read the self-checks and the inspections above.
  await seedRisk(tx, { regulatorIds });
}

async function answerDemo(
  tx: Executor,
  campaignId: string,
  who: { institutionId: string; officerId: string },
  opts: { submit?: boolean; upTo?: number; problemAt: number[]; signer?: string },
) {
  const scope = { kind: "institution" as const, userId: who.officerId, role: "officer" as const, institutionId: who.institutionId };
  const [assessment] = await tx.execute<{ id: string; version_id: string; kind: string; rect_due: string }>(sql`
    select a.id, c.checklist_version_id as version_id, i.kind, c.rectification_due_on::text as rect_due
    from assessments a join campaigns c on c.id = a.campaign_id join institutions i on i.id = a.institution_id
    where a.campaign_id = ${campaignId} and a.institution_id = ${who.institutionId}`);
  const { items } = await getAssessmentWorkspace(tx, scope, assessment.id);
  const count = opts.submit ? items.length : Math.min(opts.upTo ?? 0, items.length);
  for (let i = 0; i < count; i++) {
    const isProblem = opts.problemAt.includes(i + 1);
    const data = isProblem
      ? {
          answer: "problem_found" as const,
          lockVersion: 0,
          description: "抽查2025年住院病历120份，发现3份存在超标准收费情形，涉及护理费重复计收。",
          caseCount: 3,
          amountInvolvedFen: 486_050,
          refundedFen: 486_050,
          rectificationPlan: "已全额退回医保基金，修订收费核对流程，由医保办每月抽查收费明细。",
          responsiblePerson: "医保办主任",
          rectificationDueOn: assessment.rect_due,
          rectificationStatus: "in_progress" as const,
          rectifiedOn: undefined,
        }
      : { answer: "no_problem" as const, lockVersion: 0 };
    const result = await saveAnswer(tx, scope, { assessmentId: assessment.id, itemCode: items[i].item.code, data });
    if (!result.ok) throw new Error(`demo answer failed: ${JSON.stringify(result)}`);
  }
  if (opts.submit) {
    const result = await submitAssessment(tx, scope, assessment.id, { signerName: opts.signer ?? "负责人", agree: "on" });
    if (!result.ok) throw new Error(`demo submit failed: ${JSON.stringify(result)}`);
  }
  return { assessmentId: assessment.id, items };
}

function printAccounts(appUrl: string, mfa: { email: string; secret: string; uri: string }) {
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0xff ? 2 : 1), 0)));
  console.log(`\nDemo accounts (password for all: ${DEFAULT_PASSWORD})  ${appUrl}/login`);
  console.log(`  ${pad("admin", 36)} ${ADMIN_EMAIL}`);
  for (const r of REGULATORS) console.log(`  ${pad(`regulator ${r.region} ${r.name}`, 36)} ${r.email}`);
  for (const i of INSTITUTIONS) console.log(`  ${pad(`officer ${i.name}`, 36)} ${officerEmail(i.slug)}`);
  console.log(`  ${pad(`staff ${STAFF.name}（南阳卧龙仁和医院）`, 36)} ${STAFF.email}`);
  console.log("\nWith two-factor sign-in (same password, then a 6-digit code from an authenticator app):");
  console.log(`  ${pad(`regulator ${MFA_DEMO.region} ${MFA_DEMO.name}`, 36)} ${mfa.email}`);
  console.log(`  TOTP secret (base32, SHA1, 6 digits, 30 s): ${mfa.secret}`);
  console.log(`  otpauth URI: ${mfa.uri}`);
  console.log("");
}

export class DemoSeedRefusedError extends Error {
  constructor(readonly foreignUsers: number) {
    super(`refusing to seed demo data: this database holds ${foreignUsers} user(s) that are not demo accounts (@demo.zicha.cn)`);
    this.name = "DemoSeedRefusedError";
  }
}

/**
 * Seed the demo data once. A database that holds any account outside the demo domain is a real
 * one (or a test's): the seed refuses it and writes nothing. Checked inside the transaction,
 * under a lock, so a user created meanwhile is seen.
 */
export async function seedDemoDatabase(db: Database): Promise<"seeded" | "present"> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('zicha_demo_seed', 0))`);
    const [{ foreign }] = await tx.execute<{ foreign: number }>(
      sql`select count(*)::int as foreign from users where email not like ${`%${DEMO_DOMAIN}`}`,
    );
    if (foreign > 0) throw new DemoSeedRefusedError(foreign);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, ADMIN_EMAIL));
    if (existing) return "present";
    // One transaction: a failed seed leaves nothing half-written.
    await seedDemo(tx);
    return "seeded";
  });
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isEntry) {
  const url = process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha";
  const { db, client } = createDatabase(url, { max: 1 });
  try {
    const outcome = await seedDemoDatabase(db);
    console.log(
      outcome === "present"
        ? "Demo data already present; nothing changed."
        : `Seeded ${INSTITUTIONS.length} institutions, ${REGULATORS.length} regulators and 2 open campaigns.`,
    );
    // Also for a database seeded before this account existed.
    const mfa = await seedTwoFactorDemo(db);
    printAccounts(process.env.APP_URL ?? "http://localhost:3000", mfa);
  } catch (error) {
    if (!(error instanceof DemoSeedRefusedError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await client.end();
  }
}
