import { describe, expect, it } from 'vitest';
import { diffWords } from './diff';
import { monthGrid, startOfWeek, weekDays } from './dates';

describe('word diff (versions)', () => {
  it('marks the words added and removed between two versions', () => {
    expect(diffWords('Bright and floral beans', 'Bright, floral beans roasted today')).toEqual([
      { kind: 'removed', text: 'Bright and' },
      { kind: 'added', text: 'Bright,' },
      { kind: 'same', text: ' floral beans' },
      { kind: 'added', text: ' roasted today' },
    ]);
  });
  it('returns one unchanged run for equal texts', () => {
    expect(diffWords('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
  });
});

describe('calendar dates', () => {
  it('starts weeks on Monday and covers whole months', () => {
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(weekDays('2026-12-02')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    const grid = monthGrid('2026-12-15');
    expect(grid[0][0]).toBe('2026-11-30');
    expect(grid.at(-1)?.at(-1)).toBe('2027-01-03');
    expect(grid.flat()).toContain('2026-12-31');
  });
});
