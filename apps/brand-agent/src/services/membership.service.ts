import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type AddMemberResult,
  AUTH_TASKS,
  BRAND_EVENTS,
  type BrandAccessChangedEvent,
  type BrandRole,
  type Member,
  type MemberPage,
  MeshClient,
  MeshError,
  type PageQuery,
  UnitOfWork,
  type UserRef,
} from '@mt/messages';
import { invalid, validateRole } from '../dtos/brand-input.validator';
import { BrandRepository } from '../repositories/brand.repository';
import { MemberProfileRepository } from '../repositories/member-profile.repository';
import { type MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { brandNotFound, isUuid, requireRole } from './brand-access.policy';
import { decodeCursor, encodeCursor, pageSize } from '@mt/runtime';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Who may act on a brand: list members (viewer+), add or change one (owner), remove one (owner).
 * A brand always keeps at least one owner. Every membership change announces
 * `brand.access.changed`, the feed of the other agents' access replicas.
 */
@Injectable()
export class MembershipService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly mesh: MeshClient,
    private readonly brands: BrandRepository,
    private readonly members: MembershipRepository,
    private readonly profiles: MemberProfileRepository,
  ) {}

  async list(actor: Actor, brandId: string, page: PageQuery | undefined): Promise<MemberPage> {
    if (!isUuid(brandId)) throw brandNotFound();
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

  /**
   * Runs outside the consumer's transaction (`manualTransaction`): auth-agent is asked for the
   * user first, and only then is the transaction opened — never ask another agent while holding
   * one. The owner check comes before the lookup, so only owners learn whether an email is registered.
   */
  async add(actor: Actor, brandId: string, rawEmail: unknown, rawRole: unknown): Promise<AddMemberResult> {
    const role = validateRole(rawRole);
    const email = typeof rawEmail === 'string' ? rawEmail.trim() : '';
    if (!EMAIL.test(email) || email.length > 254) throw invalid([{ field: 'email', message: 'must be an email address' }]);
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor.userId), 'owner');

    const user = await this.findUser(email);
    if (!user) {
      throw new MeshError('UNPROCESSABLE', 'No user is registered with this email; they need to sign up before they can be added', {
        status: 422,
        retryable: false,
        details: { errors: [{ field: 'email', message: 'no registered user has this email' }] },
      });
    }

    return this.uow.transaction(async () => {
      // Checked again under the brand lock: the role may have changed while auth-agent answered.
      requireRole(await this.brands.findForMember(brandId, actor.userId, { lock: true }), 'owner');
      const current = await this.members.find(brandId, user.id);
      if (current?.role === 'owner' && role !== 'owner') await this.keepAnOwner(brandId, 'change the role of');
      const { previous } = await this.members.upsert(brandId, user.id, role);
      await this.profiles.remember(user.id, user.email, user.name ?? null);
      if (previous !== role) this.announce(brandId, user.id, role);
      const member = await this.members.find(brandId, user.id);
      return { member: toMember(member as MemberRow), created: previous === null };
    });
  }

  async remove(actor: Actor, brandId: string, userId: string): Promise<void> {
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor.userId, { lock: true }), 'owner');
    const target = isUuid(userId) ? await this.members.find(brandId, userId) : null;
    if (!target) throw new MeshError('NOT_FOUND', 'This user is not a member of the brand', { status: 404, retryable: false });
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
    this.uow.publishEvent<BrandAccessChangedEvent>(BRAND_EVENTS.accessChanged, {
      brandId,
      userId,
      role,
      changedAt: new Date().toISOString(),
    });
  }

  private async findUser(email: string): Promise<UserRef | null> {
    const parent = this.uow.currentMessage();
    try {
      return await this.mesh.request<UserRef | null>(
        AUTH_TASKS.findUserByEmail,
        { email },
        parent ? { parent: { trace_id: parent.trace_id, span_id: parent.span_id, correlation_id: parent.correlation_id } } : {},
      );
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }
}

export function toMember(r: MemberRow): Member {
  return { userId: r.user_id, email: r.email, name: r.name, role: r.role, createdAt: new Date(r.created_at).toISOString() };
}
