// Demo data for risk tiers and inspection samples: every demo institution scored, one written
// override in 乌审旗, one stored sample for 南阳市. Idempotent (skips what is already there).
import { addDays, format, parseISO } from "date-fns";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { inspectionSamples } from "~db/schema";
import { createRiskOverride, recomputeRisk } from "~/models/risk.server";
import { createSample } from "~/models/sample.server";
import { todayLocal } from "~/utils/dates";

const SAMPLE_TITLE = "2026年南阳市定点医药机构双随机现场检查";

export async function seedRisk(db: Executor, ctx: { regulatorIds: Map<string, string> }) {
  const today = todayLocal();
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const all = await db.execute<{ id: string }>(sql`select id from institutions order by id`);
  await recomputeRisk(
    db,
    all.map((r) => r.id),
    "seed",
  );

  const wushenId = ctx.regulatorIds.get("150626");
  const [kangyuan] = await db.execute<{ id: string }>(sql`select id from institutions where name = '乌审康源大药房'`);
  const [existing] = kangyuan
    ? await db.execute<{ id: string }>(sql`select id from risk_overrides where institution_id = ${kangyuan.id} limit 1`)
    : [];
  if (wushenId && kangyuan && !existing) {
    await createRiskOverride(db, { kind: "region", userId: wushenId, regionCode: "150626" }, kangyuan.id, {
      tier: "C",
      reason: "12393 医保服务热线收到举报：疑似串换药品、为非参保人刷卡，线索核查期间列为 C 级，提高检查频次。",
      expiresOn: plus(90),
    });
  }

  const nanyangId = ctx.regulatorIds.get("411300");
  const [drawn] = await db.select({ id: inspectionSamples.id }).from(inspectionSamples).where(eq(inspectionSamples.title, SAMPLE_TITLE));
  if (nanyangId && !drawn) {
    const result = await createSample(
      db,
      { kind: "region", userId: nanyangId, regionCode: "411300" },
      {
        title: SAMPLE_TITLE,
        regionCode: "411300",
        periodStart: today,
        periodEnd: plus(90),
        ratioPercent: 30,
        seed: "nanyang-2026-q4-demo",
        inspectorsPerInstitution: 1,
      },
    );
    if (!result.ok) throw new Error(`demo sample failed: ${JSON.stringify(result.fieldErrors)}`);
  }
}
