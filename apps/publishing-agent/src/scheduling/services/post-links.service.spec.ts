import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import type { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import type { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import type { ShortLinkRepository } from '../repositories/short-link.repository';
import type { PublishingConfig } from '../../config/publishing.config';
import { DEFAULT_UTM_TEMPLATE } from './link-rewriter';
import { PostLinksService, shortCode } from './post-links.service';
import type { PublishingSettingsService } from './publishing-settings.service';

const item = {
  id: 'item-1',
  brandId: 'brand-1',
  contentId: 'content-1',
  platform: 'mastodon',
  body: 'Beans https://acme.test/beans and https://acme.test/cups.',
} as ScheduleItemEntity;

function setup(links: { utm: boolean; shorten: boolean }) {
  const minted: { code: string; url: string; scheduleItemId: string }[] = [];
  const taken = new Set(['TAKEN00000']);
  const codes = ['TAKEN00000'];
  const shortLinks = {
    // The first code drawn collides: the service draws again.
    mint: jest.fn(async (code: string, link: { url: string; scheduleItemId: string }) => {
      const c = codes.shift() ?? code;
      if (taken.has(c)) return null;
      minted.push({ code: c, url: link.url, scheduleItemId: link.scheduleItemId });
      return c;
    }),
  } as unknown as ShortLinkRepository;
  const settings = {
    links: async () => ({ utm: { enabled: links.utm, template: DEFAULT_UTM_TEMPLATE }, shortenLinks: links.shorten }),
  } as unknown as PublishingSettingsService;
  const contents = { findLive: async () => ({ calendarEntryId: 'entry-1' }) } as unknown as ContentReplicaRepository;
  const replica = { slot: async () => ({ campaignId: 'campaign-1' }) } as unknown as ScheduleReplicaRepository;
  const service = new PostLinksService(settings, contents, replica, shortLinks, { publicUrl: 'https://go.acme.test' } as PublishingConfig);
  return { service, minted };
}

describe('PostLinksService', () => {
  it('sends the text as written while both switches are off', async () => {
    expect(await setup({ utm: false, shorten: false }).service.bodyOf(item)).toBe(item.body);
  });

  it("tags links with the post's platform and the campaign of its calendar entry", async () => {
    const utm = 'utm_source=mastodon&utm_medium=social&utm_campaign=campaign-1&utm_content=content-1';
    expect(await setup({ utm: true, shorten: false }).service.bodyOf(item)).toBe(`Beans https://acme.test/beans?${utm} and https://acme.test/cups?${utm}.`);
  });

  it('replaces each tagged link with a short link of this post, drawing again when a code is taken', async () => {
    const { service, minted } = setup({ utm: true, shorten: true });
    const body = await service.bodyOf(item);
    expect(body).toMatch(/^Beans https:\/\/go\.acme\.test\/l\/[0-9A-Za-z]{10} and https:\/\/go\.acme\.test\/l\/[0-9A-Za-z]{10}\.$/);
    expect(minted.map((m) => m.url)).toEqual([
      'https://acme.test/beans?utm_source=mastodon&utm_medium=social&utm_campaign=campaign-1&utm_content=content-1',
      'https://acme.test/cups?utm_source=mastodon&utm_medium=social&utm_campaign=campaign-1&utm_content=content-1',
    ]);
    expect(minted.every((m) => m.scheduleItemId === 'item-1' && m.code !== 'TAKEN00000')).toBe(true);
    expect(body).toContain(`/l/${minted[0].code} `);
  });

  it('draws codes of ten base62 characters that differ', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => shortCode()));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-Za-z]{10}$/);
  });
});
