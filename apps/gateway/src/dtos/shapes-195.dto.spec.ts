import { UploadMediaFieldsShape } from '@mt/messages';
import type { ProblemError } from '../http/problem';
import { errorFieldsOf, errorsOf, validate } from '../http/testing/validation';
import { parsedByShape } from '../http/validation';
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
  it('accepts what the routes accepted and converts query numbers', async () => {
    await expect(validate({ altText: null, focus: { x: -1, y: 0.5 } }, UpdateMediaDto)).resolves.toEqual({ altText: null, focus: { x: -1, y: 0.5 } });
    await expect(validate({ limit: '5', brandId: BRAND, type: 'video' }, ListBrandMediaQuery, 'query')).resolves.toEqual({
      limit: 5,
      brandId: BRAND,
      type: 'video',
    });
    await expect(validate({ status: 'failed' }, JobListQueryDto, 'query')).resolves.toEqual({ status: 'failed' });
    await expect(validate({ variantIds: ['a', 'b'], connectionId: BRAND, at: '2026-11-24T09:00:00Z' }, CreateAbTestDto)).resolves.toMatchObject({
      at: '2026-11-24T09:00:00Z',
    });
    await expect(
      validate({ name: 'Retargeting', platform: 'linkedin', dailyBudget: 50, totalBudget: 700, startDate: null }, CreateAdSetDto),
    ).resolves.toMatchObject({ startDate: null });
    // The name is passed on trimmed, and a name of spaces is none (ADR 202).
    await expect(validate({ name: '  Retargeting ' }, UpdateAdSetDto)).resolves.toEqual({ name: 'Retargeting' });
    expect(await errorsOf({ name: '   ' }, UpdateAdSetDto)).toEqual([{ field: 'name', message: 'must be 1 to 120 characters' }]);
    await expect(validate({ amount: 42.5, date: '2026-12-02' }, RecordSpendDto)).resolves.toEqual({ amount: 42.5, date: '2026-12-02' });
    await expect(validate({ monthlyLimitUsd: null }, SetAiBudgetDto)).resolves.toEqual({ monthlyLimitUsd: null });
    await expect(validate({}, GenerateInsightsDto)).resolves.toEqual({});
    await expect(validate(undefined, GenerateInsightsDto)).resolves.toEqual({});
    // Every form @IsISO8601({ strict: true }) took: a date, an instant, a local time, an ordinal day.
    for (const from of ['2026-03-01', '2026-03-01T10:00:00.000+02:00', '2026-03-01T10:00', '2026-060'])
      await expect(validate({ brandId: BRAND, from }, AiUsageQuery, 'query')).resolves.toEqual({ brandId: BRAND, from });
  });

  it('names each bad field with the VALIDATION_FAILED problem', async () => {
    expect(await errorsOf({ focus: { x: 2, y: 0 } }, UpdateMediaDto)).toEqual([{ field: 'focus.x', message: 'must be a number from -1 to 1' }]);
    expect(await errorsOf({ focus: { x: 0, y: 0, z: 1 } }, UpdateMediaDto)).toEqual([{ field: 'focus.z', message: 'is not a known field' }]);
    expect(await errorsOf({ mediaIds: ['nope'] }, AttachMediaDto)).toEqual([{ field: 'mediaIds', message: 'must be a UUID' }]);
    expect(await errorFieldsOf({ variantIds: ['a'], connectionId: 'x' }, CreateAbTestDto)).toEqual(['variantIds', 'connectionId']);
    expect(await errorFieldsOf({ name: '', platform: 'myspace', dailyBudget: 0, totalBudget: 1e-7 }, CreateAdSetDto)).toEqual([
      'name',
      'platform',
      'dailyBudget',
      'totalBudget',
    ]);
    expect(await errorsOf({ platform: 'x' }, UpdateAdSetDto)).toEqual([{ field: 'platform', message: 'is not a known field' }]);
    expect(await errorFieldsOf({ amount: 1, date: '2026-02-30' }, RecordSpendDto)).toEqual(['date']);
    // A day as publishing-agent stores it (ADR 202): not a week date, however ISO 8601 allows it.
    expect(await errorsOf({ amount: 1, date: '2026-W50-1' }, RecordSpendDto)).toEqual([{ field: 'date', message: 'must be a date like 2026-12-02' }]);
    expect(await errorFieldsOf({ brandId: BRAND, days: 1.5 }, SimulateAnalyticsDto)).toEqual(['days']);
    expect(await errorFieldsOf({ periodDays: 0 }, GenerateInsightsDto)).toEqual(['periodDays']);
    expect(await errorFieldsOf({ brandId: BRAND, to: 'yesterday' }, AnalyticsOverviewQuery, 'query')).toEqual(['to']);
    expect((await errorFieldsOf({ brandId: BRAND, jobId: 'nope', limit: '0' }, AiLogsQuery, 'query')).sort()).toEqual(['jobId', 'limit']);
    expect(await errorFieldsOf({ status: 'done' }, JobListQueryDto, 'query')).toEqual(['status']);
    expect(await errorFieldsOf({ monthlyLimitUsd: 1_000_001 }, SetAiBudgetDto)).toEqual(['monthlyLimitUsd']);
  });

  it('reads an upload\'s form fields with UploadMediaFieldsShape: focus as "x,y", the JSON route\'s problem and words (ADR 210)', () => {
    const problemOf = (fields: Record<string, string>) => {
      try {
        parsedByShape(UploadMediaFieldsShape, fields);
      } catch (e) {
        const p = e as ProblemError;
        return { code: p.code, detail: p.message, errors: p.extra.errors };
      }
      throw new Error('expected a refusal');
    };
    expect(parsedByShape(UploadMediaFieldsShape, { altText: ' A cup ', focus: ' 0.2 , -0.4 ' })).toEqual({ altText: ' A cup ', focus: { x: 0.2, y: -0.4 } });
    expect(parsedByShape(UploadMediaFieldsShape, { focus: '  ' })).toEqual({ focus: undefined });
    expect(parsedByShape(UploadMediaFieldsShape, {})).toEqual({});
    expect(problemOf({ focus: '1,-1.5' })).toEqual({
      code: 'VALIDATION_FAILED',
      detail: 'focus.y: must be a number from -1 to 1',
      errors: [{ field: 'focus.y', message: 'must be a number from -1 to 1' }],
    });
    expect(problemOf({ focus: '0.5' }).errors).toEqual([{ field: 'focus', message: 'must be "x,y", each from -1 to 1' }]);
    expect(problemOf({ altText: 'a'.repeat(5001), colour: 'red' }).errors).toEqual([
      { field: 'altText', message: 'must be at most 5000 characters' },
      { field: 'colour', message: 'is not a known field' },
    ]);
  });
});
