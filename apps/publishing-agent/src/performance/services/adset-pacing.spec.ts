import { evaluatePacing, findingKey, toCents } from './adset-pacing';

const base = { dailyBudgetCents: toCents(100), totalBudgetCents: toCents(1000), startDate: '2026-03-01', endDate: '2026-03-10' };
const spend = (entries: [string, number][]) => new Map(entries.map(([d, a]) => [d, toCents(a)]));

describe('ad set pacing rules', () => {
  it('finds nothing for spend on an even pace within the daily budget', () => {
    const r = evaluatePacing({
      ...base,
      spendByDay: spend([
        ['2026-03-01', 100],
        ['2026-03-02', 95],
        ['2026-03-03', 105 - 5],
      ]),
    });
    expect(r.findings).toEqual([]);
    expect(r.spentTotalCents).toBe(29_500);
    expect(r.expectedSpendCents).toBe(30_000);
    expect(r.paceRatio).toBeCloseTo(0.983, 3);
  });

  it('flags a day over its daily budget, with the day', () => {
    const r = evaluatePacing({
      ...base,
      spendByDay: spend([
        ['2026-03-01', 100],
        ['2026-03-02', 120.5],
      ]),
    });
    const daily = r.findings.filter((f) => f.kind === 'daily_overspend');
    expect(daily).toEqual([{ kind: 'daily_overspend', day: '2026-03-02', message: expect.stringContaining('120.50') }]);
    expect(findingKey(daily[0])).toBe('daily_overspend:2026-03-02');
  });

  it('flags overpacing above +20 % and underpacing below −20 % of the even pace, not within', () => {
    // Day 2 of 10: expected 200.
    expect(evaluatePacing({ ...base, spendByDay: spend([['2026-03-02', 241]]) }).findings.map((f) => f.kind)).toContain('overpacing');
    expect(
      evaluatePacing({
        ...base,
        spendByDay: spend([
          ['2026-03-02', 239],
          ['2026-03-01', 0.01],
        ]),
      }).findings.map((f) => f.kind),
    ).not.toContain('overpacing');
    const under = evaluatePacing({ ...base, spendByDay: spend([['2026-03-05', 90]]) });
    expect(under.findings.map((f) => f.kind)).toEqual(['underpacing']);
    expect(under.expectedSpendCents).toBe(50_000);
    expect(
      evaluatePacing({
        ...base,
        spendByDay: spend([
          ['2026-03-04', 100],
          ['2026-03-05', 100],
          ['2026-03-03', 100],
          ['2026-03-02', 101],
        ]),
      }).findings.map((f) => f.kind),
    ).toEqual(['daily_overspend']);
  });

  it('pauses when the total budget is exhausted (and stops judging the pace)', () => {
    const r = evaluatePacing({
      ...base,
      dailyBudgetCents: toCents(600),
      spendByDay: spend([
        ['2026-03-01', 500],
        ['2026-03-02', 500],
      ]),
    });
    expect(r.exhausted).toBe(true);
    expect(r.findings.map((f) => f.kind)).toEqual(['budget_exhausted']);
  });

  it('judges no pace without a flight', () => {
    const r = evaluatePacing({ ...base, startDate: null, endDate: null, spendByDay: spend([['2026-03-05', 10]]) });
    expect(r.paceRatio).toBeNull();
    expect(r.findings).toEqual([]);
  });
});
