import { notifications } from '@mantine/notifications';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Content } from '../api/types';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';
import type { MediaItem } from './media-api';
import { mediaRulesText } from './post-media';

const MB = 1024 * 1024;

const medium = (id: string, over: Partial<MediaItem> = {}): MediaItem => ({
  id,
  brandId: BRAND.id,
  type: 'image',
  mimeType: 'image/jpeg',
  fileName: `${id}.jpg`,
  bytes: 2 * MB,
  width: 1080,
  height: 1350,
  durationS: null,
  frameRate: null,
  codec: null,
  altText: `Photo ${id}`,
  focus: null,
  url: `/api/v1/media/${id}/file`,
  createdAt: '2026-11-20T10:00:00.000Z',
  ...over,
});

const BEANS = medium('beans');
const NO_ALT = medium('latte', { altText: null });
const CLIP = medium('pour', {
  type: 'video',
  mimeType: 'video/mp4',
  fileName: 'pour-over.mp4',
  width: 1920,
  height: 1080,
  durationS: 42,
  frameRate: 30,
  codec: 'h264',
});

const page = (items: MediaItem[], over: Record<string, unknown> = {}) => ({ items, nextCursor: null, usedBytes: 30 * MB, quotaBytes: 1024 * MB, ...over });
const file = () => new Response(new Uint8Array([0xff, 0xd8, 0xff]), { status: 200, headers: { 'content-type': 'image/jpeg' } });

function libraryRoutes(items: MediaItem[], extra: Parameters<typeof fakeFetch>[0] = {}) {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /brands/${BRAND.id}/media`]: (req) => json(200, page(items.filter((m) => !req.path.includes('type=') || req.path.includes(`type=${m.type}`)))),
    ...Object.fromEntries(items.map((m) => [`GET /media/${m.id}/file`, file])),
    ...extra,
  });
}

describe('media library page', () => {
  beforeEach(() => {
    // jsdom has no object URLs; the page shows the fetched bytes through one.
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:medium'), revokeObjectURL: vi.fn() }));
  });
  afterEach(() => act(() => notifications.clean()));

  it('shows the library with each medium, how full the quota is, and which images lack alt text', async () => {
    const api = libraryRoutes([BEANS, NO_ALT, CLIP]);
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const beans = await screen.findByRole('article', { name: 'beans.jpg' });
    expect(within(beans).getByText(/1080 × 1350 · 2\.0 MB/)).toBeInTheDocument();
    expect(await within(beans).findByRole('img', { name: 'Photo beans' })).toHaveAttribute('src', 'blob:medium');
    expect(within(screen.getByRole('article', { name: 'latte.jpg' })).getByText('Needs alt text')).toBeInTheDocument();
    expect(within(beans).queryByText('Needs alt text')).not.toBeInTheDocument();
    expect(within(screen.getByRole('article', { name: 'pour-over.mp4' })).getByText(/0:42 · 1920 × 1080/)).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Storage: 30.0 MB of 1.0 GB used' })).toBeInTheDocument();
    // The file route needs the bearer token: the bytes were fetched through the API client.
    const fileCall = api.calls.find((c) => c.path === `/media/${BEANS.id}/file`);
    expect(fileCall?.headers.authorization).toMatch(/^Bearer /);
  });

  it('filters to videos by asking the server for them', async () => {
    const api = libraryRoutes([BEANS, CLIP]);
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    await screen.findByRole('article', { name: 'beans.jpg' });
    await userEvent.setup().click(screen.getByText('Videos'));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'beans.jpg' })).not.toBeInTheDocument());
    expect(screen.getByRole('article', { name: 'pour-over.mp4' })).toBeInTheDocument();
    expect(api.calls.some((c) => c.path.startsWith(`/brands/${BRAND.id}/media?`) && c.path.includes('type=video'))).toBe(true);
  });

  it('uploads a file with its alt text as multipart form data', async () => {
    const items: MediaItem[] = [];
    const api = libraryRoutes(items, {
      [`POST /brands/${BRAND.id}/media`]: (req) => {
        const form = req.body as FormData;
        const f = form.get('file') as File;
        const kept = medium('new', { fileName: f.name, altText: String(form.get('altText')) });
        items.push(kept);
        return json(201, kept);
      },
      [`GET /media/new/file`]: file,
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await screen.findByText('No media yet');
    const form = screen.getByRole('form', { name: 'Upload a medium' });
    await user.upload(form.querySelector('input[type="file"]') as HTMLInputElement, new File(['jpeg bytes'], 'roast.jpg', { type: 'image/jpeg' }));
    await user.type(within(form).getByLabelText(/Alt text/), 'Beans cooling on a tray');
    await user.click(within(form).getByRole('button', { name: 'Upload' }));

    expect(await screen.findByText('roast.jpg is in the library.')).toBeInTheDocument();
    const post = api.calls.find((c) => c.method === 'POST' && c.path === `/brands/${BRAND.id}/media`);
    expect(post?.headers['content-type']).toBeUndefined(); // the browser writes the multipart boundary
    expect(((post?.body as FormData).get('file') as File).name).toBe('roast.jpg');
    expect((post?.body as FormData).get('altText')).toBe('Beans cooling on a tray');
    expect(await screen.findByRole('article', { name: 'roast.jpg' })).toBeInTheDocument();
  });

  it('says why a file was refused, and asks for a file before sending anything', async () => {
    const api = libraryRoutes([], {
      [`POST /brands/${BRAND.id}/media`]: () =>
        problem(400, 'MEDIA_TYPE_NOT_ALLOWED', { detail: 'The file’s contents are of type application/pdf; a medium is an image or a video.' }),
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Upload a medium' });
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    expect(within(form).getByText('Choose a file to upload.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.path === `/brands/${BRAND.id}/media`)).toBe(false);

    await user.upload(form.querySelector('input[type="file"]') as HTMLInputElement, new File(['%PDF'], 'menu.jpg', { type: 'image/jpeg' }));
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('The file was not kept');
    expect(alert).toHaveTextContent('of type application/pdf');
  });

  it('refuses an alt text over the API’s limit in the shapes’ words, on upload and on a change, and sends nothing (ADR 210)', async () => {
    const api = libraryRoutes([NO_ALT], {
      [`POST /brands/${BRAND.id}/media`]: () => json(201, medium('new')),
      [`PATCH /media/${NO_ALT.id}`]: () => json(200, NO_ALT),
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Upload a medium' });
    await user.upload(form.querySelector('input[type="file"]') as HTMLInputElement, new File(['jpeg bytes'], 'roast.jpg', { type: 'image/jpeg' }));
    // Pasted past the field's own length, as a script or an old browser can.
    fireEvent.change(within(form).getByLabelText(/Alt text/), { target: { value: 'a'.repeat(5001) } });
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    expect(await within(form).findByText('must be at most 5000 characters')).toBeInTheDocument();

    const card = screen.getByRole('article', { name: 'latte.jpg' });
    fireEvent.change(within(card).getByLabelText('Alt text'), { target: { value: 'b'.repeat(5001) } });
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    expect(await within(card).findByText('must be at most 5000 characters')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === `/brands/${BRAND.id}/media` || c.method === 'PATCH')).toEqual([]);
  });

  it('saves alt text, and refuses to delete a medium a scheduled post carries, saying so', async () => {
    const items = [NO_ALT];
    const api = libraryRoutes(items, {
      [`PATCH /media/${NO_ALT.id}`]: (req) => {
        items[0] = { ...NO_ALT, altText: (req.body as { altText: string }).altText };
        return json(200, items[0]);
      },
      [`DELETE /media/${NO_ALT.id}`]: () => problem(409, 'MEDIA_IN_USE', { detail: 'A scheduled post carries this medium.' }),
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const card = await screen.findByRole('article', { name: 'latte.jpg' });
    await user.type(within(card).getByLabelText('Alt text'), 'A latte with a fern');
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'latte.jpg' })).queryByText('Needs alt text')).not.toBeInTheDocument());
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ altText: 'A latte with a fern' });

    await user.click(within(screen.getByRole('article', { name: 'latte.jpg' })).getByRole('button', { name: 'Delete latte.jpg' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this medium?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete medium' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A scheduled post carries this medium. Take it off those posts, or unschedule them, first.',
    );
    expect(screen.getByRole('article', { name: 'latte.jpg' })).toBeInTheDocument();
  });

  it('fills the alt-text field with a suggested draft, saved only when the user saves it', async () => {
    const items = [NO_ALT];
    const draft = 'Square photo: latte, from Northbeam Coffee.';
    const api = libraryRoutes(items, {
      [`POST /media/${NO_ALT.id}/alt-text-suggestion`]: () => json(200, { altText: draft, model: 'local-engine', source: 'local-engine' }),
      [`PATCH /media/${NO_ALT.id}`]: (req) => {
        items[0] = { ...NO_ALT, altText: (req.body as { altText: string }).altText };
        return json(200, items[0]);
      },
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const card = await screen.findByRole('article', { name: 'latte.jpg' });
    await user.click(within(card).getByRole('button', { name: 'Suggest alt text for latte.jpg' }));
    await waitFor(() => expect(within(card).getByLabelText('Alt text')).toHaveValue(draft));
    expect(within(card).getByText(/not from the picture: say what it shows before saving/)).toBeInTheDocument();
    // A draft is not a description yet: nothing is saved and the image still needs alt text.
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
    expect(within(card).getByText('Needs alt text')).toBeInTheDocument();

    await user.clear(within(card).getByLabelText('Alt text'));
    await user.type(within(card).getByLabelText('Alt text'), 'A latte with a fern in its foam');
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'latte.jpg' })).queryByText('Needs alt text')).not.toBeInTheDocument());
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ altText: 'A latte with a fern in its foam' });
  });

  it('says why a suggestion was refused, and keeps what the user typed', async () => {
    const api = libraryRoutes([NO_ALT], {
      [`POST /media/${NO_ALT.id}/alt-text-suggestion`]: () => problem(402, 'AI_BUDGET_EXCEEDED', { detail: 'The AI budget for this month is spent.' }),
    });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const card = await screen.findByRole('article', { name: 'latte.jpg' });
    await user.type(within(card).getByLabelText('Alt text'), 'A latte');
    await user.click(within(card).getByRole('button', { name: 'Suggest alt text for latte.jpg' }));
    expect(await within(card).findByText(/AI budget for this month is spent/)).toBeInTheDocument();
    expect(within(card).getByLabelText('Alt text')).toHaveValue('A latte');
  });

  it('lets a viewer look but not upload, edit or delete', async () => {
    const api = libraryRoutes([BEANS], { 'GET /brands': () => json(200, { items: [{ ...BRAND, role: 'viewer' }], nextCursor: null }) });
    renderApp({ path: '/media', fetch: api.fetch, signedIn: true });
    const card = await screen.findByRole('article', { name: 'beans.jpg' });
    expect(within(card).getByText('Alt text: Photo beans')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Upload a medium' })).not.toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });
});

describe('media on a post', () => {
  const POST: Content = { ...CONTENT, platform: 'mastodon' };
  const PATH = `/content/${POST.id}`;

  function postRoutes(server: { attached: MediaItem[] }, extra: Parameters<typeof fakeFetch>[0] = {}) {
    return libraryRoutes([BEANS, NO_ALT, CLIP], {
      [`GET /content/${POST.id}`]: () => json(200, POST),
      [`GET /content/${POST.id}/versions`]: () => json(200, { items: [] }),
      [`GET /connections`]: () => json(200, { items: [] }),
      [`GET /content/${POST.id}/media`]: () => json(200, { contentId: POST.id, mediaIds: server.attached.map((m) => m.id), media: server.attached }),
      [`PUT /content/${POST.id}/media`]: (req) => {
        const ids = (req.body as { mediaIds: string[] }).mediaIds;
        server.attached = ids.map((id) => [BEANS, NO_ALT, CLIP].find((m) => m.id === id) as MediaItem);
        return json(200, { contentId: POST.id, mediaIds: ids, media: server.attached });
      },
      ...extra,
    });
  }

  beforeEach(() => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:medium'), revokeObjectURL: vi.fn() }));
  });
  afterEach(() => act(() => notifications.clean()));

  it('says what the platform takes, in the numbers the server checks with', () => {
    expect(mediaRulesText('mastodon')).toBe('Mastodon takes up to 4 images (16.0 MB each) or 1 video (99.0 MB); images need alt text.');
    expect(mediaRulesText('webhook')).toMatch(/carry text only\.$/);
    expect(mediaRulesText('instagram')).toBe(
      'Instagram takes up to 10 images (8.0 MB each, 4:5 to 1.91:1) or 1 video (300.0 MB, 900 s); every post needs one.',
    );
  });

  it('adds media from the library, in order after what the post carries', async () => {
    const server = { attached: [BEANS] };
    const api = postRoutes(server);
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const section = await screen.findByRole('region', { name: 'Media (1)' });
    expect(await within(section).findByRole('listitem', { name: '1. beans.jpg' })).toBeInTheDocument();
    expect(within(section).getByText(/Mastodon takes up to 4 images/)).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Add from library' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add media to this post' });
    // What the post already carries is not offered again.
    await within(dialog).findByRole('checkbox', { name: 'latte.jpg' });
    expect(within(dialog).queryByRole('checkbox', { name: 'beans.jpg' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('checkbox', { name: 'latte.jpg' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add 1 medium' }));

    expect(await screen.findByRole('region', { name: 'Media (2)' })).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'PUT')?.body).toEqual({ mediaIds: [BEANS.id, NO_ALT.id] });
    expect(screen.getByRole('listitem', { name: '2. latte.jpg' })).toHaveTextContent('No alt text');
  });

  it('shows the platform’s refusal in its words and keeps the media as they were', async () => {
    const server = { attached: [BEANS] };
    const api = postRoutes(server, {
      [`PUT /content/${POST.id}/media`]: () => problem(422, 'MEDIA_NOT_ALLOWED', { detail: 'Mastodon takes images or a video in a post, not both.' }),
    });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const section = await screen.findByRole('region', { name: 'Media (1)' });
    await user.click(within(section).getByRole('button', { name: 'Add from library' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add media to this post' });
    await user.click(await within(dialog).findByRole('checkbox', { name: 'pour-over.mp4' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add 1 medium' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Mastodon takes images or a video in a post, not both.');
    expect(screen.getByRole('region', { name: 'Media (1)' })).toBeInTheDocument();
  });

  it('reorders and takes media off, saving each change', async () => {
    const server = { attached: [BEANS, NO_ALT] };
    const api = postRoutes(server);
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await screen.findByRole('listitem', { name: '2. latte.jpg' });
    await user.click(screen.getByRole('button', { name: 'Move latte.jpg earlier' }));
    expect(await screen.findByRole('listitem', { name: '1. latte.jpg' })).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ mediaIds: [NO_ALT.id, BEANS.id] });

    await user.click(screen.getByRole('button', { name: 'Take beans.jpg off this post' }));
    expect(await screen.findByRole('region', { name: 'Media (1)' })).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'PUT').at(-1)?.body).toEqual({ mediaIds: [NO_ALT.id] });
  });

  it('offers no changes on a published post', async () => {
    const server = { attached: [BEANS] };
    const api = postRoutes(server, { [`GET /content/${POST.id}`]: () => json(200, { ...POST, status: 'published' }) });
    renderApp({ path: PATH, fetch: api.fetch, signedIn: true });
    const section = await screen.findByRole('region', { name: 'Media (1)' });
    await within(section).findByRole('listitem', { name: '1. beans.jpg' });
    expect(within(section).queryByRole('button', { name: 'Add from library' })).not.toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: /Take .* off/ })).not.toBeInTheDocument();
  });
});
