import { Injectable } from '@nestjs/common';
import { type Actor, MeshError, type PublishingSettings, UnitOfWork } from '@mt/messages';
import { BrandAccessService, BrandProfileService, isTimeZone } from '@mt/runtime';
import { PublishingSettingsRepository } from '../repositories/publishing-settings.repository';

/**
 * A brand's publishing preferences: auto-approve (the approval gate open) and the timezone its
 * schedule is shown in (the brand's own unless overridden here).
 */
@Injectable()
export class PublishingSettingsService {
  constructor(
    private readonly settings: PublishingSettingsRepository,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly uow: UnitOfWork,
  ) {}

  async get(actor: Actor, brandId: string): Promise<PublishingSettings> {
    await this.access.require(actor, brandId, 'viewer');
    return this.view(brandId);
  }

  async update(actor: Actor, brandId: string, autoApprove: boolean, timezone: string | null | undefined): Promise<PublishingSettings> {
    await this.access.require(actor, brandId, 'owner');
    if (timezone && !isTimeZone(timezone)) {
      throw new MeshError('VALIDATION_FAILED', `timezone "${timezone}" is not an IANA timezone (like Europe/Berlin)`, {
        status: 400,
        retryable: false,
        details: { errors: [{ field: 'timezone', message: 'must be an IANA timezone' }] },
      });
    }
    const current = await this.settings.find(brandId);
    const nextTz = timezone === undefined ? (current?.timezone ?? null) : timezone;
    await this.uow.transaction(() => this.settings.upsert(brandId, autoApprove, nextTz, actor.userId));
    return this.view(brandId);
  }

  /** The timezone a brand's schedule is shown in (outside a transaction: may ask brand-agent once). */
  async timezoneOf(brandId: string): Promise<string> {
    const s = await this.settings.find(brandId);
    if (s?.timezone) return s.timezone;
    const profile = this.uow.inTransaction() ? await this.profiles.find(brandId) : await this.profiles.get(brandId).catch(() => null);
    const tz = profile?.brand.timezone;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  }

  async autoApprove(brandId: string): Promise<boolean> {
    return (await this.settings.find(brandId))?.autoApprove ?? false;
  }

  private async view(brandId: string): Promise<PublishingSettings> {
    const s = await this.settings.find(brandId);
    return {
      brandId,
      autoApprove: s?.autoApprove ?? false,
      timezone: s?.timezone ?? null,
      effectiveTimezone: await this.timezoneOf(brandId),
      updatedAt: s ? s.updatedAt.toISOString() : null,
    };
  }
}
