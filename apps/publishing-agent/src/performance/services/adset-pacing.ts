import type { PacingFlagKind } from '@mt/messages';

/**
 * Pacing rules of an ad set, pure so they can be tested alone. Money is in cents (integers): a
 * budget compared in floating point drifts by a cent at the worst moment.
 *
 * - daily_overspend: the day's spend is over the daily budget;
 * - overpacing / underpacing: total spend against an even pace through the flight (start to end,
 *   inclusive), more than 20 % off the expected spend by the latest day with spend;
 * - budget_exhausted: total spend reached the total budget (the ad set is paused).
 */
export const PACE_TOLERANCE = 0.2;

export interface PacingInput {
  dailyBudgetCents: number;
  totalBudgetCents: number;
  /** The flight: the ad set's own dates, else its campaign's (YYYY-MM-DD, inclusive). */
  startDate: string | null;
  endDate: string | null;
  /** Spend per day (cents). */
  spendByDay: ReadonlyMap<string, number>;
}

export interface PacingFinding {
  kind: PacingFlagKind;
  message: string;
  day?: string;
}

export interface PacingResult {
  spentTotalCents: number;
  lastSpendDate: string | null;
  lastDaySpendCents: number;
  expectedSpendCents: number | null;
  paceRatio: number | null;
  findings: PacingFinding[];
  exhausted: boolean;
}

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
export const money = (cents: number) => (cents / 100).toFixed(2);

export function evaluatePacing(input: PacingInput): PacingResult {
  const days = [...input.spendByDay.keys()].sort();
  const spentTotalCents = [...input.spendByDay.values()].reduce((a, b) => a + b, 0);
  const lastSpendDate = days.length ? days[days.length - 1] : null;
  const lastDaySpendCents = lastSpendDate ? (input.spendByDay.get(lastSpendDate) ?? 0) : 0;
  const findings: PacingFinding[] = [];

  for (const day of days) {
    const spent = input.spendByDay.get(day) ?? 0;
    if (spent > input.dailyBudgetCents) {
      findings.push({
        kind: 'daily_overspend',
        day,
        message: `Spent ${money(spent)} on ${day}, over the daily budget of ${money(input.dailyBudgetCents)}`,
      });
    }
  }

  let expectedSpendCents: number | null = null;
  let paceRatio: number | null = null;
  const exhausted = spentTotalCents >= input.totalBudgetCents;
  if (lastSpendDate && input.startDate && input.endDate && !exhausted) {
    const flight = dayNumber(input.endDate) - dayNumber(input.startDate) + 1;
    const elapsed = Math.min(flight, Math.max(0, dayNumber(lastSpendDate) - dayNumber(input.startDate) + 1));
    if (flight > 0 && elapsed > 0) {
      expectedSpendCents = Math.round((input.totalBudgetCents * elapsed) / flight);
      paceRatio = Math.round((spentTotalCents / expectedSpendCents) * 1000) / 1000;
      const pct = Math.round((paceRatio - 1) * 100);
      if (paceRatio > 1 + PACE_TOLERANCE) {
        findings.push({
          kind: 'overpacing',
          message: `Spent ${money(spentTotalCents)} by ${lastSpendDate}, ${pct} % ahead of an even pace (${money(expectedSpendCents)} by day ${elapsed} of ${flight})`,
        });
      } else if (paceRatio < 1 - PACE_TOLERANCE) {
        findings.push({
          kind: 'underpacing',
          message: `Spent ${money(spentTotalCents)} by ${lastSpendDate}, ${-pct} % behind an even pace (${money(expectedSpendCents)} by day ${elapsed} of ${flight})`,
        });
      }
    }
  }
  if (exhausted) {
    findings.push({
      kind: 'budget_exhausted',
      message: `Spent ${money(spentTotalCents)} of the total budget of ${money(input.totalBudgetCents)}: the ad set is paused`,
    });
  }
  return { spentTotalCents, lastSpendDate, lastDaySpendCents, expectedSpendCents, paceRatio, findings, exhausted };
}

/** A flag is "the same" across evaluations by its kind (and day, for daily flags): only new ones raise an alert. */
export function findingKey(f: { kind: PacingFlagKind; day?: string }): string {
  return f.day ? `${f.kind}:${f.day}` : f.kind;
}

export function toCents(amount: number | string): number {
  return Math.round(Number(amount) * 100);
}
