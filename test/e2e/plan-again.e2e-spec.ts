import { api, PLATFORM_BOOT_MS, registerUser, until } from '../support/http';
import { sharedTestPlatform, type SharedPlatform } from '../support/shared';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * "Plan again" replaces the campaign's unapproved entries; their drafts go with them, so Content
 * and the review queue hold exactly one post per entry, never the old drafts beside the new ones.
 */
describe('planning a campaign again (embedded)', () => {
  let p: SharedPlatform;
  let token: string;
  let brandId: string;
  const call = (method: string, route: string, body?: unknown) => api(p.url, method, route, { token, body });

  beforeAll(async () => {
    p = await sharedTestPlatform('embedded');
    token = (await registerUser(p.url, 'plan-again')).accessToken;
    const brand = await call('POST', '/api/v1/brands', { name: 'Harbour Roasters', pillars: ['Sourcing', 'Brewing'] });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
  }, PLATFORM_BOOT_MS);

  const planAndWait = async (campaignId: string) => {
    const r = await call('POST', `/api/v1/campaigns/${campaignId}/plan`);
    expect(r.status).toBe(202);
    const job = await until('the plan', async () => {
      const j = await call('GET', `/api/v1/jobs/${r.body.jobId}`);
      return ['succeeded', 'failed'].includes(j.body.status) ? j.body : undefined;
    });
    expect(job.status).toBe('succeeded');
    // The creation agent writes each entry's post after the plan.
    return until('every entry drafted', async () => {
      const items = (await call('GET', `/api/v1/campaigns/${campaignId}/calendar`)).body.items as { id: string; contentId: string | null; status: string }[];
      return items.length > 0 && items.every((e) => e.contentId) ? items : undefined;
    });
  };

  const contentOf = async (campaignId: string) =>
    (await call('GET', `/api/v1/content?brandId=${brandId}&campaignId=${campaignId}&limit=100`)).body.items as {
      id: string;
      calendarEntryId: string | null;
      status: string;
    }[];

  it('leaves exactly one draft per entry after a second plan, and the replaced drafts are gone', async () => {
    const campaign = await call('POST', '/api/v1/campaigns', {
      brandId,
      name: 'Winter blends',
      goal: 'Sell the winter blends',
      startDate: day(3),
      endDate: day(9),
      platforms: ['linkedin'],
      postsPerWeek: 3,
    });
    expect(campaign.status).toBe(201);
    const id = campaign.body.id;

    const first = await planAndWait(id);
    const firstDrafts = await contentOf(id);
    expect(firstDrafts).toHaveLength(first.length);

    const second = await planAndWait(id);
    const after = await until('the replaced drafts removed', async () => {
      const items = await contentOf(id);
      return items.length === second.length ? items : undefined;
    });
    const entryIds = new Set(second.map((e) => e.id));
    expect(after.every((c) => c.calendarEntryId !== null && entryIds.has(c.calendarEntryId))).toBe(true);
    expect(new Set(after.map((c) => c.calendarEntryId)).size).toBe(second.length);
    expect(second.map((e) => e.contentId).sort()).toEqual(after.map((c) => c.id).sort());
    for (const old of firstDrafts) expect((await call('GET', `/api/v1/content/${old.id}`)).status).toBe(404);
    // The review queue (drafts) holds the new plan's posts only.
    const drafts = (await call('GET', `/api/v1/content?brandId=${brandId}&status=draft&limit=100`)).body.items;
    expect(drafts).toHaveLength(second.length);
  }, 180_000);
});
