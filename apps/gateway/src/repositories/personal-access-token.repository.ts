import { Injectable } from '@nestjs/common';
import { type TokenScope, UnitOfWork } from '@mt/messages';

/** The scopes a token may carry: the token shapes' (ADR 190). */
export { TOKEN_SCOPES, type TokenScope } from '@mt/messages';

export interface TokenRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  brand_ids: string[] | null;
  /** numeric: pg answers it as text. */
  ai_budget_usd: string | number | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, user_id, email, name, prefix, scopes, brand_ids, ai_budget_usd, expires_at, last_used_at, revoked_at, created_at';

/** Personal access tokens (ADR 117): the gateway's own table. */
@Injectable()
export class PersonalAccessTokenRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async insert(t: {
    userId: string;
    email: string;
    name: string;
    prefix: string;
    tokenHash: string;
    scopes: TokenScope[];
    brandIds: string[] | null;
    aiBudgetUsd: number | null;
    expiresAt: Date | null;
  }): Promise<TokenRow> {
    const rows: TokenRow[] = await this.uow.manager().query(
      `INSERT INTO "gateway".personal_access_token (user_id, email, name, prefix, token_hash, scopes, brand_ids, ai_budget_usd, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [t.userId, t.email, t.name, t.prefix, t.tokenHash, t.scopes, t.brandIds, t.aiBudgetUsd, t.expiresAt],
    );
    return rows[0];
  }

  /** A live token by the hash of its secret: not revoked, not expired. */
  async findLive(tokenHash: string, now: Date): Promise<TokenRow | null> {
    const rows: TokenRow[] = await this.uow.manager().query(
      `SELECT ${COLUMNS} FROM "gateway".personal_access_token
        WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  /** The user's tokens that are not revoked, newest first. */
  async listOfUser(userId: string): Promise<TokenRow[]> {
    return this.uow
      .manager()
      .query(`SELECT ${COLUMNS} FROM "gateway".personal_access_token WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 100`, [
        userId,
      ]);
  }

  async countLive(userId: string): Promise<number> {
    const rows: { n: number }[] = await this.uow
      .manager()
      .query(`SELECT count(*)::int AS n FROM "gateway".personal_access_token WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    return rows[0].n;
  }

  /** Revokes one of the user's tokens; false when they have no such live token. */
  async revoke(userId: string, id: string, now: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.uow
      .manager()
      .query(`UPDATE "gateway".personal_access_token SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`, [
        id,
        userId,
        now,
      ]);
    return rows.length === 1;
  }

  /**
   * Records use, at most once a minute per token (a write per request would cost more than the
   * check). Not awaited by its caller, so never on the caller's transaction.
   */
  async touch(id: string, now: Date): Promise<void> {
    await this.uow
      .poolManager()
      .query(
        `UPDATE "gateway".personal_access_token SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2 - interval '1 minute')`,
        [id, now],
      );
  }
}
