import { Injectable } from '@nestjs/common';
import { type Actor, type Brand, BRAND_EVENTS, type BrandInput, type BrandPage, type PageQuery, UnitOfWork } from '@mt/messages';
import { validateBrandInput } from '../dtos/brand-input.validator';
import { toBrandData, type MemberBrandRow } from '../repositories/brand-rows';
import { BrandRepository } from '../repositories/brand.repository';
import { MemberProfileRepository } from '../repositories/member-profile.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { brandNotFound, isUuid, requireRole } from './brand-access.policy';
import { decodeCursor, encodeCursor, pageSize } from '@mt/runtime';

/**
 * Brands: create (the creator becomes owner), list the caller's, read (viewer+), edit (editor+),
 * delete (owner). Runs inside the task's transaction, so the change and its events commit together.
 */
@Injectable()
export class BrandService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly brands: BrandRepository,
    private readonly members: MembershipRepository,
    private readonly profiles: MemberProfileRepository,
  ) {}

  async create(actor: Actor, input: unknown, ownerEmail?: string): Promise<Brand> {
    const brand = validateBrandInput(input, 'create') as BrandInput & { name: string };
    const row = await this.brands.insert(brand, actor.userId);
    await this.members.upsert(row.id, actor.userId, 'owner');
    if (ownerEmail) await this.profiles.rememberIfUnknown(actor.userId, ownerEmail);
    const data = toBrandData(row);
    this.uow.publishEvent(BRAND_EVENTS.created, { brand: data, ownerId: actor.userId });
    this.uow.publishEvent(BRAND_EVENTS.accessChanged, {
      brandId: data.id,
      userId: actor.userId,
      role: 'owner',
      changedAt: new Date().toISOString(),
    });
    return { ...data, role: 'owner' };
  }

  async list(actor: Actor, page: PageQuery): Promise<BrandPage> {
    const limit = pageSize(page?.limit);
    const after = decodeCursor(page?.cursor);
    const rows = await this.brands.listForMember(actor, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toBrand),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdKey: last.created_key, id: last.id }) : null,
    };
  }

  async get(actor: Actor, brandId: string): Promise<Brand> {
    if (!isUuid(brandId)) throw brandNotFound();
    return toBrand(requireRole(await this.brands.findForMember(brandId, actor), 'viewer'));
  }

  async update(actor: Actor, brandId: string, changes: unknown): Promise<Brand> {
    const input = validateBrandInput(changes, 'update');
    if (!isUuid(brandId)) throw brandNotFound();
    const { role } = requireRole(await this.brands.findForMember(brandId, actor, { lock: true }), 'editor');
    const data = toBrandData(await this.brands.update(brandId, input));
    this.uow.publishEvent(BRAND_EVENTS.updated, {
      brand: data,
      changed: Object.keys(input) as (keyof BrandInput)[],
      by: actor.userId,
    });
    return { ...data, role };
  }

  /** A soft delete (ADR 026): the row stays for recovery and audit; every query treats it as gone. */
  async remove(actor: Actor, brandId: string): Promise<void> {
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor, { lock: true }), 'owner');
    const deletedAt = await this.brands.softDelete(brandId);
    if (!deletedAt) throw brandNotFound();
    this.uow.publishEvent(BRAND_EVENTS.deleted, {
      brandId,
      by: actor.userId,
      deletedAt: new Date(deletedAt).toISOString(),
    });
  }
}

function toBrand(row: MemberBrandRow): Brand {
  return { ...toBrandData(row), role: row.role };
}
