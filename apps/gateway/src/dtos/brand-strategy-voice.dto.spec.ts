import { errorsOf, fieldsOf, validate } from '../http/testing/validation';
import { GenerateStrategyDto, UpdateStrategyDto } from './brand-strategy.dto';
import { VoiceFeedbackQuery, VoiceSamplesDto } from './voice.dto';

const edit = {
  valueProposition: 'Fresh single-origin coffee, roasted to order.',
  audiences: [{ name: 'Home baristas', needs: ['fresh beans'], platforms: ['mastodon'] }],
  pillars: [
    { name: 'Freshness', description: 'Why days matter', sharePercent: 60 },
    { name: 'Origins', description: 'The farms', sharePercent: 40 },
  ],
  goals: [{ name: 'Sign-ups', target: '500 by June' }],
};
const SAMPLE = 'We roast on Tuesdays so your beans arrive fresh.';

/** The brand strategy and voice DTOs (ADR 199), through the app's own strict pipe. */
describe('brand strategy and voice DTOs built from shapes', () => {
  it('takes a strategy job with no body, an empty one, or options, and passes them on trimmed', async () => {
    await expect(validate(undefined, GenerateStrategyDto)).resolves.toEqual({});
    await expect(validate({}, GenerateStrategyDto)).resolves.toEqual({});
    await expect(validate({ goals: ['  Grow sign-ups  '], competitorNotes: ' notes ', platforms: ['linkedin', 'x'] }, GenerateStrategyDto)).resolves.toEqual({
      goals: ['Grow sign-ups'],
      competitorNotes: 'notes',
      platforms: ['linkedin', 'x'],
    });
  });

  it('refuses a strategy job the gateway or brand-agent refused, naming the list for an item', async () => {
    expect(await fieldsOf({ platforms: ['myspace'] }, GenerateStrategyDto)).toEqual(['platforms']);
    expect(await errorsOf({ platforms: ['x', 'x'] }, GenerateStrategyDto)).toEqual([{ field: 'platforms', message: 'must not repeat a platform' }]);
    expect(await fieldsOf({ platforms: [] }, GenerateStrategyDto)).toEqual(['platforms']);
    // Longer than 200 as sent is refused even when trimming would shorten it; blank once trimmed is refused.
    expect(await fieldsOf({ goals: [` ${'g'.repeat(200)}`] }, GenerateStrategyDto)).toEqual(['goals']);
    expect(await fieldsOf({ goals: ['   '] }, GenerateStrategyDto)).toEqual(['goals']);
    expect(await fieldsOf({ goals: Array.from({ length: 11 }, () => 'g') }, GenerateStrategyDto)).toEqual(['goals']);
    expect(await fieldsOf({ goals: null, competitorNotes: 'c'.repeat(2001), extra: 1 }, GenerateStrategyDto)).toEqual(['goals', 'competitorNotes', 'extra']);
  });

  it('takes a strategy edit trimmed, leaving out what the edit leaves out', async () => {
    const out = await validate({ ...edit, valueProposition: `  ${edit.valueProposition}  `, positioning: null }, UpdateStrategyDto);
    expect(out).toEqual({ ...edit, positioning: null });
    expect(out).not.toHaveProperty('keyMessages');
  });

  it('names every bad field of a strategy edit, items that are objects by index', async () => {
    // No body at all is an empty one: the missing fields are named, as before.
    expect(await fieldsOf(undefined, UpdateStrategyDto)).toEqual(['valueProposition', 'audiences', 'pillars', 'goals']);
    expect(await errorsOf({ ...edit, pillars: [{ ...edit.pillars[0], sharePercent: 70 }, edit.pillars[1]] }, UpdateStrategyDto)).toEqual([
      { field: 'pillars', message: 'sharePercent values must add up to 100' },
    ]);
    expect(await errorsOf({ ...edit, pillars: [] }, UpdateStrategyDto)).toEqual([{ field: 'pillars', message: 'must be a list of 1 to 6 items' }]);
    // The sum is checked once every pillar is a good one.
    expect(await errorsOf({ ...edit, pillars: [{ ...edit.pillars[0], sharePercent: 101 }, edit.pillars[1]] }, UpdateStrategyDto)).toEqual([
      { field: 'pillars.0.sharePercent', message: 'must be a whole number from 0 to 100' },
    ]);
    expect(
      await fieldsOf(
        {
          ...edit,
          audiences: [{ ...edit.audiences[0], needs: ['', ''], platforms: ['myspace'], extra: 1 }],
          goals: [{ name: 'n' }],
          channelMix: [{ platform: 'linkedin', postsPerWeek: 22, rationale: 'r' }],
          keyMessages: null,
        },
        UpdateStrategyDto,
      ),
    ).toEqual(['audiences.0.needs', 'audiences.0.platforms', 'audiences.0.extra', 'goals.0.target', 'keyMessages', 'channelMix.0.postsPerWeek']);
    expect(await errorsOf({ ...edit, audiences: [{ ...edit.audiences[0], needs: ['', ''] }] }, UpdateStrategyDto)).toEqual([
      { field: 'audiences.0.needs', message: 'must be 1 to 200 characters' },
    ]);
    expect(await fieldsOf({ ...edit, valueProposition: `  ${'v'.repeat(8)}  ` }, UpdateStrategyDto)).toEqual(['valueProposition']);
    expect(await fieldsOf({ ...edit, valueProposition: ` ${'v'.repeat(400)}` }, UpdateStrategyDto)).toEqual(['valueProposition']);
  });

  it('takes voice samples trimmed and names the list for any bad sample, once', async () => {
    await expect(validate({ samples: [`  ${SAMPLE}  `] }, VoiceSamplesDto)).resolves.toEqual({ samples: [SAMPLE] });
    expect(await errorsOf({ samples: ['too short', 'also short', 5] }, VoiceSamplesDto)).toEqual([
      { field: 'samples', message: 'each sample must be 20 to 5000 characters' },
    ]);
    expect(await fieldsOf({ samples: [`${' '.repeat(5)}${'s'.repeat(19)}`] }, VoiceSamplesDto)).toEqual(['samples']);
    expect(await fieldsOf({ samples: [`${'s'.repeat(5000)} `] }, VoiceSamplesDto)).toEqual(['samples']);
    expect(await fieldsOf(undefined, VoiceSamplesDto)).toEqual(['samples']);
    expect(await fieldsOf({ samples: Array.from({ length: 51 }, () => SAMPLE), extra: 1 }, VoiceSamplesDto)).toEqual(['samples', 'extra']);
  });

  it('filters the voice feedback by kind on the list convention', async () => {
    await expect(validate({ kind: 'ab-winner', limit: '5' }, VoiceFeedbackQuery, 'query')).resolves.toEqual({ kind: 'ab-winner', limit: 5 });
    expect(await fieldsOf({ kind: 'nope', limit: '0' }, VoiceFeedbackQuery, 'query')).toEqual(['limit', 'kind']);
  });
});
