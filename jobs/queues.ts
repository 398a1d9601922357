// Queue names, payloads, key layout and job options: the contract between the web process
// (producer) and the worker. Payloads carry ids only, never personal data.
import { createHash } from "node:crypto";
import calculateSlot from "cluster-key-slot";
import { Queue, type ConnectionOptions, type Job, type JobsOptions, type JobType, type ObliterateOpts } from "bullmq";
import { clusterNodesFromEnv, isClusterConnection } from "./connection";

export const QUEUE_NAMES = { reminders: "reminders", email: "email", onboarding: "onboarding" } as const;

export type ReminderJob =
  | { type: "daily-sweep"; at?: string }
  | { type: "weekly-digest"; at?: string }
  | { type: "campaign-opened"; campaignId: string }
  | { type: "assessment-decided"; assessmentId: string; version: number }
  | { type: "outbox-flush" }
  | { type: "risk-nightly"; at?: string }
  | { type: "temp-sweep"; at?: string }
  | { type: "session-purge"; at?: string };

export type EmailJob = { notificationId: string };

/**
 * Roster imports, clue batch imports (validate the uploaded file, then import the confirmed rows)
 * and invitation e-mails (the token is made at send time, never in the payload).
 */
export type OnboardingJob =
  | { type: "roster-import"; importId: string }
  | { type: "clue-validate"; importId: string }
  | { type: "clue-import"; importId: string }
  | { type: "invitation"; invitationId: string };

/** Every job retries with exponential backoff; finished jobs are kept a bounded while. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

/** Queue key prefix: one per deployment (and one per test run, so tests never share keys). */
export function queuePrefix() {
  return process.env.QUEUE_PREFIX ?? "zicha";
}

// ---------------------------------------------------------------------------------------------
// Key layout (docs/decisions/022-redis-cluster-queues.md)

export const CLUSTER_SLOTS = 16_384;

/** Where one BullMQ queue lives: its name, its key prefix and, in a cluster, its hash slot. */
export type QueuePlacement = { name: string; prefix: string; slot: number | null };

export type QueueLayout = {
  isCluster: boolean;
  reminders: QueuePlacement;
  onboarding: QueuePlacement;
  /** E-mail is spread over these queues by a stable hash of the notification id. */
  email: QueuePlacement[];
};

/**
 * How many queues e-mail is spread over: MAIL_QUEUE_SHARDS, else one per cluster master, else
 * one (a single node: the queue "email", as before clustering).
 */
export function mailShardCount(masters: number | null, value = process.env.MAIL_QUEUE_SHARDS) {
  if (value) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error("MAIL_QUEUE_SHARDS: must be a whole number from 1 to 64");
    return n;
  }
  return masters ?? 1;
}

/**
 * The queues' names and prefixes. On a single node every queue shares the plain prefix (keys
 * `zicha:email:…`, unchanged). In a cluster every queue gets its own hash tag, as BullMQ asks
 * (all of a queue's keys in one slot, so its Lua scripts never cross slots), and the tag is
 * chosen so that queue number j sits in the middle of the (j mod masters)-th equal slot range —
 * the ranges `redis-cli --cluster create` gives the masters. E-mail shards come first, so with
 * one shard per master each master sends a share of the mail; reminders and onboarding follow.
 */
export function queueLayout(
  prefix = queuePrefix(),
  masters: number | null = clusterNodesFromEnv()?.length ?? null,
  shards = mailShardCount(masters),
): QueueLayout {
  const emailNames = shards === 1 ? [QUEUE_NAMES.email] : Array.from({ length: shards }, (_, i) => `${QUEUE_NAMES.email}-${i}`);
  const names = [...emailNames, QUEUE_NAMES.reminders, QUEUE_NAMES.onboarding];
  const placements = names.map((name, j): QueuePlacement => {
    if (!masters) return { name, prefix, slot: null };
    const tag = hashTagInRange(`${prefix}-${name}`, j % masters, masters);
    return { name, prefix: `{${tag}}`, slot: calculateSlot(tag) };
  });
  return {
    isCluster: masters !== null,
    email: placements.slice(0, shards),
    reminders: placements[shards],
    onboarding: placements[shards + 1],
  };
}

/** `base`, or `base-1`, `base-2`…: the first whose slot lies in the middle half of range r of n. */
function hashTagInRange(base: string, r: number, n: number) {
  const width = CLUSTER_SLOTS / n;
  const low = r * width + width / 4;
  const high = r * width + (3 * width) / 4;
  for (let i = 0; i < 10_000; i++) {
    const tag = i === 0 ? base : `${base}-${i}`;
    const slot = calculateSlot(tag);
    if (slot >= low && slot < high) return tag;
  }
  return base; // not reached for n ≤ 64; the queue still works, only its placement is left to chance
}

/** The e-mail shard of a notice: a stable hash of its id, so its duplicates meet in one queue. */
export function mailShardOf(notificationId: string, shards: number) {
  if (shards === 1) return 0;
  return createHash("sha1").update(notificationId).digest().readUInt32BE(0) % shards;
}

/** A SCAN pattern for every key of this prefix's queues (tests delete them between tests). */
export function queueKeyPattern(prefix: string, layout: Pick<QueueLayout, "isCluster"> = queueLayout(prefix)) {
  return layout.isCluster ? `{${prefix}-*` : `${prefix}:*`;
}

// ---------------------------------------------------------------------------------------------

/**
 * The e-mail queue as one: jobs go to the shard of their notification id, counts and failed
 * jobs are summed over the shards. It offers the part of BullMQ's Queue the app uses.
 */
export class ShardedQueue<T extends EmailJob> {
  constructor(readonly shards: Queue<T>[]) {}

  get name() {
    return QUEUE_NAMES.email;
  }

  /** The connection options (all shards share one connection). */
  get opts() {
    return this.shards[0].opts;
  }

  shardFor(notificationId: string) {
    return this.shards[mailShardOf(notificationId, this.shards.length)];
  }

  add(name: string, data: T, opts?: JobsOptions): Promise<Job<T>> {
    return (this.shardFor(data.notificationId) as Queue<T>).add(name as never, data as never, opts) as Promise<Job<T>>;
  }

  async addBulk(jobs: { name: string; data: T; opts?: JobsOptions }[]): Promise<Job<T>[]> {
    const byShard = new Map<Queue<T>, typeof jobs>();
    for (const job of jobs) {
      const shard = this.shardFor(job.data.notificationId);
      byShard.set(shard, [...(byShard.get(shard) ?? []), job]);
    }
    const added = await Promise.all([...byShard].map(([shard, list]) => shard.addBulk(list as never) as Promise<Job<T>[]>));
    return added.flat();
  }

  async getJobCounts(...types: JobType[]): Promise<Record<string, number>> {
    const all = await Promise.all(this.shards.map((q) => q.getJobCounts(...types)));
    const sum: Record<string, number> = {};
    for (const counts of all) for (const [type, n] of Object.entries(counts)) sum[type] = (sum[type] ?? 0) + n;
    return sum;
  }

  async getJobCountByTypes(...types: JobType[]): Promise<number> {
    const all = await Promise.all(this.shards.map((q) => q.getJobCountByTypes(...types)));
    return all.reduce((a, b) => a + b, 0);
  }

  /** The most recently failed jobs over all shards, newest first. */
  async getFailed(start = 0, end = -1): Promise<Job<T>[]> {
    const all = (await Promise.all(this.shards.map((q) => q.getFailed(0, end)))).flat().filter(Boolean);
    all.sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0));
    return end < 0 ? all.slice(start) : all.slice(start, end + 1);
  }

  /** Jobs of the given states over all shards (no order across shards). */
  async getJobs(types?: JobType | JobType[], start = 0, end = -1): Promise<Job<T>[]> {
    return (await Promise.all(this.shards.map((q) => q.getJobs(types, start, end)))).flat();
  }

  async drain(delayed?: boolean) {
    await Promise.all(this.shards.map((q) => q.drain(delayed)));
  }

  async obliterate(opts?: ObliterateOpts) {
    await Promise.all(this.shards.map((q) => q.obliterate(opts)));
  }

  async close() {
    await Promise.all(this.shards.map((q) => q.close()));
  }
}

export function createQueues(
  connection: ConnectionOptions,
  prefix = queuePrefix(),
  jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS,
  layout = layoutFor(connection, prefix),
) {
  const open = <T>(placement: QueuePlacement) =>
    new Queue<T>(placement.name, { connection, prefix: placement.prefix, defaultJobOptions: jobOptions });
  return {
    reminders: open<ReminderJob>(layout.reminders),
    email: new ShardedQueue<EmailJob>(layout.email.map((p) => open<EmailJob>(p))),
    onboarding: open<OnboardingJob>(layout.onboarding),
  };
}
export type Queues = ReturnType<typeof createQueues>;

/** The layout a set of queues was opened with (the worker listens where the producer writes). */
export function layoutOfQueues(queues: Queues): QueueLayout {
  const placement = (q: Queue<never> | Queue<EmailJob> | Queue<ReminderJob> | Queue<OnboardingJob>): QueuePlacement => {
    const prefix = q.opts.prefix ?? "bull";
    const tag = /^\{(.+)\}$/.exec(prefix)?.[1];
    return { name: q.name, prefix, slot: tag ? calculateSlot(tag) : null };
  };
  return {
    isCluster: placement(queues.reminders).slot !== null,
    reminders: placement(queues.reminders),
    onboarding: placement(queues.onboarding),
    email: queues.email.shards.map(placement),
  };
}

/** The layout that matches a connection: a single node never uses the cluster's hash tags. */
export function layoutFor(connection: unknown, prefix = queuePrefix()) {
  return isClusterConnection(connection) ? queueLayout(prefix, clusterNodesFromEnv()?.length ?? 3) : queueLayout(prefix, null);
}

/** Deterministic ids (no ':' — BullMQ reserves it), so a repeated enqueue is a no-op. */
export const jobIds = {
  email: (notificationId: string) => `email-${notificationId}`,
  campaignOpened: (campaignId: string) => `campaign-opened-${campaignId}`,
  decided: (assessmentId: string, version: number) => `decided-${assessmentId}-v${version}`,
  invitation: (invitationId: string) => `invitation-${invitationId}`,
  /** Per start: an import that failed may be started again. */
  rosterImport: (importId: string, startedAt: Date) => `roster-import-${importId}-${startedAt.getTime()}`,
  /** Once per upload (validation is idempotent and may be retried). */
  clueValidate: (importId: string) => `clue-validate-${importId}`,
  /** Per start, like a roster import. */
  clueImport: (importId: string, startedAt: Date) => `clue-import-${importId}-${startedAt.getTime()}`,
};
