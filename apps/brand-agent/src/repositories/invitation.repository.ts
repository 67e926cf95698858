import { Injectable } from '@nestjs/common';
import { type BrandRole, UnitOfWork } from '@mt/messages';
import { utcKeySql } from '@mt/runtime';

export interface InvitationRow {
  id: string;
  brand_id: string;
  brand_name: string;
  email: string;
  role: BrandRole;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_key: string;
}

export interface InvitationKey {
  createdKey: string;
  id: string;
}

const COLUMNS = `i.id, i.brand_id, b.name AS brand_name, i.email, i.role, COALESCE(p.name, p.email) AS invited_by,
  i.created_at, i.expires_at, i.accepted_at, i.revoked_at, ${utcKeySql('i.created_at')} AS created_key`;
const FROM = `"brand".invitation i
  JOIN "brand".brand b ON b.id = i.brand_id AND b.deleted_at IS NULL
  LEFT JOIN "brand".member_profile p ON p.user_id = i.invited_by`;
const PENDING = `i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $NOW`;

/** Invitations of live brands (ADR 115). Emails are stored and compared lower-cased. */
@Injectable()
export class InvitationRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Serialises, until commit, the two pieces of work that decide who tells an invitee: sending an
   * invitation (is there an account?) and learning a new account (are there invitations?). Without
   * it, both can run at once, each miss the other's uncommitted row, and nobody gets the notice.
   */
  async lockAddress(email: string): Promise<void> {
    await this.uow.manager().query(`SELECT pg_advisory_xact_lock(7502, hashtext($1))`, [email]);
  }

  /** The account an address belongs to, from the member directory (filled by `user.registered`). */
  async userIdByEmail(email: string): Promise<string | null> {
    const rows: { user_id: string }[] = await this.uow
      .manager()
      .query(`SELECT user_id FROM "brand".member_profile WHERE lower(email) = $1 ORDER BY updated_at DESC LIMIT 1`, [email]);
    return rows[0]?.user_id ?? null;
  }

  /** A new invitation replaces the brand's pending one for the same address (its link stops working). */
  async replacePending(brandId: string, email: string, now: Date): Promise<void> {
    await this.uow.manager().query(
      `UPDATE "brand".invitation SET revoked_at = $3
        WHERE brand_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
      [brandId, email, now],
    );
  }

  async insert(i: { brandId: string; email: string; role: BrandRole; tokenHash: string; invitedBy: string; expiresAt: Date }): Promise<string> {
    const rows: { id: string }[] = await this.uow
      .manager()
      .query(`INSERT INTO "brand".invitation (brand_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        i.brandId,
        i.email,
        i.role,
        i.tokenHash,
        i.invitedBy,
        i.expiresAt,
      ]);
    return rows[0].id;
  }

  async findById(id: string): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await this.uow.manager().query(`SELECT ${COLUMNS} FROM ${FROM} WHERE i.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A pending invitation addressed to `email`, by its id or by the hash of its token. */
  async findPendingFor(by: { id: string } | { tokenHash: string }, email: string, now: Date, lock = false): Promise<InvitationRow | null> {
    const where = 'id' in by ? 'i.id = $1' : 'i.token_hash = $1';
    const rows: InvitationRow[] = await this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} AND i.email = $2 AND ${PENDING.replace('$NOW', '$3')}${lock ? ' FOR UPDATE OF i' : ''}`, [
        'id' in by ? by.id : by.tokenHash,
        email,
        now,
      ]);
    return rows[0] ?? null;
  }

  /** Spends a pending invitation; false when it was no longer pending (used, revoked or expired meanwhile). */
  async markAccepted(id: string, userId: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.uow
      .manager()
      .query(`UPDATE "brand".invitation i SET accepted_at = $3, accepted_by = $2 WHERE i.id = $1 AND ${PENDING.replace('$NOW', '$3')} RETURNING i.id`, [
        id,
        userId,
        now,
      ]);
    return rows.length === 1;
  }

  async markRevoked(id: string, now: Date): Promise<void> {
    await this.uow.manager().query(`UPDATE "brand".invitation SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL AND accepted_at IS NULL`, [id, now]);
  }

  /** A brand's pending invitations, newest first, keyset-paginated by (created_at, id). */
  async listPendingOfBrand(brandId: string, now: Date, limit: number, after: InvitationKey | null): Promise<InvitationRow[]> {
    const params: unknown[] = [brandId, now, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.id);
      keyset = 'AND (i.created_at, i.id) < ($4::timestamptz, $5::uuid)';
    }
    return this.uow.manager().query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE i.brand_id = $1 AND ${PENDING.replace('$NOW', '$2')} ${keyset}
        ORDER BY i.created_at DESC, i.id DESC LIMIT $3`,
      params,
    );
  }

  /** The pending invitations addressed to an email, newest first. */
  async listPendingForEmail(email: string, now: Date, limit: number, after: InvitationKey | null): Promise<InvitationRow[]> {
    const params: unknown[] = [email, now, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.id);
      keyset = 'AND (i.created_at, i.id) < ($4::timestamptz, $5::uuid)';
    }
    return this.uow.manager().query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE i.email = $1 AND ${PENDING.replace('$NOW', '$2')} ${keyset}
        ORDER BY i.created_at DESC, i.id DESC LIMIT $3`,
      params,
    );
  }
}
