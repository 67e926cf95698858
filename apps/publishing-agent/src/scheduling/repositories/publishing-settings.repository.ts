import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { PublishingSettingsEntity } from '../entities/scheduling.entities';

export type PublishingSettingsRow = Pick<PublishingSettingsEntity, 'autoApprove' | 'timezone' | 'utmEnabled' | 'utmTemplate' | 'shortenLinks'>;

@Injectable()
export class PublishingSettingsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  find(brandId: string): Promise<PublishingSettingsEntity | null> {
    return this.uow.manager().getRepository(PublishingSettingsEntity).findOne({ where: { brandId } });
  }

  /** Whether the brand's drafts are approved as written (no settings: not). Hot path of every content.created. */
  async autoApprove(brandId: string): Promise<boolean> {
    const rows: { auto_approve: boolean }[] = await this.uow
      .manager()
      .query(`SELECT auto_approve FROM publishing.publishing_settings WHERE brand_id = $1`, [brandId]);
    return rows[0]?.auto_approve ?? false;
  }

  async upsert(brandId: string, s: PublishingSettingsRow, updatedBy: string): Promise<PublishingSettingsEntity> {
    await this.uow.manager().query(
      `INSERT INTO publishing.publishing_settings (brand_id, auto_approve, timezone, utm_enabled, utm_template, shorten_links, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (brand_id) DO UPDATE SET auto_approve = EXCLUDED.auto_approve, timezone = EXCLUDED.timezone,
         utm_enabled = EXCLUDED.utm_enabled, utm_template = EXCLUDED.utm_template, shorten_links = EXCLUDED.shorten_links,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [brandId, s.autoApprove, s.timezone, s.utmEnabled, s.utmTemplate, s.shortenLinks, updatedBy],
    );
    return (await this.find(brandId)) as PublishingSettingsEntity;
  }
}
