import { addDays, daysBetween, isoWeekday, localHour, offsetMs, safeTimeZone, toLocal, toUtc } from './zoned-time';

describe('zoned time', () => {
  it('keeps 09:00 local across the spring change in Europe/Berlin (UTC+1 → UTC+2 on 2026-03-29)', () => {
    expect(toUtc({ date: '2026-03-28', time: '09:00' }, 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(toUtc({ date: '2026-03-29', time: '09:00' }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(toUtc({ date: '2026-03-30', time: '09:00' }, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('moves a time in the spring gap forward (02:30 does not exist in Berlin on 2026-03-29)', () => {
    const t = toUtc({ date: '2026-03-29', time: '02:30' }, 'Europe/Berlin');
    expect(t.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toLocal(t, 'Europe/Berlin')).toEqual({ date: '2026-03-29', time: '03:30' });
  });

  it('takes the earlier of a time that happens twice (02:30 on 2026-10-25 in Berlin)', () => {
    expect(toUtc({ date: '2026-10-25', time: '02:30' }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(toUtc({ date: '2026-10-25', time: '09:00' }, 'Europe/Berlin').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('follows America/New_York over its own change dates (2026-03-08 and 2026-11-01)', () => {
    expect(toUtc({ date: '2026-03-07', time: '12:00' }, 'America/New_York').toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(toUtc({ date: '2026-03-08', time: '12:00' }, 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(toUtc({ date: '2026-03-08', time: '02:15' }, 'America/New_York').toISOString()).toBe('2026-03-08T07:15:00.000Z');
    expect(toUtc({ date: '2026-11-01', time: '01:30' }, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(toUtc({ date: '2026-11-02', time: '12:00' }, 'America/New_York').toISOString()).toBe('2026-11-02T17:00:00.000Z');
    // The week between the US and the EU changes: New York is 4 h behind Berlin instead of 6.
    expect(toUtc({ date: '2026-03-10', time: '09:00' }, 'America/New_York').toISOString()).toBe('2026-03-10T13:00:00.000Z');
  });

  it('round-trips every hour of a DST week, and handles zones with half-hour offsets', () => {
    for (let h = 0; h < 24; h++) {
      const time = `${String(h).padStart(2, '0')}:00`;
      if (time === '02:00') continue; // the gap
      const t = toUtc({ date: '2026-03-29', time }, 'Europe/Berlin');
      expect(toLocal(t, 'Europe/Berlin')).toEqual({ date: '2026-03-29', time });
      expect(localHour(t, 'Europe/Berlin')).toBe(h);
    }
    expect(toUtc({ date: '2026-01-15', time: '09:00' }, 'Asia/Kolkata').toISOString()).toBe('2026-01-15T03:30:00.000Z');
    expect(offsetMs(Date.parse('2026-07-01T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('does date arithmetic on calendar dates and falls back to UTC for unknown zones', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-03-02', '2026-03-15')).toBe(13);
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
  });
});
