import { platformLength } from './platforms';

const LINK = 'https://northside.example/journal/2026/12/the-saturday-workshop-in-full';

describe('a post’s length as each platform counts it', () => {
  it('counts every link as 23 characters on X and Mastodon, however long it is', () => {
    const text = `${'a'.repeat(219)} ${LINK}`;
    expect(platformLength('x', text)).toBe(219 + 1 + 23);
    expect(platformLength('mastodon', text)).toBe(219 + 1 + 23);
    // A short link counts 23 too: X wraps every link in t.co.
    expect(platformLength('x', 'see https://a.co')).toBe(4 + 23);
  });

  it('counts links in full where the platform does (LinkedIn, Threads), and graphemes on Bluesky', () => {
    const text = `Read it: ${LINK}`;
    expect(platformLength('linkedin', text)).toBe(9 + LINK.length);
    expect(platformLength('threads', text)).toBe(9 + LINK.length);
    expect(platformLength('bluesky', '👩‍👩‍👧 family roast')).toBe(1 + 13);
  });
});
