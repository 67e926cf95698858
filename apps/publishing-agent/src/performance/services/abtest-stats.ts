/**
 * The Bayesian beta-binomial comparison of two variants' engagement rates. Each variant's rate has
 * the posterior Beta(1 + engagements, 1 + impressions − engagements) (a uniform prior), and
 * P(A > B) is computed exactly with Evan Miller's closed form for integer parameters:
 *
 *   P(pB > pA) = Σ_{i=0}^{αB−1} B(αA + i, βA + βB) / ((βB + i) · B(1 + i, βB) · B(αA, βA))
 *
 * summed in log space (the terms are tiny for large counts). The cost is O(engagements of B);
 * above MAX_EXACT_TERMS a normal approximation of the two posteriors takes over, which at such
 * sample sizes agrees with the exact value to well under 0.001.
 */

export interface ArmCounts {
  impressions: number;
  engagements: number;
}

export const WIN_PROBABILITY = 0.95;
/** Below this many impressions per variant a high probability is still luck: wait. */
export const MIN_IMPRESSIONS_FOR_PROBABILITY = 100;
/** With this many impressions per variant the test is decided either way (the likelier one wins). */
export const DECISIVE_SAMPLE = 10_000;
const MAX_EXACT_TERMS = 200_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Posterior parameters of one arm; engagements above impressions are clamped (a platform's counts can disagree). */
export function posterior(arm: ArmCounts): { alpha: number; beta: number } {
  const n = Math.max(0, Math.floor(arm.impressions));
  const k = Math.min(n, Math.max(0, Math.floor(arm.engagements)));
  return { alpha: 1 + k, beta: 1 + n - k };
}

/** P(rate of B > rate of A) under the two posteriors. */
export function probabilityBBeatsA(a: ArmCounts, b: ArmCounts): number {
  const A = posterior(a);
  const B = posterior(b);
  if (B.alpha - 1 > MAX_EXACT_TERMS) return normalApproximation(A, B);
  const base = -logBeta(A.alpha, A.beta);
  let total = 0;
  for (let i = 0; i < B.alpha; i++) {
    total += Math.exp(logBeta(A.alpha + i, A.beta + B.beta) - Math.log(B.beta + i) - logBeta(1 + i, B.beta) + base);
  }
  return clamp01(total);
}

/** P(A > B): ties have probability zero under continuous posteriors. */
export function probabilityABeatsB(a: ArmCounts, b: ArmCounts): number {
  return clamp01(1 - probabilityBBeatsA(a, b));
}

export interface AbDecision {
  /** Each arm's probability of being the better one (sums to 1). */
  probabilityBest: [number, number];
  /** Index of the winner once decided, else null. */
  winner: 0 | 1 | null;
  decidedBy: 'probability' | 'sample' | null;
}

/** Decided when one arm wins with P ≥ 0.95 (after a minimum of impressions each) or when both reached the decisive sample. */
export function decide(a: ArmCounts, b: ArmCounts): AbDecision {
  const pA = probabilityABeatsB(a, b);
  const probabilityBest: [number, number] = [pA, 1 - pA];
  const leader: 0 | 1 = pA >= 0.5 ? 0 : 1;
  const minImpressions = Math.min(a.impressions, b.impressions);
  if (minImpressions >= MIN_IMPRESSIONS_FOR_PROBABILITY && probabilityBest[leader] >= WIN_PROBABILITY) {
    return { probabilityBest, winner: leader, decidedBy: 'probability' };
  }
  if (minImpressions >= DECISIVE_SAMPLE) return { probabilityBest, winner: leader, decidedBy: 'sample' };
  return { probabilityBest, winner: null, decidedBy: null };
}

function normalApproximation(A: { alpha: number; beta: number }, B: { alpha: number; beta: number }): number {
  const mean = (p: { alpha: number; beta: number }) => p.alpha / (p.alpha + p.beta);
  const variance = (p: { alpha: number; beta: number }) => (p.alpha * p.beta) / ((p.alpha + p.beta) ** 2 * (p.alpha + p.beta + 1));
  const z = (mean(B) - mean(A)) / Math.sqrt(variance(A) + variance(B));
  return clamp01(normalCdf(z));
}

/** Φ(z), Abramowitz–Stegun 7.1.26 through erf (error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
