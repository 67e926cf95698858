import { isTimeZone as isValidTimezone, offsetMs, toLocalIso, toUtc } from './zoned-time';

const zonedToUtc = (date: string, time: string, timeZone: string) => toUtc({ date, time }, timeZone);
const offsetMinutes = (at: Date, timeZone: string) => Math.round(offsetMs(at.getTime(), timeZone) / 60_000);

describe('schedule times across daylight-saving changes', () => {
  it('keeps 09:00 Berlin at 09:00 local on both sides of the spring change (2026-03-29)', () => {
    const saturday = zonedToUtc('2026-03-28', '09:00', 'Europe/Berlin');
    const sunday = zonedToUtc('2026-03-29', '09:00', 'Europe/Berlin');
    expect(saturday.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(sunday.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(toLocalIso(saturday, 'Europe/Berlin')).toBe('2026-03-28T09:00:00+01:00');
    expect(toLocalIso(sunday, 'Europe/Berlin')).toBe('2026-03-29T09:00:00+02:00');
    // 24 hours of wall clock are 23 hours of real time that night.
    expect(sunday.getTime() - saturday.getTime()).toBe(23 * 3_600_000);
  });

  it('keeps 09:00 New York at 09:00 local across the autumn change (2026-11-01)', () => {
    const before = zonedToUtc('2026-10-31', '09:00', 'America/New_York');
    const after = zonedToUtc('2026-11-01', '09:00', 'America/New_York');
    expect(before.toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(after.toISOString()).toBe('2026-11-01T14:00:00.000Z');
    expect(toLocalIso(after, 'America/New_York')).toBe('2026-11-01T09:00:00-05:00');
  });

  it('moves a time inside the spring gap forward, and takes the first of a repeated time', () => {
    // 02:30 does not exist in Berlin on 2026-03-29: a wall clock shows 03:30 an hour after 01:30.
    expect(toLocalIso(zonedToUtc('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    // 02:30 happens twice on 2026-10-25: the first one is still summer time.
    expect(zonedToUtc('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('shows zones with half-hour offsets and UTC', () => {
    const at = new Date('2026-06-01T12:00:00Z');
    expect(toLocalIso(at, 'Asia/Kolkata')).toBe('2026-06-01T17:30:00+05:30');
    expect(toLocalIso(at, 'UTC')).toBe('2026-06-01T12:00:00+00:00');
    expect(offsetMinutes(at, 'America/St_Johns')).toBe(-150);
  });

  it('recognises IANA zone names', () => {
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
  });
});
