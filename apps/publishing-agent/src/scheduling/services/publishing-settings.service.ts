import { Injectable } from '@nestjs/common';
import { type Actor, MeshError, type PublishingSettings, PublishingSettingsShape, UnitOfWork, type UpdatePublishingSettingsPayload } from '@mt/messages';
import { isTimeZone } from '@mt/runtime';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import { PublishingSettingsRepository } from '../repositories/publishing-settings.repository';
import { QueueReflow } from './queue-reflow';
import { DEFAULT_UTM_TEMPLATE, templateProblems } from './link-rewriter';

/**
 * A brand's publishing preferences: auto-approve (the approval gate open), the timezone its
 * schedule is shown in (the brand's own unless overridden here), and what happens to links in its
 * posts at publish time: UTM parameters and short links (ADR 152).
 */
@Injectable()
export class PublishingSettingsService {
  constructor(
    private readonly settings: PublishingSettingsRepository,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly uow: UnitOfWork,
    private readonly queues: QueueReflow,
  ) {}

  async get(actor: Actor, brandId: string): Promise<PublishingSettings> {
    await this.access.require(actor, brandId, 'viewer');
    return this.view(brandId);
  }

  async update(actor: Actor, brandId: string, input: Omit<UpdatePublishingSettingsPayload, 'actor' | 'brandId'>): Promise<PublishingSettings> {
    await this.access.require(actor, brandId, 'owner');
    const { autoApprove, timezone, utm, shortenLinks } = input;
    // The zone's rule is the shape's (ADR 198); the template's needs the placeholders only this agent knows.
    const zone = PublishingSettingsShape.shape.timezone.safeParse(timezone);
    if (!zone.success) {
      const message = zone.error.issues[0].message;
      throw new MeshError('VALIDATION_FAILED', `timezone "${timezone}" ${message} (like Europe/Berlin)`, {
        status: 400,
        retryable: false,
        details: { errors: [{ field: 'timezone', message }] },
      });
    }
    const problems = typeof utm?.template === 'string' ? templateProblems(utm.template) : [];
    if (problems.length > 0) {
      throw new MeshError('VALIDATION_FAILED', `utm.template: ${problems.join('; ')}`, {
        status: 400,
        retryable: false,
        details: { errors: problems.map((message) => ({ field: 'utm.template', message })) },
      });
    }
    const current = await this.settings.find(brandId);
    const nextTz = timezone === undefined ? (current?.timezone ?? null) : timezone;
    const before = await this.timezoneOf(brandId);
    const after = nextTz ?? (await this.brandTimezone(brandId));
    await this.uow.transaction(async () => {
      await this.settings.upsert(
        brandId,
        {
          autoApprove,
          timezone: nextTz,
          utmEnabled: utm?.enabled ?? current?.utmEnabled ?? false,
          utmTemplate: utm?.template === undefined ? (current?.utmTemplate ?? null) : utm.template,
          shortenLinks: shortenLinks ?? current?.shortenLinks ?? false,
        },
        actor.userId,
      );
      // The queues' slots are wall-clock times in this zone (ADR 147): in another zone they are other instants.
      if (after !== before) await this.queues.reflowBrand(brandId, after);
    });
    return this.view(brandId);
  }

  /** What publishing does to a brand's links (outside any transaction is fine: one read). */
  async links(brandId: string): Promise<{ utm: { enabled: boolean; template: string }; shortenLinks: boolean }> {
    const s = await this.settings.find(brandId);
    return { utm: { enabled: s?.utmEnabled ?? false, template: s?.utmTemplate ?? DEFAULT_UTM_TEMPLATE }, shortenLinks: s?.shortenLinks ?? false };
  }

  /** The timezone a brand's schedule is shown in (outside a transaction: may ask brand-agent once). */
  async timezoneOf(brandId: string): Promise<string> {
    const s = await this.settings.find(brandId);
    if (s?.timezone) return s.timezone;
    return this.brandTimezone(brandId);
  }

  /** The brand's own timezone (brand-agent's), whatever the settings override. */
  private async brandTimezone(brandId: string): Promise<string> {
    const profile = this.uow.inTransaction() ? await this.profiles.find(brandId) : await this.profiles.get(brandId).catch(() => null);
    const tz = profile?.brand.timezone;
    return tz && isTimeZone(tz) ? tz : 'UTC';
  }

  async autoApprove(brandId: string): Promise<boolean> {
    return this.settings.autoApprove(brandId);
  }

  private async view(brandId: string): Promise<PublishingSettings> {
    const s = await this.settings.find(brandId);
    return {
      brandId,
      autoApprove: s?.autoApprove ?? false,
      timezone: s?.timezone ?? null,
      effectiveTimezone: await this.timezoneOf(brandId),
      utm: { enabled: s?.utmEnabled ?? false, template: s?.utmTemplate ?? null, effectiveTemplate: s?.utmTemplate ?? DEFAULT_UTM_TEMPLATE },
      shortenLinks: s?.shortenLinks ?? false,
      updatedAt: s ? s.updatedAt.toISOString() : null,
    };
  }
}
