import { abSlots, defaultFirstSlot, sameLocalTimeNextWeek } from './abtest-slots';

describe('A/B test slots', () => {
  it('starts at the next full hour at least an hour ahead', () => {
    expect(defaultFirstSlot(new Date('2026-11-23T14:20:00Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(defaultFirstSlot(new Date('2026-11-23T14:00:00Z')).toISOString()).toBe('2026-11-23T15:00:00.000Z');
  });

  it('puts the second slot a week later at the same local time, across a daylight-saving change', () => {
    // Paris leaves summer time on 2026-10-25: 09:30 local is 07:30Z before and 08:30Z after.
    expect(sameLocalTimeNextWeek(new Date('2026-10-21T07:30:00Z'), 'Europe/Paris').toISOString()).toBe('2026-10-28T08:30:00.000Z');
    expect(sameLocalTimeNextWeek(new Date('2026-11-02T09:00:00Z'), 'UTC').toISOString()).toBe('2026-11-09T09:00:00.000Z');
  });

  it('draws which variant goes first from the test id, both ways', () => {
    const first = new Date('2026-11-24T10:00:00Z');
    const even = abSlots('00000000-0000-4000-8000-000000000002', first, 'UTC');
    const odd = abSlots('00000000-0000-4000-8000-000000000003', first, 'UTC');
    expect(even.A.toISOString()).toBe(first.toISOString());
    expect(odd.B.toISOString()).toBe(first.toISOString());
    expect(odd.A.getTime() - odd.B.getTime()).toBe(7 * 86_400_000);
  });
});
