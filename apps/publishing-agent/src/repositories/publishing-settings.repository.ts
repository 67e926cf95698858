import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@mt/messages';
import { PublishingSettingsEntity } from '../entities/scheduling.entities';

@Injectable()
export class PublishingSettingsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  find(brandId: string): Promise<PublishingSettingsEntity | null> {
    return this.uow.manager().getRepository(PublishingSettingsEntity).findOne({ where: { brandId } });
  }

  async upsert(brandId: string, autoApprove: boolean, timezone: string | null, updatedBy: string): Promise<PublishingSettingsEntity> {
    await this.uow.manager().query(
      `INSERT INTO publishing.publishing_settings (brand_id, auto_approve, timezone, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (brand_id) DO UPDATE SET auto_approve = EXCLUDED.auto_approve, timezone = EXCLUDED.timezone,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [brandId, autoApprove, timezone, updatedBy],
    );
    return (await this.find(brandId)) as PublishingSettingsEntity;
  }
}
