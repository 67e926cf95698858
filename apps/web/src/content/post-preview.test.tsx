import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';
import { PostPreview } from './post-preview';
import { postLength } from '../lib/content-rules';

const LINK = 'https://northside.example/journal/2026/winter-blend-tasting-notes';

function preview(platform: string, body: string, hashtags: string[] = [], profileName = 'Northside Coffee') {
  renderApp({
    path: '/',
    fetch: fakeFetch({}).fetch,
    children: <PostPreview platform={platform} body={body} hashtags={hashtags} profileName={profileName} />,
  });
  return screen.getByTestId('post-preview');
}

describe('post preview, one card per platform', () => {
  it('X: counts every link as 23 characters (t.co), shows it shortened, and cuts at 280', () => {
    // 64-character link + 220 characters of text: 286 as written, 245 as X counts.
    const body = `${'a'.repeat(219)} ${LINK}`;
    const card = preview('x', body, [], '@northside');
    expect(card).toHaveAccessibleName('Preview on X');
    expect(within(card).getByTestId('preview-profile')).toHaveTextContent('@northside');
    const link = within(card).getByTitle(LINK);
    expect(link).toHaveAttribute('data-token', 'link');
    expect(link).toHaveTextContent('northside.example/journal…');
    expect(within(card).getByTestId('preview-count')).toHaveTextContent(/^243 \/ 280 characters/);
    expect(card).toHaveTextContent('X counts every link as 23 characters (t.co)');
    expect(within(card).queryByLabelText('The platform cuts the text here')).not.toBeInTheDocument();
    // The app counts the post as X does (libs/ai platformLength), so what fits here is accepted on save.
    expect(postLength('x', body, []).length).toBe(243);
    expect(card).not.toHaveTextContent('written out');
  });

  it('X: a text over 280 shows where X cuts it', () => {
    const card = preview('x', 'b'.repeat(290), ['coffee']);
    expect(within(card).getByLabelText('The platform cuts the text here')).toBeInTheDocument();
    expect(within(card).getByTestId('preview-cut')).toHaveTextContent(/^b{10}\s*#coffee$/);
    expect(within(card).getByTestId('preview-count')).toHaveTextContent('299 / 280 characters — 19 over: X cuts or refuses the rest');
  });

  it('LinkedIn: folds after about 210 characters behind “…see more”, counts against 3,000, and links show in full', async () => {
    const sentence = 'We roast every Tuesday and Friday morning, and the shop smells of it all day. ';
    const body = `${sentence.repeat(5)}${LINK}`;
    const card = preview('linkedin', body, ['coffee', 'roasting']);
    const text = within(card).getByTestId('preview-text');
    expect(text.textContent?.replace('…see more', '').length).toBeLessThanOrEqual(210);
    expect(text).not.toHaveTextContent(LINK);
    expect(within(card).getByTestId('preview-count')).toHaveTextContent(/\/ 3,000 characters/);
    await userEvent.setup().click(within(card).getByRole('button', { name: '…see more' }));
    expect(within(card).queryByRole('button', { name: '…see more' })).not.toBeInTheDocument();
    expect(within(card).getByText(LINK)).toHaveAttribute('data-token', 'link');
    expect(within(card).getByText('#roasting')).toHaveAttribute('data-token', 'hashtag');
  });

  it('Mastodon: 500 characters, every link 23, mentions with their instance', () => {
    const card = preview('mastodon', `Thanks @pete@social.example for the photos ${LINK}`, ['coffee']);
    expect(within(card).getByText('@pete@social.example')).toHaveAttribute('data-token', 'mention');
    // "Thanks @pete@social.example for the photos " is 43 characters, the link 23, "\n\n#coffee" 9.
    expect(within(card).getByTestId('preview-count')).toHaveTextContent(/^75 \/ 500 characters$/);
    expect(card).toHaveTextContent('Mastodon counts every link as 23 characters.');
  });

  it('Bluesky: counts graphemes against 300, so an emoji family is one', () => {
    const family = '👨‍👩‍👧';
    const card = preview('bluesky', family.repeat(301));
    expect(within(card).getByTestId('preview-count')).toHaveTextContent('301 / 300 characters — 1 over: Bluesky cuts or refuses the rest');
    expect(within(card).getByTestId('preview-cut')).toHaveTextContent(family);
    expect(card).toHaveTextContent('Bluesky counts graphemes');
  });

  it('WordPress: a title and a 55-word excerpt with “Continue reading”, tags apart, no character limit', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const card = preview('wordpress', `# Our winter blend\n${words}`, ['coffee', 'winter']);
    expect(within(card).getByTestId('preview-title')).toHaveTextContent(/^Our winter blend$/);
    const excerpt = within(card).getByTestId('preview-excerpt');
    expect(excerpt).toHaveTextContent(/word54 \[…\]$/);
    expect(excerpt).not.toHaveTextContent('word55');
    expect(card).toHaveTextContent('Continue reading');
    expect(within(within(card).getByLabelText('Tags')).getByText('winter')).toBeInTheDocument();
    expect(within(card).queryByTestId('preview-count')).not.toBeInTheDocument();
  });

  it('Medium: a title, a short subtitle, the reading time and the topics', () => {
    const words = Array.from({ length: 530 }, (_, i) => `w${i}`).join(' ');
    const card = preview('medium', `Why we roast light\n${words}`, ['coffee']);
    expect(within(card).getByTestId('preview-title')).toHaveTextContent('Why we roast light');
    expect(within(card).getByTestId('preview-excerpt')).toHaveTextContent(/w24…$/);
    expect(card).toHaveTextContent('534 words · 2 min read');
    expect(within(within(card).getByLabelText('Topics')).getByText('coffee')).toBeInTheDocument();
    expect(card).not.toHaveTextContent('Continue reading');
  });
});

describe('post preview on the post page', () => {
  const PATH = `/content/${CONTENT.id}`;
  const routes = (connections: unknown[]) =>
    fakeFetch({
      ...sessionRoutes(),
      [`GET /content/${CONTENT.id}`]: () => json(200, CONTENT),
      [`GET /content/${CONTENT.id}/versions`]: () => json(200, { items: [] }),
      'GET /connections': () => json(200, { items: connections, nextCursor: null }),
    });

  it('shows the connected channel’s account name, and follows the editor as the user types', async () => {
    const linkedin = { id: 'k1', brandId: BRAND.id, platform: 'linkedin', displayName: 'Northside Roasters Ltd', status: 'active' };
    renderApp({ path: PATH, fetch: routes([linkedin]).fetch, signedIn: true });
    await waitFor(() => expect(screen.getByLabelText('Preview on LinkedIn')).toHaveTextContent('Northside Roasters Ltd'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Edit' }));
    const form = await screen.findByRole('form', { name: 'Edit the post' });
    const live = within(form).getByLabelText('Preview on LinkedIn');
    const box = within(form).getByLabelText('Post');
    await user.clear(box);
    await user.type(box, 'Cupping on Saturday at #harbour');
    expect(within(live).getByTestId('preview-text')).toHaveTextContent('Cupping on Saturday at #harbour #coffee');
    expect(within(live).getByText('#harbour')).toHaveAttribute('data-token', 'hashtag');
    // 31 characters, a blank line and "#coffee".
    expect(within(live).getByTestId('preview-count')).toHaveTextContent(/^40 \/ 3,000 characters$/);
  });

  it('uses the brand’s name when no channel of the platform is connected', async () => {
    const x = { id: 'k2', brandId: BRAND.id, platform: 'x', displayName: '@northside', status: 'active' };
    renderApp({ path: PATH, fetch: routes([x]).fetch, signedIn: true });
    const card = await screen.findByLabelText('Preview on LinkedIn');
    await waitFor(() => expect(within(card).getByTestId('preview-profile')).toHaveTextContent(BRAND.name));
    expect(card).not.toHaveTextContent('@northside');
  });
});
