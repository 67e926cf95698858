import { Injectable } from '@nestjs/common';
import { type Actor, actorReaches, type BrandInput, UnitOfWork } from '@mt/messages';
import { BRAND_COLUMNS, type BrandRow, type MemberBrandRow, type PageKey } from './brand-rows';

/** Column of each writable brand field. */
const COLUMNS: Record<keyof BrandInput, string> = {
  name: 'name',
  industry: 'industry',
  description: 'description',
  website: 'website',
  audience: 'audience',
  tone: 'tone',
  values: '"values"',
  bannedWords: 'banned_words',
  pillars: 'pillars',
  competitors: 'competitors',
  timezone: 'timezone',
};

/**
 * Brands, always read through the caller's membership: every query joins `membership` on the
 * user, so a brand the user has no role in is never loaded at all (no "check, then load" race).
 * Every call runs on the unit of work's manager, so it joins the handler's transaction.
 */
@Injectable()
export class BrandRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(input: BrandInput & { name: string }, createdBy: string): Promise<BrandRow> {
    const fields = writable(input);
    const cols = ['created_by', ...fields.map(([k]) => COLUMNS[k])];
    const values = [createdBy, ...fields.map(([, v]) => v)];
    const rows: BrandRow[] = await this.uow.manager().query(
      `INSERT INTO "brand".brand AS b (${cols.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       RETURNING ${BRAND_COLUMNS}`,
      values,
    );
    return rows[0];
  }

  /**
   * The brand with the user's role on it, or null when it does not exist, is deleted, or the user
   * has no role. `lock` takes the brand row and the caller's membership FOR UPDATE: membership
   * changes and edits of one brand then run one after another (the last-owner rule depends on it),
   * and a caller whose membership was removed or changed meanwhile is re-read, not trusted from
   * before the wait (the brand row is always locked first, so two writers cannot deadlock).
   */
  async findForMember(brandId: string, actor: Actor, opts: { lock?: boolean } = {}): Promise<MemberBrandRow | null> {
    // A brand-restricted personal access token reaches only its brands (ADR 117).
    if (!actorReaches(actor, brandId)) return null;
    const userId = actor.userId;
    const rows: MemberBrandRow[] = await this.uow.manager().query(
      `SELECT ${BRAND_COLUMNS}, m.role
         FROM "brand".brand b
         JOIN "brand".membership m ON m.brand_id = b.id AND m.user_id = $2
        WHERE b.id = $1 AND b.deleted_at IS NULL
        ${opts.lock ? 'FOR UPDATE OF b, m' : ''}`,
      [brandId, userId],
    );
    return rows[0] ?? null;
  }

  /** Locks a live brand's row (the first lock of every membership change); false when there is none. */
  async lockLive(brandId: string): Promise<boolean> {
    const rows: { id: string }[] = await this.uow
      .manager()
      .query(`SELECT b.id FROM "brand".brand b WHERE b.id = $1 AND b.deleted_at IS NULL FOR UPDATE OF b`, [brandId]);
    return rows.length === 1;
  }

  /** The user's brands, newest first, keyset-paginated on (created_at, id); `limit` rows at most. */
  async listForMember(actor: Actor, limit: number, after: PageKey | null): Promise<MemberBrandRow[]> {
    const params: unknown[] = [actor.userId, limit];
    let keyset = '';
    if (after) {
      params.push(after.createdKey, after.id);
      keyset = 'AND (b.created_at, b.id) < ($3::timestamptz, $4::uuid)';
    }
    if (actor.brandIds) {
      params.push(actor.brandIds);
      keyset += ` AND b.id = ANY($${params.length}::uuid[])`;
    }
    return this.uow.manager().query(
      `SELECT ${BRAND_COLUMNS}, m.role
         FROM "brand".membership m
         JOIN "brand".brand b ON b.id = m.brand_id
        WHERE m.user_id = $1 AND b.deleted_at IS NULL ${keyset}
        ORDER BY b.created_at DESC, b.id DESC
        LIMIT $2`,
      params,
    );
  }

  /** Applies the given fields (a null clears a text field) and returns the new row. */
  async update(brandId: string, changes: BrandInput): Promise<BrandRow> {
    const fields = writable(changes);
    const sets = fields.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`);
    // TypeORM answers UPDATE and DELETE as [rows, affected count].
    const [rows]: [BrandRow[], number] = await this.uow.manager().query(
      `UPDATE "brand".brand AS b SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE b.id = $1 AND b.deleted_at IS NULL
        RETURNING ${BRAND_COLUMNS}`,
      [brandId, ...fields.map(([, v]) => v)],
    );
    return rows[0];
  }

  /** A brand by id, deleted or not, for other agents' replicas (not for users: no membership check). */
  async findById(brandId: string): Promise<(BrandRow & { deleted_at: Date | null }) | null> {
    const rows: (BrandRow & { deleted_at: Date | null })[] = await this.uow
      .manager()
      .query(`SELECT ${BRAND_COLUMNS}, b.deleted_at FROM "brand".brand b WHERE b.id = $1`, [brandId]);
    return rows[0] ?? null;
  }

  /**
   * A live brand, its row locked FOR UPDATE: voice and strategy versions of one brand are numbered
   * one writer at a time (a job's commit and the learning loop's handlers may race).
   */
  async lockById(brandId: string): Promise<BrandRow | null> {
    const rows: BrandRow[] = await this.uow
      .manager()
      .query(`SELECT ${BRAND_COLUMNS} FROM "brand".brand b WHERE b.id = $1 AND b.deleted_at IS NULL FOR UPDATE OF b`, [brandId]);
    return rows[0] ?? null;
  }

  /** Stamps deleted_at; returns when, or null when it was already gone. */
  async softDelete(brandId: string): Promise<Date | null> {
    const [rows]: [{ deleted_at: Date }[], number] = await this.uow.manager().query(
      `UPDATE "brand".brand SET deleted_at = now(), updated_at = now()
        WHERE id = $1 AND deleted_at IS NULL RETURNING deleted_at`,
      [brandId],
    );
    return rows[0]?.deleted_at ?? null;
  }
}

function writable(input: BrandInput): [keyof BrandInput, unknown][] {
  return (Object.keys(COLUMNS) as (keyof BrandInput)[]).filter((k) => input[k] !== undefined).map((k) => [k, input[k]]);
}
