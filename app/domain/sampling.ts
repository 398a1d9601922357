// Inspection sample (双随机): risk-weighted random draw of institutions, reproducible from a
// published seed. Pure functions; storing the list and the seed is the caller's job.
//
// Algorithm (published so anyone holding the seed and the frozen input can re-run it):
//  1. Every D-tier institution is included ("key_supervision"), then every other candidate
//     marked must-include (an institution put on the region's list from a flagged clue,
//     "must_include").
//  2. Target size = ceil(total × ratio). If these alone reach it, the sample is only them and is
//     then larger than the ratio requires — intended: they are never left out.
//  3. The remaining places are filled by weighted sampling without replacement
//     (Efraimidis–Spirakis): each candidate gets key k = u^(1/w); the largest keys win.
//     u = max(x, 1) / 2^52 where x = the first 52 bits of SHA-256(seed + ":" + id), so u is a
//     deterministic uniform in (0, 1) that depends only on (seed, id), never on input order.
import { createHash, randomBytes } from "node:crypto";

export type SampleTier = "A" | "B" | "C" | "D";

export type SampleCandidate = {
  id: string;
  tier: SampleTier;
  /** Risk weight for A–C; defaults to TIER_WEIGHTS[tier]. Ignored for D (always included). */
  weight?: number;
  /** Always included (a flagged clue put it on the must-include list). */
  mustInclude?: boolean;
};

export type SampledInstitution = {
  id: string;
  tier: SampleTier;
  reason: "key_supervision" | "must_include" | "random";
  /** Efraimidis–Spirakis key u^(1/w), only for random picks. */
  key?: number;
};

export type SampleResult = {
  /** D-tier first (by id), then must-include (by id), then random picks in descending key order. */
  selected: SampledInstitution[];
  size: number;
  seed: string;
  /** SHA-256 hex of the canonical input (sorted by id: id, tier, effective weight[, true if must-include]). */
  inputDigest: string;
};

export const TIER_WEIGHTS: Record<"A" | "B" | "C", number> = { A: 1, B: 2, C: 4 };

export const MIN_SAMPLE_RATIO = 0.1;

const BASIS_POINTS = 10_000;
const TWO_POW_52 = 2 ** 52;

/** Ratio → integer basis points (0.1 → 1000), so sizes are computed without float drift. */
function ratioToBasisPoints(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio < MIN_SAMPLE_RATIO || ratio > 1) {
    throw new RangeError(`Sampling ratio must be between ${MIN_SAMPLE_RATIO} and 1, got ${ratio}`);
  }
  return Math.round(ratio * BASIS_POINTS);
}

/** ceil(total × ratio) in integer arithmetic (ratio resolved to basis points). 10% of 31 → 4. */
export function sampleSize(total: number, ratio: number): number {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`Total must be a non-negative integer, got ${total}`);
  }
  const bp = ratioToBasisPoints(ratio);
  return Math.floor((total * bp + BASIS_POINTS - 1) / BASIS_POINTS);
}

/** A fresh seed to publish with the sample: 16 random bytes as hex. */
export function randomSeed(): string {
  return randomBytes(16).toString("hex");
}

/** Deterministic uniform in (0, 1) for (seed, id). */
function uniformFor(seed: string, id: string): number {
  const digest = createHash("sha256").update(`${seed}:${id}`, "utf8").digest();
  const x = digest.readUIntBE(0, 6) * 16 + (digest[6] >> 4); // first 52 bits, exact in a double
  return Math.max(x, 1) / TWO_POW_52;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function effectiveWeight(c: SampleCandidate): number | null {
  if (c.tier === "D") return null;
  const weight = c.weight ?? TIER_WEIGHTS[c.tier];
  if (!Number.isFinite(weight) || weight <= 0) {
    throw new RangeError(`Weight of ${c.id} must be a positive number, got ${c.weight}`);
  }
  return weight;
}

export function drawSample(candidates: SampleCandidate[], opts: { ratio: number; seed: string }): SampleResult {
  const { ratio, seed } = opts;
  if (typeof seed !== "string" || seed.length === 0) throw new Error("Sampling seed must be a non-empty string");
  const target = sampleSize(candidates.length, ratio);

  const sorted = [...candidates].sort((a, b) => compareIds(a.id, b.id));
  // The must-include flag is appended only when set, so digests of earlier draws stay the same.
  const canonical: ([string, SampleTier, number | null] | [string, SampleTier, number | null, true])[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (typeof c.id !== "string" || c.id.length === 0) throw new Error("Candidate id must be a non-empty string");
    if (!["A", "B", "C", "D"].includes(c.tier)) throw new Error(`Unknown tier ${c.tier} for ${c.id}`);
    if (i > 0 && sorted[i - 1].id === c.id) throw new Error(`Duplicate candidate id ${c.id}`);
    canonical.push(c.mustInclude && c.tier !== "D" ? [c.id, c.tier, effectiveWeight(c), true] : [c.id, c.tier, effectiveWeight(c)]);
  }
  const inputDigest = createHash("sha256").update(JSON.stringify(canonical), "utf8").digest("hex");

  const isMustInclude = (row: (typeof canonical)[number]) => row.length === 4;
  const selected: SampledInstitution[] = [
    ...canonical.filter(([, tier]) => tier === "D").map(([id, tier]): SampledInstitution => ({ id, tier, reason: "key_supervision" })),
    ...canonical.filter(isMustInclude).map(([id, tier]): SampledInstitution => ({ id, tier, reason: "must_include" })),
  ];

  const remaining = target - selected.length;
  if (remaining > 0) {
    const keyed = canonical
      .filter((row) => row[1] !== "D" && !isMustInclude(row))
      // Compare ln(k) = ln(u)/w: same order as k = u^(1/w) but never underflows.
      .map(([id, tier, weight]) => ({ id, tier, logKey: Math.log(uniformFor(seed, id)) / (weight as number) }))
      .sort((a, b) => b.logKey - a.logKey || compareIds(a.id, b.id));
    for (const { id, tier, logKey } of keyed.slice(0, remaining)) {
      selected.push({ id, tier, reason: "random", key: Math.exp(logKey) });
    }
  }

  return { selected, size: selected.length, seed, inputDigest };
}

/**
 * Inspectors for one sampled institution (the second 随机): `count` accounts from the pool,
 * leaving out those who inspected it last time. Each account's rank is SHA-256(seed +
 * ":inspector:" + institution id + ":" + account id), lowest first — reproducible from the seed
 * and independent of the pool's order. Fewer than `count` when the pool is too small.
 */
export function drawInspectors(opts: { seed: string; institutionId: string; pool: string[]; avoid?: string[]; count: number }): string[] {
  const avoid = new Set(opts.avoid ?? []);
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new RangeError(`Inspector count must be a non-negative integer, got ${opts.count}`);
  return [...new Set(opts.pool)]
    .filter((id) => !avoid.has(id))
    .map((id) => ({ id, rank: createHash("sha256").update(`${opts.seed}:inspector:${opts.institutionId}:${id}`, "utf8").digest("hex") }))
    .sort((a, b) => compareIds(a.rank, b.rank) || compareIds(a.id, b.id))
    .slice(0, opts.count)
    .map((r) => r.id);
}
