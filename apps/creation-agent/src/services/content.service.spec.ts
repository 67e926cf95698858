import { randomUUID } from 'node:crypto';
import type { Actor, AiMeta, BrandData } from '@mt/messages';
import { BrandProfileService } from '@mt/replicas';
import type { MediumContext } from '../../../../test/support/medium';
import { newCreationMedium } from '../../test/medium';
import { ContentVersionRepository } from '../repositories/content-version.repository';
import { ContentRepository } from '../repositories/content.repository';
import type { GeneratedContent } from './content-generator.service';
import { ContentWriter, type ContentOrigin } from './content-writer.service';
import { ContentStatusService } from './content-status.service';
import { ContentService } from './content.service';

describe('ContentService and ContentWriter (PostgreSQL)', () => {
  let ctx: MediumContext;
  let writer: ContentWriter;
  let service: ContentService;
  const editor: Actor = { userId: randomUUID() };
  const viewer: Actor = { userId: randomUUID() };
  const stranger: Actor = { userId: randomUUID() };
  const brandId = randomUUID();
  const aiMeta: AiMeta = { provider: 'local', model: 'local-engine', engine: 'local-engine', jobId: null };
  const generated = (body: string): GeneratedContent => {
    const v = {
      id: randomUUID(),
      body,
      hashtags: ['Coffee'],
      framework: 'AIDA',
      scores: { voiceMatch: 50, readability: 70, lengthFit: 80, engagementPrediction: 60 },
      overall: 64,
    };
    return { variants: [v], selected: v, aiMeta };
  };
  const origin = (calendarEntryId: string | null): ContentOrigin => ({
    brandId,
    platform: 'x',
    campaignId: randomUUID(),
    calendarEntryId,
    jobId: null,
    topic: 'Brew ratios',
    pillar: 'coffee craft',
    format: 'tip',
    createdBy: null,
  });
  const outbox = async (type: string) =>
    (await ctx.ds.query(`SELECT envelope FROM creation.outbox`))
      .map((r: { envelope: string }) => JSON.parse(r.envelope))
      .filter((e: { event_type?: string }) => e.event_type === type);

  beforeAll(async () => {
    ctx = await newCreationMedium({ label: 'content', sender: true });
    const access = ctx.access;
    const profiles = new BrandProfileService('creation', ctx.uow, ctx.node.client);
    const contents = new ContentRepository(ctx.uow);
    const versions = new ContentVersionRepository(ctx.uow);
    writer = new ContentWriter(contents, versions, ctx.uow);
    service = new ContentService(contents, versions, access, profiles, ctx.uow);
    const now = new Date().toISOString();
    await ctx.grant(brandId, editor, 'editor');
    await ctx.grant(brandId, viewer, 'viewer');
    await ctx.grant(brandId, stranger, null);
    const brand: BrandData = {
      id: brandId,
      name: 'Acme',
      industry: null,
      description: null,
      website: null,
      audience: null,
      tone: null,
      values: [],
      bannedWords: ['cheap'],
      pillars: ['coffee craft'],
      competitors: [],
      timezone: 'UTC',
      createdAt: now,
      updatedAt: now,
    };
    await profiles.recordBrand(brand);
  });

  afterAll(() => ctx.stop());

  it('writes an entry content once, whoever writes it twice or at the same time', async () => {
    const entryId = randomUUID();
    const results = await Promise.all([1, 2, 3].map((n) => ctx.uow.transaction(() => writer.create(origin(entryId), generated(`Body ${n}`)))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await ctx.uow.transaction(() => writer.create(origin(entryId), generated('Later')))).toBeNull();
    const [{ n }] = await ctx.ds.query(`SELECT count(*)::int AS n FROM creation.content WHERE calendar_entry_id = $1`, [entryId]);
    expect(n).toBe(1);
    const created = (await outbox('content.created')).filter(
      (e: { payload: { content: { calendarEntryId: string } } }) => e.payload.content.calendarEntryId === entryId,
    );
    expect(created).toHaveLength(1);
    const content = results.find(Boolean)!;
    expect((await service.listVersions(viewer, content.id)).items.map((v) => [v.version, v.authorKind])).toEqual([[1, 'ai']]);
  });

  it('refuses an edit with a banned word or over the limit (422, field errors), and versions a good one', async () => {
    const c = (await ctx.uow.transaction(() => writer.create(origin(null), generated('Fresh beans.'))))!;
    await expect(service.update(editor, c.id, { body: 'So cheap!' })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      status: 422,
      details: { errors: [{ field: 'body' }] },
    });
    await expect(service.update(editor, c.id, { hashtags: ['CheapBeans'] })).rejects.toMatchObject({ details: { errors: [{ field: 'hashtags' }] } });
    await expect(service.update(editor, c.id, { body: 'x'.repeat(275) })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(service.update(viewer, c.id, { body: 'Fine' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.get(stranger, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const edited = await service.update(editor, c.id, { body: 'Fresh beans, roasted today.' });
    expect(edited).toMatchObject({ version: 2, body: 'Fresh beans, roasted today.' });
    const [updated] = (await outbox('content.updated')).filter((e: { payload: { content: { id: string } } }) => e.payload.content.id === c.id);
    expect(updated.payload).toMatchObject({ previousBody: 'Fresh beans.', change: 'edit', by: editor.userId });
  });

  it('checks an edit from any sender as the gateway does (400), keeps a field sent as null, and refuses a hashtag used twice (422)', async () => {
    const c = (await ctx.uow.transaction(() => writer.create(origin(null), generated('Beans on Monday.'))))!;
    await expect(service.update(editor, c.id, { hashtags: ['two words'] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: { errors: [{ field: 'hashtags', message: 'each hashtag is one word of letters, digits or _' }] },
    });
    await expect(service.update(editor, c.id, { body: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ field: 'body' }] } });
    await expect(service.update(editor, c.id, { hashtags: ['Beans', '#beans'] })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      status: 422,
      details: { errors: [{ field: 'hashtags' }] },
    });
    // A stranger learns nothing from a bad edit: access is checked first.
    await expect(service.update(stranger, c.id, { body: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const edited = await service.update(editor, c.id, { body: null, hashtags: ['Beans'] });
    expect(edited).toMatchObject({ version: 2, body: 'Beans on Monday.', hashtags: ['Beans'] });
  });

  it('approves once (idempotent), returns edited approved content to draft, and pages by status', async () => {
    const c = (await ctx.uow.transaction(() => writer.create(origin(null), generated('To approve.'))))!;
    const first = await service.approve(editor, c.id);
    const second = await service.approve(editor, c.id);
    expect(second.approvedAt).toBe(first.approvedAt);
    expect((await outbox('content.approved')).filter((e: { payload: { content: { id: string } } }) => e.payload.content.id === c.id)).toHaveLength(1);
    const approved = await service.list(viewer, brandId, { limit: 10 }, { status: 'approved' });
    expect(approved.items.map((i) => i.id)).toEqual([c.id]);
    expect(await service.update(editor, c.id, { body: 'Changed after approval.' })).toMatchObject({ status: 'draft', approvedAt: null });
    const page1 = await service.list(viewer, brandId, { limit: 2 }, {});
    const page2 = await service.list(viewer, brandId, { limit: 2, cursor: page1.nextCursor }, {});
    expect(page1.items).toHaveLength(2);
    expect(page2.items.length).toBeGreaterThanOrEqual(1);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(page1.items.length + page2.items.length);
  });

  it('follows publishing: scheduled, a failure with the platform message, then published with its URL', async () => {
    const status = new ContentStatusService(new ContentRepository(ctx.uow));
    const c = (await ctx.uow.transaction(() => writer.create(origin(null), generated('To publish.'))))!;
    await service.approve(editor, c.id);
    const base = { contentId: c.id, brandId, platform: 'x', connectionId: randomUUID(), scheduleId: randomUUID() };
    await ctx.uow.transaction(() => status.scheduled({ contentId: c.id, brandId, at: '2026-03-02T09:00:00.000Z', items: [] }));
    expect(await service.get(viewer, c.id)).toMatchObject({ status: 'scheduled', scheduledAt: '2026-03-02T09:00:00.000Z' });
    await ctx.uow.transaction(() => status.publishFailed({ ...base, code: 'RATE_LIMITED', message: 'X: too many posts', at: '2026-03-02T09:00:01.000Z' }));
    expect(await service.get(viewer, c.id)).toMatchObject({ status: 'failed', failure: { code: 'RATE_LIMITED', message: 'X: too many posts' } });
    await ctx.uow.transaction(() =>
      status.published({ ...base, externalId: '1', url: 'https://x.com/acme/status/1', publishedAt: '2026-03-02T09:05:00.000Z' }),
    );
    expect(await service.get(viewer, c.id)).toMatchObject({ status: 'published', externalUrl: 'https://x.com/acme/status/1', failure: null });
    // A late failure of another connection does not undo the publish.
    await ctx.uow.transaction(() => status.publishFailed({ ...base, code: 'X', message: 'late', at: '2026-03-02T09:06:00.000Z' }));
    expect((await service.get(viewer, c.id)).status).toBe('published');
    await expect(service.update(editor, c.id, { body: 'Too late.' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
