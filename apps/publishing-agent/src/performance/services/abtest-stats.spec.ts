import { decide, logGamma, normalCdf, posterior, probabilityABeatsB, probabilityBBeatsA } from './abtest-stats';

/** A seeded Monte Carlo estimate, to check the closed form away from the hand-computed cases. */
function monteCarlo(a: { impressions: number; engagements: number }, b: { impressions: number; engagements: number }, draws = 200_000): number {
  let s = 0x2545f491;
  const uniform = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  // Marsaglia–Tsang gamma sampler (shape ≥ 1 here).
  const gamma = (k: number) => {
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (p: { alpha: number; beta: number }) => {
    const x = gamma(p.alpha);
    return x / (x + gamma(p.beta));
  };
  const A = posterior(a);
  const B = posterior(b);
  let wins = 0;
  for (let i = 0; i < draws; i++) if (beta(A) > beta(B)) wins++;
  return wins / draws;
}

describe('beta-binomial A/B probability', () => {
  it('computes ln Γ accurately', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it('matches hand-integrated cases', () => {
    // No data at all: Beta(1,1) against Beta(1,1).
    expect(probabilityABeatsB({ impressions: 0, engagements: 0 }, { impressions: 0, engagements: 0 })).toBeCloseTo(0.5, 10);
    // Beta(2,1) vs Beta(1,1): ∫ 2x · x dx = 2/3.
    expect(probabilityABeatsB({ impressions: 1, engagements: 1 }, { impressions: 0, engagements: 0 })).toBeCloseTo(2 / 3, 10);
    // Beta(2,1) vs Beta(1,2): ∫ 2x · (1 − (1 − x)²) dx = 5/6.
    expect(probabilityABeatsB({ impressions: 1, engagements: 1 }, { impressions: 1, engagements: 0 })).toBeCloseTo(5 / 6, 10);
  });

  it('is symmetric: P(A > B) + P(B > A) = 1', () => {
    const a = { impressions: 340, engagements: 17 };
    const b = { impressions: 410, engagements: 29 };
    expect(probabilityABeatsB(a, b) + probabilityABeatsB(b, a)).toBeCloseTo(1, 9);
    expect(probabilityBBeatsA(a, b)).toBeCloseTo(probabilityABeatsB(b, a), 9);
  });

  it('agrees with a fixed-seed Monte Carlo estimate on realistic counts', () => {
    const a = { impressions: 1000, engagements: 40 };
    const b = { impressions: 1000, engagements: 55 };
    const exact = probabilityBBeatsA(a, b);
    expect(exact).toBeGreaterThan(0.9);
    expect(exact).toBeLessThan(0.97);
    expect(Math.abs(exact - monteCarlo(b, a, 100_000))).toBeLessThan(0.005);
  });

  it('switches to the normal approximation for huge counts without losing accuracy', () => {
    const a = { impressions: 5_000_000, engagements: 250_000 };
    const b = { impressions: 5_000_000, engagements: 251_000 };
    const p = probabilityBBeatsA(a, b);
    // z = 1000 / sqrt(2 · n · p(1 − p)) ≈ 2.052
    expect(p).toBeCloseTo(normalCdf(1000 / Math.sqrt(2 * 5_000_000 * 0.05 * 0.95)), 3);
  });

  it('decides on probability only after a minimum sample, or on the decisive sample', () => {
    expect(decide({ impressions: 20, engagements: 10 }, { impressions: 20, engagements: 0 }).winner).toBeNull();
    const clear = decide({ impressions: 2000, engagements: 60 }, { impressions: 2000, engagements: 120 });
    expect(clear).toMatchObject({ winner: 1, decidedBy: 'probability' });
    expect(clear.probabilityBest[1]).toBeGreaterThan(0.99);
    const close = decide({ impressions: 12_000, engagements: 600 }, { impressions: 12_000, engagements: 605 });
    expect(close).toMatchObject({ winner: 1, decidedBy: 'sample' });
    expect(close.probabilityBest[0] + close.probabilityBest[1]).toBeCloseTo(1, 9);
  });
});
