import { afterEach, describe, expect, it } from 'vitest';
import { formatClock, formatDay, formatInstant, setDateLocale, viewerTimeZone, zoneDiffers } from './dates';

/** ADR 144: one formatter, the viewer's locale, the brand's zone named when it is not the viewer's. */
describe('dates: one way to write a date and a time', () => {
  afterEach(() => setDateLocale('en-GB'));

  it("writes days, instants and slot times in the viewer's locale, all in one style", () => {
    setDateLocale('en-US');
    expect(formatInstant('2026-12-02T16:08:00Z', 'UTC')).toBe(
      viewerTimeZone() === 'UTC' ? 'Wed, Dec 2, 04:08 PM' : expect.stringMatching(/^Wed, Dec 2, 04:08 PM /),
    );
    expect(formatDay('2026-12-02')).toBe('Wednesday, December 2, 2026');
    expect(formatClock('16:08')).toBe('04:08 PM');
    setDateLocale('en-GB');
    expect(formatDay('2026-12-02', { weekday: 'short', day: 'numeric', month: 'short' })).toBe('Wed 2 Dec');
    expect(formatClock('16:08')).toBe('16:08');
    setDateLocale('de-DE');
    expect(formatDay('2026-12-02', { weekday: 'short', day: 'numeric', month: 'short' })).toBe('Mi., 2. Dez.');
  });

  it("names the brand's zone only when the viewer's clock differs at that instant", () => {
    const here = viewerTimeZone();
    expect(zoneDiffers('2026-12-02T16:08:00Z', here)).toBe(false);
    expect(zoneDiffers('2026-12-02T16:08:00Z', undefined)).toBe(false);
    const elsewhere = here === 'Pacific/Kiritimati' ? 'America/Los_Angeles' : 'Pacific/Kiritimati';
    expect(zoneDiffers('2026-12-02T16:08:00Z', elsewhere)).toBe(true);
    // Kiritimati is UTC+14: 16:08 UTC is 06:08 the next day there, and the zone is said.
    if (elsewhere === 'Pacific/Kiritimati') expect(formatInstant('2026-12-02T16:08:00Z', elsewhere)).toBe('Thu 3 Dec, 06:08 GMT+14');
    expect(formatInstant('2026-12-02T16:08:00Z', here)).not.toMatch(/GMT|UTC/);
  });

  it('writes a dash for no date or a broken one, never "Invalid Date"', () => {
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('not a date')).toBe('—');
  });
});
