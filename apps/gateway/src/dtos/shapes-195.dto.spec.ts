import type { ArgumentMetadata } from '@nestjs/common';
import { strictValidationPipe } from '../http/validation';
import { CreateAbTestDto } from './abtests.dto';
import { CreateAdSetDto, RecordSpendDto, UpdateAdSetDto } from './adsets.dto';
import { AiLogsQuery, AiUsageQuery, SetAiBudgetDto } from './ai-usage.dto';
import { AnalyticsOverviewQuery, SimulateAnalyticsDto } from './analytics.dto';
import { GenerateInsightsDto } from './insights.dto';
import { JobListQueryDto } from './job.dto';
import { AttachMediaDto, ListBrandMediaQuery, UpdateMediaDto } from './media.dto';

const BRAND = '0b6f3c5e-4a1d-4f6e-9a57-3f2d1c0b9a88';

/** The media, A/B test, ad set, analytics, insight, AI usage and job DTOs (ADR 195), through the app's own strict pipe. */
describe('DTOs built from the shapes of ADR 195', () => {
  const pipe = strictValidationPipe();
  const parse = (value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'body') => pipe.transform(value, { type, metatype });
  const fieldsOf = async (value: unknown, metatype: ArgumentMetadata['metatype'], type: ArgumentMetadata['type'] = 'body') => {
    try {
      await parse(value, metatype, type);
      return [];
    } catch (e) {
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED' });
      return (e as { extra: { errors: { field: string; message: string }[] } }).extra.errors;
    }
  };

  it('accepts what the routes accepted and converts query numbers', async () => {
    await expect(parse({ altText: null, focus: { x: -1, y: 0.5 } }, UpdateMediaDto)).resolves.toEqual({ altText: null, focus: { x: -1, y: 0.5 } });
    await expect(parse({ limit: '5', brandId: BRAND, type: 'video' }, ListBrandMediaQuery, 'query')).resolves.toEqual({
      limit: 5,
      brandId: BRAND,
      type: 'video',
    });
    await expect(parse({ status: 'failed' }, JobListQueryDto, 'query')).resolves.toEqual({ status: 'failed' });
    await expect(parse({ variantIds: ['a', 'b'], connectionId: BRAND, at: '2026-11-24T09:00:00Z' }, CreateAbTestDto)).resolves.toMatchObject({
      at: '2026-11-24T09:00:00Z',
    });
    await expect(
      parse({ name: 'Retargeting', platform: 'linkedin', dailyBudget: 50, totalBudget: 700, startDate: null }, CreateAdSetDto),
    ).resolves.toMatchObject({ startDate: null });
    await expect(parse({ amount: 42.5, date: '2026-12-02' }, RecordSpendDto)).resolves.toEqual({ amount: 42.5, date: '2026-12-02' });
    await expect(parse({ monthlyLimitUsd: null }, SetAiBudgetDto)).resolves.toEqual({ monthlyLimitUsd: null });
    await expect(parse({}, GenerateInsightsDto)).resolves.toEqual({});
    await expect(parse(undefined, GenerateInsightsDto)).resolves.toEqual({});
    // Every form @IsISO8601({ strict: true }) took: a date, an instant, a local time, an ordinal day.
    for (const from of ['2026-03-01', '2026-03-01T10:00:00.000+02:00', '2026-03-01T10:00', '2026-060'])
      await expect(parse({ brandId: BRAND, from }, AiUsageQuery, 'query')).resolves.toEqual({ brandId: BRAND, from });
  });

  it('names each bad field with the VALIDATION_FAILED problem', async () => {
    expect(await fieldsOf({ focus: { x: 2, y: 0 } }, UpdateMediaDto)).toEqual([{ field: 'focus.x', message: 'must be a number from -1 to 1' }]);
    expect(await fieldsOf({ focus: { x: 0, y: 0, z: 1 } }, UpdateMediaDto)).toEqual([{ field: 'focus.z', message: 'is not a known field' }]);
    expect(await fieldsOf({ mediaIds: ['nope'] }, AttachMediaDto)).toEqual([{ field: 'mediaIds', message: 'must be a UUID' }]);
    expect((await fieldsOf({ variantIds: ['a'], connectionId: 'x' }, CreateAbTestDto)).map((e) => e.field)).toEqual(['variantIds', 'connectionId']);
    expect((await fieldsOf({ name: '', platform: 'myspace', dailyBudget: 0, totalBudget: 1e-7 }, CreateAdSetDto)).map((e) => e.field)).toEqual([
      'name',
      'platform',
      'dailyBudget',
      'totalBudget',
    ]);
    expect(await fieldsOf({ platform: 'x' }, UpdateAdSetDto)).toEqual([{ field: 'platform', message: 'is not a known field' }]);
    expect((await fieldsOf({ amount: 1, date: '2026-02-30' }, RecordSpendDto)).map((e) => e.field)).toEqual(['date']);
    expect((await fieldsOf({ brandId: BRAND, days: 1.5 }, SimulateAnalyticsDto)).map((e) => e.field)).toEqual(['days']);
    expect((await fieldsOf({ periodDays: 0 }, GenerateInsightsDto)).map((e) => e.field)).toEqual(['periodDays']);
    expect((await fieldsOf({ brandId: BRAND, to: 'yesterday' }, AnalyticsOverviewQuery, 'query')).map((e) => e.field)).toEqual(['to']);
    expect((await fieldsOf({ brandId: BRAND, jobId: 'nope', limit: '0' }, AiLogsQuery, 'query')).map((e) => e.field).sort()).toEqual(['jobId', 'limit']);
    expect((await fieldsOf({ status: 'done' }, JobListQueryDto, 'query')).map((e) => e.field)).toEqual(['status']);
    expect((await fieldsOf({ monthlyLimitUsd: 1_000_001 }, SetAiBudgetDto)).map((e) => e.field)).toEqual(['monthlyLimitUsd']);
  });
});
