import { backoffMs } from './scheduler-backoff';

describe('backoffMs', () => {
  it('doubles per attempt within [half, full] of the step', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(4000);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
