import { describe, expect, it } from "vitest";
import { drawInspectors, drawSample, randomSeed, sampleSize, TIER_WEIGHTS, type SampleCandidate } from "~/domain/sampling";

function make(counts: Partial<Record<SampleCandidate["tier"], number>>): SampleCandidate[] {
  const out: SampleCandidate[] = [];
  for (const [tier, n] of Object.entries(counts) as [SampleCandidate["tier"], number][]) {
    for (let i = 0; i < n; i++) out.push({ id: `${tier.toLowerCase()}${i}`, tier });
  }
  return out;
}

const ids = (r: ReturnType<typeof drawSample>) => r.selected.map((s) => s.id);

describe("sampleSize", () => {
  it.each([
    [30, 0.1, 3],
    [31, 0.1, 4],
    [10, 0.1, 1],
    [1, 0.1, 1],
    [0, 0.1, 0],
    [100, 0.15, 15],
    [7, 0.3, 3],
    [29, 1, 29],
  ])("%i × %f → %i", (total, ratio, size) => {
    expect(sampleSize(total, ratio)).toBe(size);
  });

  it("rejects ratios outside 0.1..1", () => {
    for (const ratio of [0.09, 0.0999, 0, -0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sampleSize(10, ratio)).toThrow(RangeError);
    }
  });

  it("rejects non-integer or negative totals", () => {
    expect(() => sampleSize(-1, 0.1)).toThrow(RangeError);
    expect(() => sampleSize(2.5, 0.1)).toThrow(RangeError);
  });
});

describe("drawSample", () => {
  const pool = make({ A: 20, B: 10, C: 5, D: 2 }); // 37 → 10% is 4

  it("is reproducible from the seed, whatever the input order", () => {
    const a = drawSample(pool, { ratio: 0.1, seed: "published-seed" });
    const b = drawSample([...pool].reverse(), { ratio: 0.1, seed: "published-seed" });
    expect(b).toEqual(a);
    expect(a.seed).toBe("published-seed");
  });

  it("draws differently under a different seed", () => {
    const big = make({ A: 100, B: 60, C: 40 });
    const a = drawSample(big, { ratio: 0.1, seed: "seed-1" });
    const b = drawSample(big, { ratio: 0.1, seed: "seed-2" });
    expect(ids(b)).not.toEqual(ids(a));
  });

  it("honours the ratio, rounding up", () => {
    expect(drawSample(make({ A: 31 }), { ratio: 0.1, seed: "x" }).size).toBe(4);
    expect(drawSample(make({ A: 30 }), { ratio: 0.1, seed: "x" }).size).toBe(3);
    expect(drawSample(pool, { ratio: 0.5, seed: "x" }).size).toBe(19);
    expect(() => drawSample(pool, { ratio: 0.05, seed: "x" })).toThrow(RangeError);
    expect(() => drawSample(pool, { ratio: 1.5, seed: "x" })).toThrow(RangeError);
  });

  it("always includes every D-tier institution as key supervision", () => {
    for (let s = 0; s < 50; s++) {
      const r = drawSample(pool, { ratio: 0.1, seed: `d${s}` });
      const d = r.selected.filter((x) => x.tier === "D");
      expect(d.map((x) => x.id).sort()).toEqual(["d0", "d1"]);
      expect(d.every((x) => x.reason === "key_supervision" && x.key === undefined)).toBe(true);
      const random = r.selected.filter((x) => x.tier !== "D");
      expect(random).toHaveLength(2);
      expect(random.every((x) => x.reason === "random" && x.key! > 0 && x.key! <= 1)).toBe(true);
    }
  });

  it("takes all D when they exceed the target, even beyond the ratio", () => {
    const r = drawSample(make({ A: 30, D: 6 }), { ratio: 0.1, seed: "x" }); // target 4
    expect(r.size).toBe(6);
    expect(r.selected.every((x) => x.tier === "D" && x.reason === "key_supervision")).toBe(true);
  });

  it("never selects an institution twice and copes with sampling everyone", () => {
    const all = drawSample(pool, { ratio: 1, seed: "x" });
    expect(all.size).toBe(pool.length);
    expect(new Set(ids(all)).size).toBe(pool.length);
    for (let s = 0; s < 50; s++) {
      const r = drawSample(pool, { ratio: 0.3, seed: `u${s}` });
      expect(new Set(ids(r)).size).toBe(r.size);
    }
  });

  it("rejects duplicate ids, bad weights and an empty seed", () => {
    expect(() => drawSample([...pool, { id: "a0", tier: "B" }], { ratio: 0.1, seed: "x" })).toThrow(/Duplicate/);
    expect(() => drawSample([{ id: "a", tier: "A", weight: 0 }], { ratio: 0.1, seed: "x" })).toThrow(RangeError);
    expect(() => drawSample(pool, { ratio: 0.1, seed: "" })).toThrow();
  });

  it("draws higher-risk tiers more often, per candidate (fixed seeds, deterministic)", () => {
    const cands = make({ A: 50, B: 30, C: 20 });
    const hits = { A: 0, B: 0, C: 0, D: 0 };
    const runs = 600;
    for (let s = 0; s < runs; s++) {
      const r = drawSample(cands, { ratio: 0.1, seed: `s${s}` });
      expect(r.size).toBe(10);
      for (const x of r.selected) hits[x.tier]++;
    }
    const freq = { A: hits.A / 50 / runs, B: hits.B / 30 / runs, C: hits.C / 20 / runs };
    // Measured: A ≈ 0.055, B ≈ 0.105, C ≈ 0.205 (weights 1 : 2 : 4).
    expect(freq.A).toBeGreaterThan(0.04);
    expect(freq.A).toBeLessThan(0.07);
    expect(freq.B).toBeGreaterThan(1.5 * freq.A);
    expect(freq.C).toBeGreaterThan(1.5 * freq.B);
  }, 30_000);

  it("respects an explicit weight over the tier default", () => {
    const cands: SampleCandidate[] = [...make({ A: 50 }), { id: "heavy", tier: "A", weight: 1000 }];
    let hits = 0;
    for (let s = 0; s < 200; s++) if (ids(drawSample(cands, { ratio: 0.1, seed: `w${s}` })).includes("heavy")) hits++;
    expect(hits).toBeGreaterThan(190);
  });
});

describe("inputDigest", () => {
  const pool = make({ A: 5, B: 3, D: 1 });
  const digest = (c: SampleCandidate[]) => drawSample(c, { ratio: 0.1, seed: "x" }).inputDigest;

  it("is a SHA-256 hex that ignores input order and the seed", () => {
    expect(digest(pool)).toMatch(/^[0-9a-f]{64}$/);
    expect(digest([...pool].reverse())).toBe(digest(pool));
    expect(drawSample(pool, { ratio: 0.1, seed: "other" }).inputDigest).toBe(digest(pool));
  });

  it("treats a default weight and the same explicit weight alike", () => {
    const explicit = pool.map((c) => (c.tier === "D" ? c : { ...c, weight: TIER_WEIGHTS[c.tier] }));
    expect(digest(explicit)).toBe(digest(pool));
  });

  it("changes when a tier, a weight or the membership changes", () => {
    const base = digest(pool);
    expect(digest(pool.map((c) => (c.id === "a0" ? { ...c, tier: "C" as const } : c)))).not.toBe(base);
    expect(digest(pool.map((c) => (c.id === "a0" ? { ...c, weight: 3 } : c)))).not.toBe(base);
    expect(digest(pool.slice(1))).not.toBe(base);
  });
});

describe("randomSeed", () => {
  it("returns 16 random bytes as hex", () => {
    const a = randomSeed();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomSeed()).not.toBe(a);
  });
});

describe("drawInspectors", () => {
  const pool = ["u1", "u2", "u3", "u4", "u5"];
  it("is reproducible from the seed, whatever the pool order", () => {
    const a = drawInspectors({ seed: "s1", institutionId: "i1", pool, count: 2 });
    const b = drawInspectors({ seed: "s1", institutionId: "i1", pool: [...pool].reverse(), count: 2 });
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
    expect(new Set(a).size).toBe(2);
  });

  it("never picks whom to avoid, and returns fewer when the pool runs out", () => {
    for (const seed of ["a", "b", "c", "d", "e", "f"]) {
      const picked = drawInspectors({ seed, institutionId: "i1", pool, avoid: ["u1", "u2"], count: 3 });
      expect(picked.sort()).toEqual(["u3", "u4", "u5"]);
    }
    expect(drawInspectors({ seed: "s", institutionId: "i1", pool: ["u1", "u2"], avoid: ["u1"], count: 3 })).toEqual(["u2"]);
    expect(drawInspectors({ seed: "s", institutionId: "i1", pool, count: 0 })).toEqual([]);
  });

  it("spreads the work: over many institutions every account is drawn", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      for (const id of drawInspectors({ seed: "fixed-seed", institutionId: `inst-${i}`, pool, count: 1 }))
        counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of pool) expect(counts.get(id) ?? 0).toBeGreaterThan(20);
  });
});
