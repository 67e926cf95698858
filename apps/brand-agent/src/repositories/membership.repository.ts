import { Injectable } from '@nestjs/common';
import { type BrandRole, UnitOfWork } from '@mt/messages';
import { utcKeySql } from '@mt/runtime';

export interface MemberRow {
  user_id: string;
  role: BrandRole;
  created_at: Date;
  email: string | null;
  name: string | null;
  created_key: string;
}

export interface MemberKey {
  createdKey: string;
  userId: string;
}

const MEMBER_COLUMNS = `m.user_id, m.role, m.created_at, p.email, p.name, ${utcKeySql('m.created_at')} AS created_key`;

/** Memberships of live brands. Writes assume the caller holds the brand row lock (BrandRepository.findForMember with lock). */
@Injectable()
export class MembershipRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The user's role on a live brand, or null: the answer behind `brand.access.get`. */
  async roleOf(brandId: string, userId: string): Promise<BrandRole | null> {
    const rows: { role: BrandRole }[] = await this.uow.manager().query(
      `SELECT m.role FROM "brand".membership m
         JOIN "brand".brand b ON b.id = m.brand_id AND b.deleted_at IS NULL
        WHERE m.brand_id = $1 AND m.user_id = $2`,
      [brandId, userId],
    );
    return rows[0]?.role ?? null;
  }

  /** Sets the user's role; answers the role they had before (null: they were not a member). */
  async upsert(brandId: string, userId: string, role: BrandRole): Promise<{ previous: BrandRole | null }> {
    const rows: { previous: BrandRole | null }[] = await this.uow.manager().query(
      `WITH before AS (SELECT role FROM "brand".membership WHERE brand_id = $1 AND user_id = $2)
       INSERT INTO "brand".membership (brand_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (brand_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
       RETURNING (SELECT role FROM before) AS previous`,
      [brandId, userId, role],
    );
    return { previous: rows[0]?.previous ?? null };
  }

  /** Removes the membership; answers the role it had (null: there was none). */
  async remove(brandId: string, userId: string): Promise<BrandRole | null> {
    // TypeORM answers UPDATE and DELETE as [rows, affected count].
    const [rows]: [{ role: BrandRole }[], number] = await this.uow
      .manager()
      .query(`DELETE FROM "brand".membership WHERE brand_id = $1 AND user_id = $2 RETURNING role`, [brandId, userId]);
    return rows[0]?.role ?? null;
  }

  async countOwners(brandId: string): Promise<number> {
    const rows: { n: number }[] = await this.uow
      .manager()
      .query(`SELECT count(*)::int AS n FROM "brand".membership WHERE brand_id = $1 AND role = 'owner'`, [brandId]);
    return rows[0].n;
  }

  async find(brandId: string, userId: string): Promise<MemberRow | null> {
    const rows: MemberRow[] = await this.uow.manager().query(
      `SELECT ${MEMBER_COLUMNS} FROM "brand".membership m
         LEFT JOIN "brand".member_profile p ON p.user_id = m.user_id
        WHERE m.brand_id = $1 AND m.user_id = $2`,
      [brandId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * The brand's members, oldest first, keyset-paginated on (created_at, user_id) — only when the
   * asking user is a member of the live brand (checked in the same statement).
   */
  async listVisibleTo(brandId: string, askingUserId: string, limit: number, after: MemberKey | null): Promise<MemberRow[]> {
    const params: unknown[] = [brandId, askingUserId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.userId);
      keyset = 'AND (m.created_at, m.user_id) > ($4::timestamptz, $5::uuid)';
    }
    return this.uow.manager().query(
      `SELECT ${MEMBER_COLUMNS}
         FROM "brand".membership m
         LEFT JOIN "brand".member_profile p ON p.user_id = m.user_id
        WHERE m.brand_id = $1 ${keyset}
          AND EXISTS (SELECT 1 FROM "brand".membership me
                        JOIN "brand".brand b ON b.id = me.brand_id AND b.deleted_at IS NULL
                       WHERE me.brand_id = $1 AND me.user_id = $2)
        ORDER BY m.created_at, m.user_id
        LIMIT $3`,
      params,
    );
  }
}
