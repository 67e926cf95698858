import { bracketed, checkedByShape, SetContentTargetsShape } from '@mt/messages';
import type { MediaRow } from '../repositories/media.repository';
import { duplicateProblems, targetHashtags, targetMediaProblems, targetText, textProblems } from './target-rules';

const row = (over: Partial<MediaRow>): MediaRow => ({
  id: 'm',
  brandId: 'b',
  kind: 'image',
  mimeType: 'image/png',
  fileName: 'beans.png',
  bytes: 200_000,
  width: 800,
  height: 600,
  durationS: null,
  frameRate: null,
  codec: null,
  altText: 'Green coffee beans',
  focus: null,
  storageKey: 'b/m',
  createdAt: new Date(),
  createdKey: 'k',
  ...over,
});
const target = (platform: string, body: string | null = null, mediaIds: string[] | null = null) => ({
  connectionId: `c-${platform}`,
  platform,
  body,
  mediaIds,
});

describe('compose-once target rules (ADR 186)', () => {
  it('gives each target the content’s hashtags its platform takes', () => {
    const tags = ['Coffee', 'Ethiopia', 'Roastery', 'Brewing', 'Beans'];
    expect(targetHashtags('threads', tags)).toEqual(['Coffee']);
    expect(targetHashtags('x', tags)).toEqual(['Coffee', 'Ethiopia']);
    expect(targetHashtags('linkedin', tags)).toEqual(tags);
    expect(targetText({ body: 'Master', hashtags: tags }, { platform: 'x', body: null })).toEqual({ body: 'Master', hashtags: ['Coffee', 'Ethiopia'] });
    expect(targetText({ body: 'Master', hashtags: tags }, { platform: 'x', body: 'Own' })).toEqual({ body: 'Own', hashtags: ['Coffee', 'Ethiopia'] });
  });

  it('names a connection given twice at its second place', () => {
    expect(duplicateProblems([{ connectionId: 'a' }, { connectionId: 'b' }])).toEqual([]);
    expect(duplicateProblems([{ connectionId: 'a' }, { connectionId: 'b' }, { connectionId: 'a' }])).toEqual([
      { field: 'targets[2].connectionId', message: 'names connection a a second time; a connection is one target' },
    ]);
  });

  it('checks each target’s text (its own or the content’s) with its hashtags against its platform’s limit', () => {
    const master = 'A'.repeat(290);
    // 290 characters fit LinkedIn and Mastodon, not X; an own shorter text fits X.
    expect(textProblems([target('linkedin'), target('mastodon'), target('x', 'Short for X')], master, [])).toEqual([]);
    expect(textProblems([target('linkedin'), target('x')], master, [])).toEqual([
      {
        field: 'targets[1].body',
        message: 'The content’s text is 290 characters with its hashtags; X allows 280. Give this target its own shorter text.',
      },
    ]);
    // The hashtags count: 270 + "\n\n#Coffee #Beans" is 286 on X.
    expect(textProblems([target('x', 'B'.repeat(270))], '', ['Coffee', 'Beans'])[0]?.message).toBe(
      'This text is 286 characters with its hashtags; X allows 280.',
    );
    // Bluesky counts graphemes: 300 emoji fit, 301 do not.
    expect(textProblems([target('bluesky', '☕'.repeat(300))], '', [])).toEqual([]);
    expect(textProblems([target('bluesky', '☕'.repeat(301))], '', [])[0]?.message).toBe('This text is 301 graphemes with its hashtags; Bluesky allows 300.');
    // X counts a link as 23 characters however long it is.
    expect(textProblems([target('x', `${'C'.repeat(250)} https://example.com/${'p'.repeat(100)}`)], '', [])).toEqual([]);
    expect(textProblems([target('x', '   ')], 'Master', [])).toEqual([]);
    // A text of spaces is the shape's refusal (ADR 210), applied by TargetsService.set as the gateway applies it.
    const connectionId = '3f1c8b0e-7a52-4f7e-9a4f-0c7d2b1e6a11';
    let blank: unknown;
    try {
      checkedByShape(SetContentTargetsShape, { targets: [{ connectionId }, { connectionId, body: '   ' }] }, bracketed);
    } catch (e) {
      blank = (e as { details: { errors: unknown } }).details.errors;
    }
    expect(blank).toEqual([{ field: 'targets[1].body', message: 'must not be empty (leave it out to publish the content’s text)' }]);
  });

  it('checks each target’s media (its own selection or the content’s) against its platform, in the platform’s words', () => {
    const video = row({ id: 'v', kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 20, altText: null });
    const image = row({ id: 'i' });
    const byId = new Map([video, image].map((m) => [m.id, m]));
    // The content carries a video: Mastodon takes it; Bluesky (no video from this app) does not, unless the target picks the image.
    expect(targetMediaProblems([target('mastodon'), target('bluesky', null, ['i'])], [video], byId)).toEqual([]);
    expect(targetMediaProblems([target('mastodon'), target('bluesky')], [video], byId)).toEqual([
      { field: 'targets[1].mediaIds', message: 'Bluesky posts from this app carry no videos yet.' },
    ]);
    // A target may carry no media at all where the content has some.
    expect(targetMediaProblems([target('webhook', null, [])], [video], byId)).toEqual([]);
    expect(targetMediaProblems([target('webhook', null, ['i'])], [], byId)).toEqual([
      { field: 'targets[0].mediaIds', message: 'Webhook posts from this app carry text only.' },
    ]);
  });
});
