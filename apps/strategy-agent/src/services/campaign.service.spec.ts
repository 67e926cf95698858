import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Actor, BRAND_TASKS, MeshNode } from '@mt/messages';
import { openAgentDataSource } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import type { MediumContext } from '../../../../test/support/medium';
import { newStrategyMedium } from '../../test/medium';
import { CampaignRepository } from '../repositories/campaign.repository';
import { CampaignAccessService } from './campaign-access.service';
import { CampaignService } from './campaign.service';

describe('CampaignService (PostgreSQL)', () => {
  let ctx: MediumContext;
  let ds: DataSource;
  let node: MeshNode;
  let brandAgent: MeshNode;
  let brandDs: DataSource;
  let service: CampaignService;
  let access: BrandAccessService;
  const askedBrandAgent: string[] = [];
  const owner: Actor = { userId: randomUUID() };
  const viewer: Actor = { userId: randomUUID() };
  const stranger: Actor = { userId: randomUUID() };
  const brandId = randomUUID();
  const input = {
    name: 'Spring launch',
    goal: 'Beta sign-ups',
    startDate: '2026-03-02',
    endDate: '2026-03-15',
    platforms: ['linkedin', 'x'],
    postsPerWeek: 3,
  };

  beforeAll(async () => {
    ctx = await newStrategyMedium({ label: 'campaigns', sender: true });
    ds = ctx.ds;
    node = ctx.node;
    access = ctx.access;
    brandDs = await openAgentDataSource({ url: ctx.db.url, schema: 'brand', entities: [], migrations: [] });
    // brand-agent's side of the access question, over the real mesh
    brandAgent = new MeshNode({ agent: 'brand-agent', schema: 'brand', broker: ctx.broker, topology: ctx.topology, dataSource: brandDs, routes: {} });
    brandAgent.handlers.add({
      kind: 'task',
      type: BRAND_TASKS.access,
      options: { query: true },
      handle: async (env) => {
        const p = env.payload as { userId: string; brandId: string };
        askedBrandAgent.push(p.userId);
        return { ...p, role: p.userId === viewer.userId ? 'viewer' : null };
      },
    });
    await brandAgent.start();
    const repo = new CampaignRepository(node.uow);
    service = new CampaignService(repo, access, new CampaignAccessService(repo, access), node.uow);
    await ctx.grant(brandId, owner, 'owner');
  });

  afterAll(async () => {
    await brandAgent.stop();
    await brandDs.destroy();
    await ctx.stop();
  });

  it('creates a campaign and announces it through the outbox', async () => {
    const c = await service.create(owner, brandId, input);
    expect(c).toMatchObject({ ...input, brandId, budget: null, status: 'draft' });
    const [row] = await ds.query(`SELECT envelope FROM strategy.outbox ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(row.envelope)).toMatchObject({ event_type: 'campaign.created', payload: { id: c.id } });
  });

  it('rejects impossible campaigns with field errors', async () => {
    const err = await service.create(owner, brandId, { ...input, endDate: '2026-03-01', platforms: ['myspace'], postsPerWeek: 30 }).catch((e) => e);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.errors.map((e: { field: string }) => e.field).sort()).toEqual(['endDate', 'platforms', 'postsPerWeek']);
  });

  it('names each bad field once per message, as the gateway does', async () => {
    // Two unknown platforms, and a count that is neither whole nor in range: each one error, not two.
    const err = await service.create(owner, brandId, { ...input, platforms: ['myspace', 'friendster'], postsPerWeek: 0.5 }).catch((e) => e);
    const platforms = 'must be one of x, linkedin, threads, facebook, instagram, pinterest, tiktok, youtube, mastodon, bluesky, wordpress, medium, webhook';
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, retryable: false });
    expect(err.details.errors).toEqual([
      { field: 'platforms', message: platforms },
      { field: 'postsPerWeek', message: 'must be a whole number from 1 to 21' },
    ]);
    expect(err.message).toBe(`platforms: ${platforms}; postsPerWeek: must be a whole number from 1 to 21`);
  });

  it('asks brand-agent on a replica miss, remembers the answer, and enforces roles', async () => {
    const c = await service.create(owner, brandId, { ...input, name: 'Readable' });
    await expect(service.get(viewer, c.id)).resolves.toMatchObject({ id: c.id });
    await service.get(viewer, c.id);
    expect(askedBrandAgent.filter((u) => u === viewer.userId)).toHaveLength(1);
    await expect(service.update(viewer, c.id, { name: 'Nope' })).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await expect(service.get(stranger, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(service.list(stranger, brandId, 20)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies an access change only if it is newer than what it knows', async () => {
    const user = randomUUID();
    await access.record({ brandId, userId: user, role: 'editor', changedAt: '2026-01-02T00:00:00Z' });
    await access.record({ brandId, userId: user, role: null, changedAt: '2026-01-01T00:00:00Z' });
    expect(await access.roleOf(user, brandId)).toBe('editor');
    await access.record({ brandId, userId: user, role: null, changedAt: '2026-01-03T00:00:00Z' });
    expect(await access.roleOf(user, brandId)).toBeNull();
  });

  it('pages newest first with a cursor, updates with the rules, and deletes', async () => {
    const other = randomUUID();
    await access.record({ brandId: other, userId: owner.userId, role: 'owner', changedAt: new Date().toISOString() });
    for (const n of [1, 2, 3]) await service.create(owner, other, { ...input, name: `C${n}` });
    const first = await service.list(owner, other, 2);
    expect(first.items.map((c) => c.name)).toEqual(['C3', 'C2']);
    const second = await service.list(owner, other, 2, first.nextCursor);
    expect(second.items.map((c) => c.name)).toEqual(['C1']);
    expect(second.nextCursor).toBeNull();

    const c1 = second.items[0];
    await expect(service.update(owner, c1.id, { startDate: '2026-04-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await service.update(owner, c1.id, { postsPerWeek: 5, budget: 250 })).toMatchObject({ postsPerWeek: 5, budget: 250 });
    await service.remove(owner, c1.id);
    await expect(service.get(owner, c1.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.list(owner, other, 10)).items.map((c) => c.name)).toEqual(['C3', 'C2']);
  });
});
