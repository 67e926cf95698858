import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ScheduleItemEntity } from '../entities/scheduling.entities';
import { ContentReplicaRepository } from '../../replicas/content-replica.repository';
import { ScheduleReplicaRepository } from '../../replicas/schedule-replica.repository';
import { ShortLinkRepository } from '../repositories/short-link.repository';
import { PUBLISHING_CONFIG, type PublishingConfig } from '../../config/publishing.config';
import { findLinks, replaceLinks, utmParams, withParams } from './link-rewriter';
import { PublishingSettingsService } from './publishing-settings.service';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^10 ≈ 8·10^17 codes: a visitor cannot walk them to find a brand's links. */
const CODE_LENGTH = 10;

export function shortCode(length = CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += BASE62[randomInt(62)];
  return code;
}

/**
 * A post's text as it goes out (ADR 152): every http(s) link tagged with the brand's UTM
 * parameters, then, when the brand shortens links, replaced with `{publicUrl}/l/{code}`. Run
 * before each attempt, outside any transaction; an attempt after a retry gets the same codes.
 */
@Injectable()
export class PostLinksService {
  constructor(
    private readonly settings: PublishingSettingsService,
    private readonly contents: ContentReplicaRepository,
    private readonly replica: ScheduleReplicaRepository,
    private readonly links: ShortLinkRepository,
    @Inject(PUBLISHING_CONFIG) private readonly config: PublishingConfig,
  ) {}

  async bodyOf(item: ScheduleItemEntity): Promise<string> {
    const spans = findLinks(item.body);
    if (spans.length === 0) return item.body;
    const { utm, shortenLinks } = await this.settings.links(item.brandId);
    if (!utm.enabled && !shortenLinks) return item.body;
    const params = utm.enabled ? utmParams(utm.template, await this.values(item)) : [];
    const full = new Map(spans.map((s) => [s.url, withParams(s.url, params)]));
    if (!shortenLinks) return replaceLinks(item.body, (url) => full.get(url) ?? url);
    const short = new Map<string, string>();
    for (const [original, url] of full) short.set(original, `${this.config.publicUrl}/l/${await this.mint(item, url)}`);
    return replaceLinks(item.body, (url) => short.get(url) ?? url);
  }

  private async mint(item: ScheduleItemEntity, url: string): Promise<string> {
    for (;;) {
      const code = await this.links.mint(shortCode(), { brandId: item.brandId, contentId: item.contentId, scheduleItemId: item.id, url });
      if (code) return code;
    }
  }

  private async values(item: ScheduleItemEntity) {
    const content = await this.contents.findLive(item.contentId);
    const slot = content?.calendarEntryId ? await this.replica.slot(content.calendarEntryId) : null;
    return { platform: item.platform, campaign: slot?.campaignId ?? null, contentId: item.contentId, brandId: item.brandId };
  }
}
