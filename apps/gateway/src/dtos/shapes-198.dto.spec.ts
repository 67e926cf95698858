import { fieldsOf, validate } from '../http/testing/validation';
import { CalendarQueryDto, MoveEntryDto } from './calendar.dto';
import { AddToQueueDto, QueueSlotsDto, RemoveFromQueueQuery } from './queue.dto';
import { ListScheduleQuery, PublishingSettingsDto, PublishNowDto, ScheduleContentDto } from './schedule.dto';

const BRAND = '0b6f3c5e-4a1d-4f6e-9a57-3f2d1c0b9a88';
const OTHER = '9b2e4c1a-1d3f-4e5a-8b6c-7d8e9f0a1b2c';

/** The schedule, queue, calendar and publishing-settings DTOs (ADR 198), through the app's own strict pipe. */
describe('DTOs built from the shapes of ADR 198', () => {
  it('accepts what the routes accepted, a null list of connections and a missing body where every field is optional', async () => {
    await expect(validate({ at: '2026-03-29T07:00:00Z', connectionIds: [BRAND, OTHER] }, ScheduleContentDto)).resolves.toEqual({
      at: '2026-03-29T07:00:00Z',
      connectionIds: [BRAND, OTHER],
    });
    await expect(validate({ at: '2026-03-29T09:00:00.000+02:00', connectionIds: null }, ScheduleContentDto)).resolves.toMatchObject({
      at: '2026-03-29T09:00:00.000+02:00',
      connectionIds: undefined,
    });
    await expect(validate(undefined, PublishNowDto)).resolves.toEqual({ connectionIds: undefined });
    await expect(validate({ connectionIds: [BRAND] }, PublishNowDto)).resolves.toEqual({ connectionIds: [BRAND] });
    await expect(validate({ brandId: BRAND, from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00+02:00' }, ListScheduleQuery, 'query')).resolves.toEqual({
      brandId: BRAND,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00+02:00',
    });
    const settings = { autoApprove: true, timezone: 'Europe/Berlin', utm: { enabled: true, template: null }, shortenLinks: false };
    await expect(validate(settings, PublishingSettingsDto)).resolves.toEqual(settings);
    await expect(validate({ autoApprove: false, timezone: null, utm: null, shortenLinks: null }, PublishingSettingsDto)).resolves.toMatchObject({
      autoApprove: false,
      timezone: null,
      utm: undefined,
      shortenLinks: undefined,
    });
    const slots = [
      { weekday: 'mon', time: '09:00' },
      { weekday: 'sun', time: '23:59' },
    ];
    await expect(validate({ slots }, QueueSlotsDto)).resolves.toEqual({ slots });
    await expect(validate({ slots: [] }, QueueSlotsDto)).resolves.toEqual({ slots: [] });
    await expect(validate(undefined, AddToQueueDto)).resolves.toEqual({});
    await expect(validate({ connectionId: BRAND }, AddToQueueDto)).resolves.toEqual({ connectionId: BRAND });
    // Null is kept: with connectionId the controller answers "not both", as before.
    await expect(validate({ connectionId: BRAND, connectionIds: null }, AddToQueueDto)).resolves.toEqual({ connectionId: BRAND, connectionIds: null });
    await expect(validate({}, RemoveFromQueueQuery, 'query')).resolves.toEqual({});
    await expect(validate({ from: '2026-03-01', to: '2026-03-31' }, CalendarQueryDto, 'query')).resolves.toEqual({ from: '2026-03-01', to: '2026-03-31' });
    await expect(validate({ date: '2026-03-05', time: '10:30' }, MoveEntryDto)).resolves.toEqual({ date: '2026-03-05', time: '10:30' });
  });

  it('refuses a time without an offset, a day that does not exist and bad connection lists, naming the field', async () => {
    // publishing-agent refused a date without a time or offset anyway; the gateway says so first.
    for (const at of ['2026-03-29', '2026-03-29T07:00:00', '2026-02-30T07:00:00Z', 'tomorrow', 7])
      expect(await fieldsOf({ at }, ScheduleContentDto)).toEqual(['at']);
    const at = '2026-03-29T07:00:00Z';
    expect(await fieldsOf({ at, connectionIds: [] }, ScheduleContentDto)).toEqual(['connectionIds']);
    expect(await fieldsOf({ at, connectionIds: [BRAND, BRAND] }, ScheduleContentDto)).toEqual(['connectionIds']);
    expect(await fieldsOf({ at, connectionIds: ['nope'] }, ScheduleContentDto)).toEqual(['connectionIds']);
    expect(
      await fieldsOf({ at, connectionIds: Array.from({ length: 21 }, (_, i) => `${BRAND.slice(0, -2)}${String(i).padStart(2, '0')}`) }, ScheduleContentDto),
    ).toEqual(['connectionIds']);
    expect(await fieldsOf({ at, when: 'now' }, ScheduleContentDto)).toEqual(['when']);
    expect(await fieldsOf({ connectionIds: [] }, PublishNowDto)).toEqual(['connectionIds']);
    expect(await fieldsOf({ brandId: 'x', from: '2026-03-01' }, ListScheduleQuery, 'query')).toEqual(['brandId', 'from']);
    expect(await fieldsOf({ brandId: BRAND, limit: '5' }, ListScheduleQuery, 'query')).toEqual(['limit']);
  });

  it('refuses bad queue slots, repeats and more than 100, and a bad connection', async () => {
    expect(await fieldsOf({ slots: [{ weekday: 'monday', time: '9am' }] }, QueueSlotsDto)).toEqual(['slots.0.weekday', 'slots.0.time']);
    expect(await fieldsOf({ slots: [{ weekday: 'mon', time: '24:00' }] }, QueueSlotsDto)).toEqual(['slots.0.time']);
    expect(await fieldsOf({ slots: [{ weekday: 'mon', time: '09:00', note: 'x' }] }, QueueSlotsDto)).toEqual(['slots.0.note']);
    const repeat = { weekday: 'tue', time: '12:30' };
    expect(await fieldsOf({ slots: [repeat, repeat] }, QueueSlotsDto)).toEqual(['slots']);
    expect(
      await fieldsOf({ slots: Array.from({ length: 101 }, (_, i) => ({ weekday: 'mon', time: `${String(i % 24).padStart(2, '0')}:00` })) }, QueueSlotsDto),
    ).toEqual(['slots']);
    expect(await fieldsOf({}, QueueSlotsDto)).toEqual(['slots']);
    expect(await fieldsOf({ connectionId: 'x' }, AddToQueueDto)).toEqual(['connectionId']);
    expect(await fieldsOf({ connectionIds: [] }, AddToQueueDto)).toEqual(['connectionIds']);
    expect(await fieldsOf({ connectionId: 'x' }, RemoveFromQueueQuery, 'query')).toEqual(['connectionId']);
  });

  it('refuses bad publishing settings and calendar dates', async () => {
    expect(await fieldsOf({ timezone: 'Europe/Berlin' }, PublishingSettingsDto)).toEqual(['autoApprove']);
    expect(await fieldsOf({ autoApprove: true, timezone: 'Mars/Olympus' }, PublishingSettingsDto)).toEqual(['timezone']);
    expect(await fieldsOf({ autoApprove: true, timezone: '' }, PublishingSettingsDto)).toEqual(['timezone']);
    expect(await fieldsOf({ autoApprove: true, utm: { template: '' } }, PublishingSettingsDto)).toEqual(['utm.template']);
    expect(await fieldsOf({ autoApprove: true, utm: { enabled: true, source: 'x' } }, PublishingSettingsDto)).toEqual(['utm.source']);
    expect(await fieldsOf({ from: '2026-3-1', to: '2026-02-30' }, CalendarQueryDto, 'query')).toEqual(['from', 'to']);
    expect(await fieldsOf({ date: '2026-03-05T10:00:00Z' }, MoveEntryDto)).toEqual(['date']);
    expect(await fieldsOf({ date: '2026-03-05', time: '24:00' }, MoveEntryDto)).toEqual(['time']);
    expect(await fieldsOf({ date: '2026-03-05', time: null }, MoveEntryDto)).toEqual(['time']);
  });
});
