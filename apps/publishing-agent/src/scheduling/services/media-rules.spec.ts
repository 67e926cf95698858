import type { MediaRow } from '../repositories/media.repository';
import { mediaProblems } from './media-rules';

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
const messages = (platform: Parameters<typeof mediaProblems>[0], media: MediaRow[]) => mediaProblems(platform, media).map((p) => p.message);

describe('mediaProblems for X, LinkedIn and WordPress (ADR 167)', () => {
  it('takes what each platform takes', () => {
    expect(messages('x', [row({}), row({ mimeType: 'image/webp', fileName: 'b.webp' })])).toEqual([]);
    expect(messages('linkedin', [row({}), row({ mimeType: 'image/gif', fileName: 'b.gif' })])).toEqual([]);
    expect(messages('wordpress', [row({}), row({ kind: 'video', mimeType: 'video/webm', fileName: 'pour.webm', altText: null, durationS: 600 })])).toEqual([]);
  });

  it("refuses, in the platform's words, what its documented limits refuse", () => {
    expect(
      messages(
        'x',
        [1, 2, 3, 4, 5].map((n) => row({ id: `m${n}` })),
      ),
    ).toEqual(['X takes at most 4 images in a post.']);
    expect(messages('x', [row({ kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 200, altText: null })])).toEqual([
      'pour.mp4 runs 200 s; X takes videos up to 140 s.',
    ]);
    expect(messages('x', [row({}), row({ kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 20 })])).toContain(
      'X takes either images or one video in a post, not both.',
    );
    expect(messages('linkedin', [row({ mimeType: 'image/webp', fileName: 'b.webp' })])).toEqual([
      'LinkedIn does not take image/webp (b.webp); it takes image/jpeg, image/png, image/gif.',
    ]);
    expect(messages('wordpress', [row({ altText: null })])).toEqual(['beans.png needs alt text: WordPress shows it to people who cannot see the image.']);
    expect(messages('x', [row({ bytes: 6 * 1024 * 1024 })])).toEqual(['beans.png is 6.0 MB; X takes images up to 5.0 MB.']);
  });

  it('still refuses media on channels that send text only', () => {
    expect(messages('medium', [row({})])).toEqual(['Medium posts from this app carry text only.']);
  });
});

describe('mediaProblems for Facebook Pages (ADR 175)', () => {
  it('takes up to 10 photos, or one video, without alt text', () => {
    expect(
      messages(
        'facebook',
        [1, 2, 3].map((n) => row({ id: `m${n}`, altText: null })),
      ),
    ).toEqual([]);
    expect(messages('facebook', [row({ kind: 'video', mimeType: 'video/quicktime', fileName: 'pour.mov', altText: null, durationS: 600 })])).toEqual([]);
  });

  it("refuses, in Facebook's documented limits, what a Page post cannot carry", () => {
    expect(
      messages(
        'facebook',
        Array.from({ length: 11 }, (_, n) => row({ id: `m${n}` })),
      ),
    ).toEqual(['Facebook takes at most 10 images in a post.']);
    expect(messages('facebook', [row({ bytes: 5 * 1024 * 1024, fileName: 'big.png' })])).toEqual(['big.png is 5.0 MB; Facebook takes images up to 4.0 MB.']);
    expect(messages('facebook', [row({ mimeType: 'image/webp', fileName: 'b.webp' })])).toEqual([
      'Facebook does not take image/webp (b.webp); it takes image/jpeg, image/png, image/gif.',
    ]);
    expect(messages('facebook', [row({}), row({ id: 'v', kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 30 })])).toEqual([
      'Facebook takes either images or one video in a post, not both.',
    ]);
    expect(messages('facebook', [row({ kind: 'video', mimeType: 'video/mp4', fileName: 'long.mp4', durationS: 1500 })])).toEqual([
      'long.mp4 runs 1500 s; Facebook takes videos up to 1200 s.',
    ]);
  });
});

describe('mediaProblems for Pinterest and YouTube (ADR 179, ADR 180)', () => {
  const video = (over: Partial<MediaRow> = {}) => row({ kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', altText: null, durationS: 30, ...over });

  it('takes a Pin of one to five JPEG or PNG images or one video, and a YouTube post of one video', () => {
    expect(messages('pinterest', [row({})])).toEqual([]);
    expect(
      messages(
        'pinterest',
        [1, 2, 3, 4, 5].map((n) => row({ id: `m${n}`, altText: null })),
      ),
    ).toEqual([]);
    expect(messages('youtube', [video({ mimeType: 'video/quicktime', fileName: 'pour.mov', durationS: 3600 })])).toEqual([]);
  });

  it('refuses a post without the media the platform needs, in words that say what to attach', () => {
    expect(messages('youtube', [])).toEqual(['YouTube posts need a video.']);
    expect(messages('youtube', [row({})])).toEqual(['YouTube posts need a video.']);
    expect(messages('pinterest', [])).toEqual(['Pinterest posts need an image or a video.']);
  });

  it("refuses, in the platform's documented limits, what a Pin or a video cannot carry", () => {
    expect(messages('pinterest', [row({ mimeType: 'image/webp', fileName: 'b.webp' })])).toEqual([
      'Pinterest does not take image/webp (b.webp); it takes image/jpeg, image/png.',
    ]);
    expect(messages('pinterest', [row({ bytes: 21 * 1024 * 1024, fileName: 'big.png' })])).toEqual([
      'big.png is 21.0 MB; Pinterest takes images up to 20.0 MB.',
    ]);
    expect(
      messages(
        'pinterest',
        [1, 2, 3, 4, 5, 6].map((n) => row({ id: `m${n}` })),
      ),
    ).toEqual(['Pinterest takes at most 5 images in a post.']);
    expect(messages('pinterest', [row({}), video()])).toEqual(['Pinterest takes either images or one video in a post, not both.']);
    expect(messages('pinterest', [video({ durationS: 2.5, fileName: 'blink.mp4' })])).toEqual([
      'blink.mp4 runs 2.5 s; Pinterest takes videos of at least 4 s.',
    ]);
    expect(messages('pinterest', [video({ width: 1920, height: 800, fileName: 'wide.mp4' })])).toEqual([
      'wide.mp4 is 1920×800; Pinterest takes videos from 1:2 (portrait) to 1.91:1 (landscape).',
    ]);
    expect(messages('pinterest', [video({ width: 1080, height: 1920 })])).toEqual([]);
    expect(messages('youtube', [video(), video({ id: 'm2' })])).toEqual(['YouTube takes at most 1 video in a post.']);
    expect(messages('youtube', [video({ durationS: 13 * 3600, fileName: 'stream.mp4' })])).toEqual([
      'stream.mp4 runs 46800 s; YouTube takes videos up to 43200 s.',
    ]);
  });
});

describe('mediaProblems for Instagram (ADR 176)', () => {
  const jpeg = (over: Partial<MediaRow> = {}) => row({ mimeType: 'image/jpeg', fileName: 'beans.jpg', width: 1080, height: 1350, altText: null, ...over });

  it('takes a JPEG from 4:5 to 1.91:1, a carousel of up to 10, or one reel', () => {
    expect(messages('instagram', [jpeg()])).toEqual([]);
    expect(messages('instagram', [jpeg({ width: 1440, height: 754 })])).toEqual([]);
    expect(
      messages(
        'instagram',
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => jpeg({ id: `m${n}` })),
      ),
    ).toEqual([]);
    expect(messages('instagram', [row({ kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 45, altText: null })])).toEqual([]);
  });

  it('takes a PNG or WebP too: it goes to Instagram as JPEG (ADR 187)', () => {
    expect(messages('instagram', [jpeg({ mimeType: 'image/png', fileName: 'b.png' })])).toEqual([]);
    expect(messages('instagram', [jpeg({ mimeType: 'image/webp', fileName: 'b.webp' }), jpeg({ id: 'm2' })])).toEqual([]);
  });

  it("refuses, in Instagram's documented limits, a post without media and what a post cannot carry", () => {
    expect(messages('instagram', [])).toEqual(['Instagram posts need an image or a video.']);
    expect(messages('x', [])).toEqual([]);
    expect(messages('instagram', [jpeg({ width: 1080, height: 1920, fileName: 'story.jpg' })])).toEqual([
      'story.jpg is 1080×1920; Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape).',
    ]);
    expect(messages('instagram', [jpeg({ mimeType: 'image/gif', fileName: 'b.gif' })])).toEqual([
      'Instagram does not take image/gif (b.gif); it takes image/jpeg, image/png, image/webp.',
    ]);
    expect(messages('instagram', [jpeg({ bytes: 9 * 1024 * 1024 })])).toEqual(['beans.jpg is 9.0 MB; Instagram takes images up to 8.0 MB.']);
    expect(
      messages(
        'instagram',
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => jpeg({ id: `m${n}` })),
      ),
    ).toEqual(['Instagram takes at most 10 images in a post.']);
    expect(messages('instagram', [jpeg(), row({ id: 'v', kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', durationS: 30 })])).toContain(
      'Instagram takes either images or one video in a post, not both.',
    );
    expect(messages('instagram', [row({ kind: 'video', mimeType: 'video/mp4', fileName: 'long.mp4', durationS: 1000, altText: null })])).toEqual([
      'long.mp4 runs 1000 s; Instagram takes videos up to 900 s.',
    ]);
  });
});

describe('mediaProblems for frame rates and pixels a side (ADR 203)', () => {
  const clip = (over: Partial<MediaRow> = {}) =>
    row({ kind: 'video', mimeType: 'video/mp4', fileName: 'pour.mp4', width: 1080, height: 1920, durationS: 30, frameRate: 30, altText: null, ...over });

  it('takes TikTok videos of 23 to 60 frames per second and 360 to 4096 px a side, the bounds included', () => {
    for (const frameRate of [23, 23.976, 29.97, 30, 59.94, 60]) expect(messages('tiktok', [clip({ frameRate })])).toEqual([]);
    expect(messages('tiktok', [clip({ width: 360, height: 640 })])).toEqual([]);
    expect(messages('tiktok', [clip({ width: 4096, height: 2160 })])).toEqual([]);
  });

  it("refuses a TikTok video outside them, in TikTok's words, on the medium's field", () => {
    expect(mediaProblems('tiktok', [clip({ frameRate: 15, fileName: 'timelapse.mp4' })])).toEqual([
      { field: 'mediaIds[0]', message: 'timelapse.mp4 runs at 15 frames per second; TikTok takes videos of 23 to 60 frames per second.' },
    ]);
    expect(messages('tiktok', [clip({ frameRate: 119.88, fileName: 'slowmo.mp4' })])).toEqual([
      'slowmo.mp4 runs at 119.88 frames per second; TikTok takes videos of 23 to 60 frames per second.',
    ]);
    expect(messages('tiktok', [clip({ frameRate: 22.9 })])).toEqual([
      'pour.mp4 runs at 22.9 frames per second; TikTok takes videos of 23 to 60 frames per second.',
    ]);
    expect(messages('tiktok', [clip({ width: 320, height: 568, fileName: 'small.mp4' })])).toEqual([
      'small.mp4 is 320×568; TikTok takes videos of 360 to 4096 px on each side.',
    ]);
    expect(messages('tiktok', [clip({ width: 7680, height: 4320, fileName: '8k.mp4' })])).toEqual([
      '8k.mp4 is 7680×4320; TikTok takes videos of 360 to 4096 px on each side.',
    ]);
    expect(messages('tiktok', [clip({ width: 320, height: 568, frameRate: 12, fileName: 'old.mp4' })])).toEqual([
      'old.mp4 runs at 12 frames per second; TikTok takes videos of 23 to 60 frames per second.',
      'old.mp4 is 320×568; TikTok takes videos of 360 to 4096 px on each side.',
    ]);
  });

  it('holds Instagram reels to 23 to 60 frames per second, and no platform that states no rate', () => {
    expect(messages('instagram', [clip({ frameRate: 10, fileName: 'reel.mp4' })])).toEqual([
      'reel.mp4 runs at 10 frames per second; Instagram takes videos of 23 to 60 frames per second.',
    ]);
    expect(messages('instagram', [clip({ width: 320, height: 568 })])).toEqual([]);
    for (const platform of ['x', 'youtube', 'facebook', 'linkedin', 'mastodon', 'wordpress'] as const)
      expect(messages(platform, [clip({ frameRate: 10, width: 320, height: 240, durationS: 20, altText: 'a' })])).toEqual([]);
  });

  it('does not refuse a video whose frame rate or size is not known: the platform checks it itself', () => {
    expect(messages('tiktok', [clip({ frameRate: null })])).toEqual([]);
    expect(messages('tiktok', [clip({ width: null, height: null })])).toEqual([]);
  });

  it('holds images to none of it', () => {
    expect(messages('tiktok', [row({ mimeType: 'image/jpeg', fileName: 'beans.jpg', width: 200, height: 200 })])).toEqual([]);
  });
});
