import { Injectable } from '@nestjs/common';
import { type BrandContextAnswer, MeshError } from '@mt/messages';
import { toBrandData } from '../repositories/brand-rows';
import { BrandRepository } from '../repositories/brand.repository';
import { VoiceRepository } from '../repositories/voice.repository';

/** What other agents replicate about a brand: its data and its learned voice. */
@Injectable()
export class BrandContextService {
  constructor(
    private readonly brands: BrandRepository,
    private readonly voices: VoiceRepository,
  ) {}

  async get(brandId: string): Promise<BrandContextAnswer> {
    const row = await this.brands.findById(brandId);
    if (!row) throw new MeshError('NOT_FOUND', 'No such brand', { status: 404, retryable: false });
    const voice = await this.voices.latest(brandId);
    return {
      brand: toBrandData(row),
      voice: voice?.profile ?? null,
      deletedAt: row.deleted_at ? new Date(row.deleted_at).toISOString() : null,
    };
  }
}
