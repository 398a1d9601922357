// The read replica of the topology (deploy/cluster-local.sh): a streaming hot standby whose
// replay the test pauses. A regulator's own decision shows on the next page even then; another
// regulator's dashboard (served by the replica) trails until replay resumes. The built app runs
// as in production (server.js, NODE_ENV=production, the least-privilege role on both servers).
import ExcelJS from "exceljs";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { currentWalLsn, hasReplayed, readDbAfterPrimary } from "~db/replica";
import { recordWeeklyDigest } from "~/models/notification.server";
import { notifications } from "~db/schema";
import { describeDatabaseRole, databaseRoleProblems } from "~/utils/startup.server";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { db, replicaDb } from "~/utils/db.server";
import { startApp, type App } from "../security/app-server";
import { sessionCookieFor } from "../helpers";
import { institutionScope, openDemoCampaign } from "../integration/fixtures";
import { waitFor as waitUntil } from "../wait";

const waitFor = (check: () => Promise<boolean> | boolean, timeoutMs = 20000) => waitUntil(check, timeoutMs, 100);

const replicaAdminUrl = process.env.TEST_REPLICA_ADMIN_DATABASE_URL;
if (!replicaAdminUrl || !process.env.DATABASE_READ_URL || !replicaDb) {
  throw new Error("tests/cluster need the topology's replica: run scripts/test-cluster.sh");
}
const replicaAdmin = postgres(replicaAdminUrl, { max: 1, onnotice: () => {} });

let app: App;
beforeAll(async () => {
  app = await startApp({ MFA_REQUIRED_ROLES: "none" });
});
afterAll(async () => {
  await replicaAdmin`select pg_wal_replay_resume()`;
  await app?.stop();
  await replicaAdmin.end();
});
afterEach(async () => {
  await replicaAdmin`select pg_wal_replay_resume()`;
});

/** Everything committed so far is visible on the replica. */
async function replicaCaughtUp() {
  const lsn = await currentWalLsn(db);
  await waitFor(() => hasReplayed(replicaDb!, lsn));
}

async function pauseReplay() {
  await replicaAdmin`select pg_wal_replay_pause()`;
  await waitFor(async () => (await replicaAdmin`select pg_get_wal_replay_pause_state() as s`)[0].s === "paused");
}

/** The hospital's officer answers every item and submits (through the models, on the primary). */
async function submitHospital(s: Awaited<ReturnType<typeof openDemoCampaign>>) {
  const scope = institutionScope(s.officer);
  const codes = await db.execute<{ code: string }>(sql`
    select code from checklist_items where version_id = ${s.campaign.checklistVersionId} and applies_to @> array['hospital']::text[]`);
  for (const { code } of codes) {
    await saveAnswer(db, scope, { assessmentId: s.assessmentId, itemCode: code, data: { answer: "no_problem", lockVersion: 0 } });
  }
  const submitted = await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" });
  expect(submitted.ok).toBe(true);
}

/** "已通过" (accepted) in the overview export by institution kind, as the given browser sees it. */
async function acceptedOnDashboard(cookie: string, campaignId: string) {
  const response = await fetch(`${app.url}/reg/oversight/export/overview?campaign=${campaignId}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[workbook.worksheets.length - 1];
  let column = 0;
  let total = 0;
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).map((v) => String(v ?? ""));
    if (column > 0) total += Number(values[column]) || 0;
    else column = Math.max(0, values.indexOf("已通过"));
  });
  expect(column).toBeGreaterThan(0);
  return total;
}

describe("read replica with read-your-writes", () => {
  it("with replay paused, the deciding regulator sees the acceptance at once; another regulator's dashboard trails until replay resumes", async () => {
    const s = await openDemoCampaign();
    await submitHospital(s);
    const county = await sessionCookieFor(s.wolongRegulator.id);
    const city = await sessionCookieFor(s.cityRegulator.id);
    await replicaCaughtUp();
    expect(await acceptedOnDashboard(county, s.campaign.id)).toBe(0);
    expect(await acceptedOnDashboard(city, s.campaign.id)).toBe(0);
    const reviewPage = async (cookie: string) =>
      (await fetch(`${app.url}/reg/assessments/${s.assessmentId}`, { headers: { Cookie: cookie } })).text();
    const acceptedMarksBefore = (await reviewPage(county)).split("已通过").length;

    await pauseReplay();
    // The county regulator accepts, through the web process (a plain form post, as without JavaScript).
    const accepted = await fetch(`${app.url}/reg/assessments/${s.assessmentId}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: county, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "decide", decision: "accepted" }),
    });
    expect(accepted.status).toBe(302);
    const writePosition = accepted.headers.getSetCookie().find((c) => c.startsWith("zicha_wlsn="));
    expect(writePosition).toBeTruthy();
    const countyBrowser = `${county}; ${writePosition!.split(";")[0]}`;
    // The replica has not replayed the decision…
    const [onReplica] = await replicaDb!.execute<{ status: string }>(sql`select status from assessments where id = ${s.assessmentId}`);
    expect(onReplica.status).toBe("submitted");

    // …yet the next pages of the regulator who decided show it: the review page, and the dashboard.
    expect((await reviewPage(countyBrowser)).split("已通过").length).toBeGreaterThan(acceptedMarksBefore);
    expect(await acceptedOnDashboard(countyBrowser, s.campaign.id)).toBe(1);
    // Another regulator's dashboard comes from the replica and may be stale: it is, while paused.
    expect(await acceptedOnDashboard(city, s.campaign.id)).toBe(0);

    await replicaAdmin`select pg_wal_replay_resume()`;
    await waitFor(async () => (await acceptedOnDashboard(city, s.campaign.id)) === 1);
    expect(await acceptedOnDashboard(countyBrowser, s.campaign.id)).toBe(1);
  });

  it("the weekly digest reads its counts on the replica once it has caught up, from the primary while replay is paused", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    await submitHospital(s);
    // Caught up: the replica serves the read; the notices are written on the primary.
    const readDb = await readDbAfterPrimary(db, replicaDb, 5_000);
    expect(readDb).toBe(replicaDb);
    const monday = new Date("2026-12-14T09:00:00+08:00");
    const ids = await recordWeeklyDigest(db, monday, readDb);
    expect(ids.length).toBe(3); // city, 卧龙区, 宛城区
    const digests = await db.select().from(notifications);
    const city = digests.find((n) => n.recipientId === s.cityRegulator.id)!;
    expect(city.payload).toMatchObject({ total: 2, submitted: 1, notStarted: 1, overdue: 1, newlyOverdue: ["宛城测试药店"] });
    expect(await recordWeeklyDigest(db, monday, readDb)).toEqual([]); // once a week, also across the two servers

    // Paused: what the primary holds now is not on the replica; the job waits a little, then reads the primary.
    await pauseReplay();
    await db.insert(notifications).values({
      dedupeKey: "replica-test-marker",
      recipientId: s.officer.id,
      kind: "due_soon",
      subject: "标记",
      bodyText: "标记",
      linkPath: "/inst",
      emailStatus: "skipped",
    });
    expect(await readDbAfterPrimary(db, replicaDb, 300)).toBe(db);
  });

  it("least privilege holds on the replica: the app role there is the same plain role, and a superuser read URL stops production", async () => {
    const asApp = postgres(process.env.DATABASE_READ_URL!, { max: 1, onnotice: () => {} });
    const facts = await describeDatabaseRole(asApp).finally(() => asApp.end());
    expect(facts).toMatchObject({ isSuperuser: false, ownedTables: 0, isAppMember: true });
    expect(databaseRoleProblems(facts, "DATABASE_READ_URL")).toEqual([]);
    // The replica is read-only whatever the role; the app role could not write the audit trail anyway.
    const refusedWrite = await replicaDb!.execute(sql`delete from audit_events`).then(
      () => "deleted",
      (error: Error & { cause?: Error }) => (error.cause ?? error).message,
    );
    expect(refusedWrite).toMatch(/read-only|permission denied/);

    const superuserReadUrl = new URL(replicaAdminUrl!);
    superuserReadUrl.pathname = new URL(process.env.DATABASE_READ_URL!).pathname;
    const refused = await startApp({ DATABASE_READ_URL: superuserReadUrl.toString(), MFA_REQUIRED_ROLES: "none" }).then(
      async (started) => (await started.stop(), "started"),
      (error: Error) => error.message,
    );
    // (The message is a JSON log line: its quotes are escaped.)
    expect(refused).toMatch(/DATABASE_READ_URL connects as \\?"postgres\\?", a superuser/);
    expect(refused).toContain("refusing to start");
  });
});
