import { weakETag } from './etag';

// The function Express itself uses for `app.set('etag', 'weak')`, its default.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wetag } = require('express/lib/utils') as { wetag: (body: Buffer | string, encoding?: BufferEncoding) => string };

describe('weakETag', () => {
  const bodies: Array<[string, Buffer | string]> = [
    ['an empty string', ''],
    ['an empty buffer', Buffer.alloc(0)],
    ['a small JSON string', '{"status":"ok"}'],
    ['a small JSON buffer', Buffer.from('{"status":"ok"}')],
    ['a large JSON string with non-ASCII text', JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Café ${i} — ☕` })) })],
    ['binary bytes', Buffer.from([0, 255, 10, 13, 128])],
  ];

  it.each(bodies)('answers what the default weak ETag of Express answers for %s', (_name, body) => {
    expect(weakETag(body)).toBe(wetag(body));
  });

  it('tells different bodies apart', () => {
    expect(weakETag('{"a":1}')).not.toBe(weakETag('{"a":2}'));
  });
});
