import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AcceptInvitationResult,
  type Actor,
  BRAND_EVENTS,
  checkedByShape,
  type Invitation,
  InviteMemberShape,
  MeshError,
  type Page,
  type PageQuery,
  UnitOfWork,
} from '@mt/messages';
import { decodeCursor, encodeCursor, Mailer, pageSize, AppLogger } from '@mt/runtime';
import { INVITATION_CONFIG, type InvitationConfig } from '../config/invitation.config';
import { GATEWAY_WORDING } from '../dtos/brand-input.validator';
import { BrandRepository } from '../repositories/brand.repository';
import { type InvitationRow, InvitationRepository } from '../repositories/invitation.repository';
import { MemberProfileRepository } from '../repositories/member-profile.repository';
import { brandNotFound, isUuid, requireRole } from './brand-access.policy';
import { MembershipService } from './membership.service';

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** The token is 32 random bytes, base64url: 43 characters. */
const TOKEN = /^[\w-]{43}$/;

const noSuchInvitation = () =>
  new MeshError('NOT_FOUND', 'No pending invitation for you here: it may have been used, revoked or have expired, or it is addressed to another email', {
    status: 404,
    retryable: false,
  });

/**
 * Invitations (ADR 115). An owner invites an address; the answer is the same whether or not the
 * address belongs to an account, and the work done is the same too (one directory read, one row,
 * one event, one mail sent after the answer). The invitee accepts, signed in with that address:
 * with the mailed token, or in the app by the invitation's id. Only the token's hash is stored; a
 * token works once, until it expires; a new invitation to the same address replaces the old one.
 */
@Injectable()
export class InvitationService {
  private readonly logger = new AppLogger('Invitations');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly brands: BrandRepository,
    private readonly invitations: InvitationRepository,
    private readonly profiles: MemberProfileRepository,
    private readonly memberships: MembershipService,
    private readonly mailer: Mailer,
    @Inject(INVITATION_CONFIG) private readonly config: InvitationConfig,
  ) {}

  /** Runs outside the consumer's transaction (`manualTransaction`), so the mail leaves only after the commit. */
  async invite(actor: Actor, brandId: string, rawEmail: unknown, rawRole: unknown, now = new Date()): Promise<Invitation> {
    // The gateway's own shape (ADR 182), on the address as it is stored: trimmed and lower-cased.
    const { email, role } = checkedByShape(
      InviteMemberShape,
      { email: typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : rawEmail, role: rawRole },
      GATEWAY_WORDING,
    );
    if (!isUuid(brandId)) throw brandNotFound();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.invitationTtlMs);

    const invitation = await this.uow.transaction(async () => {
      const brand = requireRole(await this.brands.findForMember(brandId, actor, { lock: true }), 'owner');
      // Read for every address alike; the result only decides who gets the in-app notice, after the answer.
      await this.invitations.lockAddress(email);
      const inviteeUserId = await this.invitations.userIdByEmail(email);
      await this.invitations.replacePending(brandId, email, now);
      const id = await this.invitations.insert({ brandId, email, role, tokenHash: sha256(token), invitedBy: actor.userId, expiresAt });
      const row = (await this.invitations.findById(id)) as InvitationRow;
      this.uow.publishEvent(BRAND_EVENTS.invitationCreated, {
        invitationId: id,
        brandId,
        brandName: brand.name,
        role,
        invitedBy: row.invited_by,
        inviteeUserId,
        expiresAt: expiresAt.toISOString(),
      });
      return toInvitation(row, now);
    });

    const days = Math.round(this.config.invitationTtlMs / 86_400_000);
    const lifetime = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.round(this.config.invitationTtlMs / 3_600_000)} hours`;
    void this.mailer
      .send({
        to: email,
        subject: `You are invited to ${invitation.brandName} on Marketing Team`,
        text:
          `${invitation.invitedBy ?? 'An owner'} invited ${email} to join ${invitation.brandName} on Marketing Team as ${role}.\n\n` +
          `To accept, open this link within ${lifetime} and sign in (or create an account) with this address:\n` +
          `${this.config.publicUrl}/accept-invitation?token=${token}\n\n` +
          `If you did not expect this, ignore this mail: nothing happens unless you accept.\n`,
      })
      .catch((err: Error) => this.logger.error('the invitation mail was not sent', { error: err.message }));
    return invitation;
  }

  /** The brand's pending invitations (owners). */
  async listOfBrand(actor: Actor, brandId: string, page: PageQuery | undefined, now = new Date()): Promise<Page<Invitation>> {
    if (!isUuid(brandId)) throw brandNotFound();
    requireRole(await this.brands.findForMember(brandId, actor), 'owner');
    const limit = pageSize(page?.limit);
    const after = decodeCursor(page?.cursor);
    return this.page(await this.invitations.listPendingOfBrand(brandId, now, limit + 1, after), limit, now);
  }

  /** The pending invitations addressed to the caller's (verified) email. */
  async listMine(actor: Actor, email: string, page: PageQuery | undefined, now = new Date()): Promise<Page<Invitation>> {
    const limit = pageSize(page?.limit);
    const after = decodeCursor(page?.cursor);
    return this.page(await this.invitations.listPendingForEmail(email.trim().toLowerCase(), now, limit + 1, after), limit, now);
  }

  /**
   * Joins the brand with the invited role. The same NOT_FOUND for an unknown, spent, revoked,
   * expired token and for one addressed to someone else: a key tells nothing to a stranger.
   */
  async accept(actor: Actor, rawEmail: string, key: string, now = new Date()): Promise<AcceptInvitationResult> {
    const email = rawEmail.trim().toLowerCase();
    const by = isUuid(key) ? { id: key } : TOKEN.test(key) ? { tokenHash: sha256(key) } : null;
    if (!by) throw noSuchInvitation();
    const found = await this.invitations.findPendingFor(by, email, now);
    if (!found) throw noSuchInvitation();
    // Lock order of every membership change: the brand row first (the owner's lock), then the invitation.
    if (!(await this.brands.lockLive(found.brand_id))) throw noSuchInvitation();
    const invitation = await this.invitations.findPendingFor(by, email, now, true);
    if (!invitation || !(await this.invitations.markAccepted(invitation.id, actor.userId, now))) throw noSuchInvitation();
    await this.profiles.rememberIfUnknown(actor.userId, email);
    await this.memberships.setRole(invitation.brand_id, actor.userId, invitation.role);
    return { brandId: invitation.brand_id, brandName: invitation.brand_name, role: invitation.role };
  }

  /** Withdraws a pending invitation (owners of its brand); its link stops working at once. */
  async revoke(actor: Actor, invitationId: string, now = new Date()): Promise<void> {
    const invitation = isUuid(invitationId) ? await this.invitations.findById(invitationId) : null;
    if (!invitation) throw noSuchInvitationOfBrand();
    const role = await this.brands.findForMember(invitation.brand_id, actor, { lock: true });
    if (!role) throw noSuchInvitationOfBrand();
    requireRole(role, 'owner');
    if (invitation.accepted_at) {
      throw new MeshError('CONFLICT', 'This invitation was already accepted; remove the member instead', { status: 409, retryable: false });
    }
    await this.invitations.markRevoked(invitation.id, now);
  }

  private page(rows: InvitationRow[], limit: number, now: Date): Page<Invitation> {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => toInvitation(r, now)),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdKey: last.created_key, id: last.id }) : null,
    };
  }
}

const noSuchInvitationOfBrand = () => new MeshError('NOT_FOUND', 'No such invitation', { status: 404, retryable: false });

export function toInvitation(r: InvitationRow, now: Date): Invitation {
  const status = r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : new Date(r.expires_at) <= now ? 'expired' : 'pending';
  return {
    id: r.id,
    brandId: r.brand_id,
    brandName: r.brand_name,
    email: r.email,
    role: r.role,
    status,
    invitedBy: r.invited_by,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
  };
}
