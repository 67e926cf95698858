import { Injectable } from '@nestjs/common';
import type { Actor, BrandRole } from '@mt/messages';
import type { MemberBrandRow } from '../repositories/brand-rows';
import { BrandRepository } from '../repositories/brand.repository';
import { brandNotFound, isUuid, requireRole } from './brand-access.policy';

/** The access rule of voice, strategy and AI usage: the brand with the caller's role, or NOT_FOUND / FORBIDDEN. */
@Injectable()
export class BrandRoleService {
  constructor(private readonly brands: BrandRepository) {}

  async require(actor: Actor, brandId: string, needed: BrandRole): Promise<MemberBrandRow> {
    if (!isUuid(brandId)) throw brandNotFound();
    return requireRole(await this.brands.findForMember(brandId, actor), needed);
  }
}
