// Where the queues' keys go: unchanged on one Redis node, one hash tag per queue on a cluster.
import calculateSlot from "cluster-key-slot";
import { describe, expect, it } from "vitest";
import { CLUSTER_SLOTS, mailShardCount, mailShardOf, queueKeyPattern, queueLayout } from "~jobs/queues";

describe("queue layout", () => {
  it("a single node keeps the plain prefix and the one queue named email", () => {
    const layout = queueLayout("zicha", null, 1);
    expect(layout.isCluster).toBe(false);
    expect(layout.email).toEqual([{ name: "email", prefix: "zicha", slot: null }]);
    expect(layout.reminders).toEqual({ name: "reminders", prefix: "zicha", slot: null });
    expect(queueKeyPattern("zicha", layout)).toBe("zicha:*");
    expect(mailShardCount(null, undefined)).toBe(1);
  });

  it("a cluster gives every queue its own hash tag, each in the middle of its master's third of the slots", () => {
    const layout = queueLayout("zicha", 3, 3);
    const placements = [...layout.email, layout.reminders, layout.onboarding];
    expect(placements.map((p) => p.name)).toEqual(["email-0", "email-1", "email-2", "reminders", "onboarding"]);
    placements.forEach((p, j) => {
      const tag = /^\{(.+)\}$/.exec(p.prefix)![1];
      expect(tag.startsWith(`zicha-${p.name}`)).toBe(true);
      expect(calculateSlot(tag)).toBe(p.slot);
      const third = Math.floor((p.slot! * 3) / CLUSTER_SLOTS);
      expect(third).toBe(j % 3);
    });
    expect(queueKeyPattern("zicha", layout)).toBe("{zicha-*");
  });

  it("a notice always lands in the same shard, and the shards share the work", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(ids.map((id) => mailShardOf(id, 3))).toEqual(ids.map((id) => mailShardOf(id, 3)));
    const counts = [0, 0, 0];
    for (const id of ids) counts[mailShardOf(id, 3)]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
    expect(mailShardOf(ids[0], 1)).toBe(0);
  });
});
