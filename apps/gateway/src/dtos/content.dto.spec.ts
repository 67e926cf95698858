import { errorsOf, fieldsOf, validate } from '../http/testing/validation';
import { AdaptTargetsDto, SetContentTargetsDto } from './content-targets.dto';
import { GenerateContentDto, ListContentQuery, UpdateContentDto } from './content.dto';

/** The gateway's checks of the content and target routes through the app's strict pipe (ADR 197). */
describe('content DTOs built from the content shapes', () => {
  const brandId = '3f1c8b0e-7a52-4f7e-9a4f-0c7d2b1e6a11';
  const other = '9b2e4c1a-1d3f-4e5a-8b6c-7d8e9f0a1b2c';

  it('takes a brief or a calendar entry, 1 to 5 variants, and null where a field may be left out', async () => {
    const brief = { brandId, platform: 'x', brief: 'Announce our flat white' };
    await expect(validate(brief, GenerateContentDto)).resolves.toEqual(brief);
    await expect(validate({ brandId, platform: 'x', calendarEntryId: other }, GenerateContentDto)).resolves.toEqual({
      brandId,
      platform: 'x',
      calendarEntryId: other,
    });
    await expect(validate({ ...brief, calendarEntryId: null, variants: null }, GenerateContentDto)).resolves.toEqual({
      ...brief,
      calendarEntryId: null,
      variants: null,
    });
    // Untrimmed, as before: "  ab  " is six characters.
    expect(await fieldsOf({ ...brief, brief: '  ab  ' }, GenerateContentDto)).toEqual([]);
    expect(await errorsOf({ brandId, platform: 'x' }, GenerateContentDto)).toEqual([{ field: 'brief', message: 'give a brief or a calendarEntryId' }]);
    expect(await errorsOf({ brandId, platform: 'x', calendarEntryId: null, brief: '   ' }, GenerateContentDto)).toEqual([
      { field: 'brief', message: 'give a brief or a calendarEntryId' },
    ]);
    expect(await fieldsOf({ brandId, platform: 'x', calendarEntryId: other, brief: 'ab' }, GenerateContentDto)).toEqual(['brief']);
    for (const variants of [0, 6, 2.5, '2']) expect(await fieldsOf({ ...brief, variants }, GenerateContentDto)).toEqual(['variants']);
    expect(await fieldsOf({ brandId: 'x', platform: 'myspace', color: 'red' }, GenerateContentDto)).toEqual(['brandId', 'platform', 'color', 'brief']);
  });

  it('lists by brand, campaign, status and review, with the page convention', async () => {
    await expect(validate({ brandId, status: 'draft', awaiting: 'me', limit: '5' }, ListContentQuery, 'query')).resolves.toEqual({
      brandId,
      status: 'draft',
      awaiting: 'me',
      limit: 5,
    });
    expect(await fieldsOf({ brandId, status: 'gone', awaiting: 'you', campaignId: '', limit: '0' }, ListContentQuery, 'query')).toEqual([
      'limit',
      'campaignId',
      'status',
      'awaiting',
    ]);
  });

  it('edits a body and hashtags; null or no body at all changes nothing', async () => {
    await expect(validate(undefined, UpdateContentDto)).resolves.toEqual({});
    await expect(validate({ body: null, hashtags: null }, UpdateContentDto)).resolves.toEqual({ body: null, hashtags: null });
    // Letters with combining marks are one word; the agent folds a repeated tag (422).
    await expect(validate({ hashtags: ['#Cafe\u0301', 'a'.repeat(61), 'coffee', 'Coffee'] }, UpdateContentDto)).resolves.toBeDefined();
    for (const hashtags of [['two words'], ['##a'], ['#'], ['a'.repeat(62)], Array.from({ length: 31 }, () => 'a'), 'Coffee'])
      expect(await fieldsOf({ hashtags }, UpdateContentDto)).toEqual(['hashtags']);
    expect(await fieldsOf({ body: '', color: 'red' }, UpdateContentDto)).toEqual(['body', 'color']);
  });

  it('sets targets, each with its own text, media and time, and names the bad one by index', async () => {
    const target = { connectionId: brandId, body: null, mediaIds: null, at: null };
    await expect(validate({ targets: [target, { connectionId: other, at: '2027-03-29T07:00:00Z' }] }, SetContentTargetsDto)).resolves.toEqual({
      targets: [target, { connectionId: other, at: '2027-03-29T07:00:00Z' }],
    });
    await expect(validate({ targets: [] }, SetContentTargetsDto)).resolves.toEqual({ targets: [] });
    expect(
      await fieldsOf(
        {
          targets: [
            { connectionId: brandId, at: '2027-02-30T07:00:00Z' },
            { connectionId: 'x', mediaIds: ['y'], colour: 'red' },
          ],
        },
        SetContentTargetsDto,
      ),
    ).toEqual(['targets.0.at', 'targets.1.connectionId', 'targets.1.mediaIds', 'targets.1.colour']);
    expect(await fieldsOf({ targets: Array.from({ length: 21 }, () => ({ connectionId: brandId })) }, SetContentTargetsDto)).toEqual(['targets']);
    // A target's own text of spaces is refused here, as publishing-agent refused it (ADR 210); an empty one too.
    expect(
      await errorsOf({ targets: [{ connectionId: brandId }, { connectionId: other, body: '   ' }, { connectionId: brandId, body: '' }] }, SetContentTargetsDto),
    ).toEqual([
      { field: 'targets.1.body', message: 'must not be empty (leave it out to publish the content’s text)' },
      { field: 'targets.2.body', message: 'must not be empty (leave it out to publish the content’s text)' },
    ]);
    expect(await errorsOf({ targets: ['x'] }, SetContentTargetsDto)).toEqual([{ field: 'targets', message: 'each target must be an object' }]);
    expect(await fieldsOf({ targets: null }, SetContentTargetsDto)).toEqual(['targets']);
  });

  it('adapts every target when none is named, or when there is no body', async () => {
    await expect(validate(undefined, AdaptTargetsDto)).resolves.toEqual({});
    await expect(validate({ connectionIds: null }, AdaptTargetsDto)).resolves.toEqual({ connectionIds: null });
    await expect(validate({ connectionIds: [brandId] }, AdaptTargetsDto)).resolves.toEqual({ connectionIds: [brandId] });
    expect(await fieldsOf({ connectionIds: ['x'] }, AdaptTargetsDto)).toEqual(['connectionIds']);
    expect(await fieldsOf({ connectionIds: Array.from({ length: 21 }, () => brandId) }, AdaptTargetsDto)).toEqual(['connectionIds']);
  });
});
