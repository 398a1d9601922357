// BullMQ on the topology's Redis Cluster (deploy/cluster-local.sh): where the queues live, and
// exactly-once delivery when a master is restarted under two running workers.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { notifications } from "~db/schema";
import { clusterNodesFromEnv, createRedisConnection, isClusterConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { createQueues, DEFAULT_JOB_OPTIONS, jobIds, layoutOfQueues, mailShardOf } from "~jobs/queues";
import { describeLayout, startWorkers } from "~jobs/worker";
import { createMailer } from "~/utils/mail.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { startSmtpSink } from "../setup/smtp";
import { waitFor as waitUntil } from "../wait";

const waitFor = (check: () => Promise<boolean> | boolean, timeoutMs = 30000) => waitUntil(check, timeoutMs, 100);

if (!clusterNodesFromEnv()) throw new Error("tests/cluster need the topology: run scripts/test-cluster.sh");

const run = promisify(execFile);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The master (host:port) that owns each slot, from CLUSTER SLOTS. */
async function slotOwners() {
  const redis = createRedisConnection(undefined, { lazyConnect: false });
  try {
    if (!isClusterConnection(redis)) throw new Error("expected a cluster connection");
    const ranges = await redis.cluster("SLOTS");
    return (slot: number) => {
      const range = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      return `${range[2][0]}:${range[2][1]}`;
    };
  } finally {
    redis.disconnect();
  }
}

function harness(smtpUrl: string) {
  const connection = createRedisConnection();
  const queues = createQueues(connection, undefined, { ...DEFAULT_JOB_OPTIONS, attempts: 5, backoff: { type: "fixed", delay: 300 } });
  const mailer = createMailer(`${smtpUrl}?pool=false`);
  const deps: JobDeps = { db, queues, mailer, appUrl: "http://localhost:3000", mailFrom: "自查 <no-reply@zicha.test>", leaseSeconds: 300 };
  cleanups.push(async () => {
    await Promise.all([queues.email.close(), queues.reminders.close(), queues.onboarding.close()]);
    connection.disconnect();
    mailer.close();
  });
  return { deps, queues, connection };
}

describe("queues on the Redis Cluster", () => {
  it("each queue's keys share one hash slot, and e-mail shards, reminders and onboarding spread over the masters", async () => {
    const smtp = await startSmtpSink();
    cleanups.push(smtp.close);
    const { queues, connection } = harness(smtp.url);
    const layout = layoutOfQueues(queues);
    expect(layout.isCluster).toBe(true);
    expect(layout.email).toHaveLength(clusterNodesFromEnv()!.length);
    // A job in every queue, then every key found on the masters must be in its queue's slot.
    await queues.reminders.add("t", { type: "outbox-flush" }, { delay: 60_000 });
    await queues.onboarding.add("t", { type: "invitation", invitationId: randomUUID() }, { delay: 60_000 });
    for (const shard of queues.email.shards) await shard.add("send", { notificationId: randomUUID() }, { delay: 60_000 });
    if (!isClusterConnection(connection)) throw new Error("expected a cluster connection");
    for (const placement of describeLayout(layout)) {
      const keys: string[] = [];
      for (const node of connection.nodes("master")) keys.push(...(await node.keys(`${placement.prefix}:*`)));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await connection.cluster("KEYSLOT", key)).toBe(placement.slot);
    }
    const owner = await slotOwners();
    const mapping = describeLayout(layout).map((p) => ({ ...p, master: owner(p.slot!) }));
    console.log(mapping.map((m) => `${m.queue} ${m.prefix} slot ${m.slot} → ${m.master}`).join("\n"));
    const masterOf = (name: string) => mapping.find((m) => m.queue === name)!.master;
    // One e-mail shard per master, and the two other queues on two different masters.
    expect(new Set(layout.email.map((p) => owner(p.slot!))).size).toBe(clusterNodesFromEnv()!.length);
    expect(masterOf("reminders")).not.toBe(masterOf("onboarding"));
    await Promise.all([queues.email.obliterate({ force: true }), queues.reminders.obliterate({ force: true })]);
    await queues.onboarding.obliterate({ force: true });
  });

  it("a master restarted under two workers loses its queued mail; the outbox flush queues it again and each mail goes out once", async () => {
    const smtp = await startSmtpSink();
    cleanups.push(smtp.close);
    const { deps, queues } = harness(smtp.url);
    const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303" });
    const officer = await createUser(db, "officer", { institutionId: hospital.id });
    const rows = await db
      .insert(notifications)
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          dedupeKey: `cluster-${randomUUID()}`,
          recipientId: officer.id,
          kind: "due_soon" as const,
          subject: `集群测试 ${i}`,
          bodyText: `正文 ${i}`,
          linkPath: "/inst",
          emailStatus: "pending" as const,
        })),
      )
      .returning({ id: notifications.id });
    const ids = rows.map((r) => r.id);
    const layout = layoutOfQueues(queues);
    const owner = await slotOwners();
    // The master that holds e-mail shard 0; the notices of that shard are the ones it will lose.
    const victim = owner(layout.email[0].slot!);
    const lostIds = ids.filter((id) => mailShardOf(id, layout.email.length) === 0);
    expect(lostIds.length).toBeGreaterThan(0);
    expect(lostIds.length).toBeLessThan(ids.length);

    // Two workers are running. The mails are queued to go out in a minute, as a backlog would sit.
    for (let i = 0; i < 2; i++) {
      const stop = await startWorkers(deps, undefined, { schedule: false });
      cleanups.push(stop);
    }
    await queues.email.addBulk(
      ids.map((notificationId) => ({
        name: "send",
        data: { notificationId },
        opts: { jobId: jobIds.email(notificationId), delay: 60_000 },
      })),
    );
    expect((await queues.email.getJobCounts("delayed")).delayed).toBe(ids.length);

    // The master dies (nothing saved) and comes back empty, owning the same slots.
    await run("bash", ["deploy/cluster-local.sh", "redis-restart", victim.split(":")[1]]);
    await waitFor(async () => (await queues.email.shards[0].getJobCounts("delayed")).delayed === 0);
    expect((await queues.email.getJobCounts("delayed")).delayed).toBe(ids.length - lostIds.length);

    // The outbox flush finds every notice still owed and queues it now; the workers, reconnected
    // to the restarted master, send each exactly once.
    await queues.reminders.add("flush", { type: "outbox-flush" });
    await waitFor(async () => {
      const sent = await db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.id, ids));
      const rowsNow = await db.select().from(notifications).where(inArray(notifications.id, ids));
      return sent.length === ids.length && rowsNow.every((r) => r.emailStatus === "sent");
    }, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const messageIds = smtp.received.map((m) => m.messageId);
    expect(messageIds).toHaveLength(ids.length);
    expect(new Set(messageIds)).toEqual(new Set(ids.map((id) => `<${id}@zicha.notice>`)));
    const after = await db.select().from(notifications).where(inArray(notifications.id, ids));
    expect(after.every((r) => r.emailAttempts === 1)).toBe(true);
    await queues.email.obliterate({ force: true });
    await queues.reminders.obliterate({ force: true });
  });
});
