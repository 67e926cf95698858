import { Injectable } from '@nestjs/common';
import { type Actor, actorReaches, BRAND_EVENTS, type BrandRole, type Member, type MemberPage, MeshError, type PageQuery, UnitOfWork } from '@mt/messages';
import { validateRole } from '../dtos/brand-input.validator';
import { BrandRepository } from '../repositories/brand.repository';
import { type MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { brandNotFound, isUuid, requireRole } from './brand-access.policy';
import { decodeCursor, encodeCursor, pageSize } from '@mt/runtime';

/**
 * Who may act on a brand: list members (viewer+), change a role (owner), remove one (owner); people
 * join by accepting an invitation (InvitationService).
 * A brand always keeps at least one owner. Every membership change announces
 * `brand.access.changed`, the feed of the other agents' access replicas.
 */
@Injectable()
export class MembershipService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly brands: BrandRepository,
    private readonly members: MembershipRepository,
  ) {}

  async list(actor: Actor, brandId: string, page: PageQuery | undefined): Promise<MemberPage> {
    if (!isUuid(brandId) || !actorReaches(actor, brandId)) throw brandNotFound();
    const limit = pageSize(page?.limit);
    const after = decodeCursor(page?.cursor);
    const rows = await this.members.listVisibleTo(brandId, actor.userId, limit + 1, after && { createdKey: after.createdKey, userId: after.id });
    // A member always sees at least themselves on the first page; an empty later page needs the role to tell "end" from "not yours".
    if (rows.length === 0 && (!after || !(await this.members.roleOf(brandId, actor.userId)))) throw brandNotFound();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toMember),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdKey: last.created_key, id: last.user_id }) : null,
    };
  }

  /** Changes the role of a member (owner). Adding someone is an invitation they accept (InvitationService). */
  async changeRole(actor: Actor, brandId: string, userId: string, rawRole: unknown): Promise<Member> {
    const role = validateRole(rawRole);
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor, { lock: true }), 'owner');
    if (!isUuid(userId) || !(await this.members.find(brandId, userId))) throw memberNotFound();
    return this.setRole(brandId, userId, role);
  }

  /**
   * Gives a user a role on a brand whose row the caller has locked (a role change, or an accepted
   * invitation): keeps an owner, announces the change when there is one.
   */
  async setRole(brandId: string, userId: string, role: BrandRole): Promise<Member> {
    const current = await this.members.find(brandId, userId);
    if (current?.role === 'owner' && role !== 'owner') await this.keepAnOwner(brandId, 'change the role of');
    const { previous } = await this.members.upsert(brandId, userId, role);
    if (previous !== role) this.announce(brandId, userId, role);
    return toMember((await this.members.find(brandId, userId)) as MemberRow);
  }

  async remove(actor: Actor, brandId: string, userId: string): Promise<void> {
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor, { lock: true }), 'owner');
    const target = isUuid(userId) ? await this.members.find(brandId, userId) : null;
    if (!target) throw memberNotFound();
    if (target.role === 'owner') await this.keepAnOwner(brandId, 'remove');
    await this.members.remove(brandId, userId);
    this.announce(brandId, userId, null);
  }

  /** The authority behind every other agent's access check (their replicas ask on a miss). */
  async access(userId: string, brandId: string): Promise<BrandRole | null> {
    if (!isUuid(userId) || !isUuid(brandId)) return null;
    return this.members.roleOf(brandId, userId);
  }

  /** Called with the brand row locked, so two owners cannot remove each other at the same time. */
  private async keepAnOwner(brandId: string, action: string): Promise<void> {
    if ((await this.members.countOwners(brandId)) <= 1) {
      throw new MeshError('CONFLICT', `Cannot ${action} the last owner of the brand; make someone else owner first`, {
        status: 409,
        retryable: false,
      });
    }
  }

  private announce(brandId: string, userId: string, role: BrandRole | null): void {
    this.uow.publishEvent(BRAND_EVENTS.accessChanged, {
      brandId,
      userId,
      role,
      changedAt: new Date().toISOString(),
    });
  }
}

const memberNotFound = () => new MeshError('NOT_FOUND', 'This user is not a member of the brand', { status: 404, retryable: false });

export function toMember(r: MemberRow): Member {
  return { userId: r.user_id, email: r.email, name: r.name, role: r.role, createdAt: new Date(r.created_at).toISOString() };
}
