import { AppLogger } from '@mt/runtime';
import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BRAND_TASKS, MeshClient } from '@mt/messages';
import type { CurrentUserInfo } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { PersonalAccessTokenRepository, type TokenRow, type TokenScope } from '../repositories/personal-access-token.repository';

export const TOKEN_PREFIX = 'mt_pat_';
/** `mt_pat_` and 32 random bytes in base64url. */
const TOKEN_SHAPE = /^mt_pat_[A-Za-z0-9_-]{43}$/;
const MAX_LIVE_TOKENS = 50;
const MAX_LIFETIME_MS = 366 * 86_400_000;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface TokenView {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it; the token itself is shown once. */
  prefix: string;
  scopes: TokenScope[];
  /** null: every brand of the user. */
  brandIds: string[] | null;
  /** The token's own monthly AI budget in USD; null: only its user's brands' budgets apply. */
  aiBudgetUsd: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const view = (r: TokenRow): TokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: [...r.scopes],
  brandIds: r.brand_ids,
  aiBudgetUsd: r.ai_budget_usd === null ? null : Number(r.ai_budget_usd),
  createdAt: new Date(r.created_at).toISOString(),
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
  expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
});

/**
 * Personal access tokens (ADR 117): made by a signed-in user, shown once, stored as a SHA-256,
 * checked by a database read on every request (so a revocation holds at once on every gateway
 * replica, which share the database), and acting as their user — never more than the user's
 * current role on a brand, and never more than their scopes and brands.
 */
@Injectable()
export class PersonalAccessTokensService {
  private readonly logger = new AppLogger('PersonalAccessTokens');

  constructor(
    private readonly tokens: PersonalAccessTokenRepository,
    private readonly mesh: MeshClient,
  ) {}

  async create(
    user: CurrentUserInfo,
    input: { name: string; scopes: TokenScope[]; brandIds?: string[]; aiBudgetUsd?: number | null; expiresAt?: string },
    now = new Date(),
  ): Promise<TokenView & { token: string }> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + MAX_LIFETIME_MS)) {
      throw new ProblemError('VALIDATION_FAILED', 'expiresAt must be in the future and within a year', {
        errors: [{ field: 'expiresAt', message: 'must be in the future and within a year' }],
      });
    }
    const brandIds = input.brandIds ? [...new Set(input.brandIds)] : null;
    for (const brandId of brandIds ?? []) {
      // The same answer for a brand that does not exist and one the user has no role in.
      const access = await this.mesh.request(BRAND_TASKS.access, { userId: user.id, brandId });
      if (!access.role) {
        throw new ProblemError('VALIDATION_FAILED', `brandIds: ${brandId} is not a brand of yours`, {
          errors: [{ field: 'brandIds', message: `${brandId} is not a brand of yours` }],
        });
      }
    }
    if ((await this.tokens.countLive(user.id)) >= MAX_LIVE_TOKENS) {
      throw new ProblemError('CONFLICT', `At most ${MAX_LIVE_TOKENS} tokens at a time: revoke one first.`);
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.tokens.insert({
      userId: user.id,
      email: user.email,
      name: input.name.trim(),
      prefix: token.slice(0, TOKEN_PREFIX.length + 4),
      tokenHash: sha256(token),
      scopes: [...new Set(input.scopes)],
      brandIds,
      aiBudgetUsd: input.aiBudgetUsd ?? null,
      expiresAt,
    });
    return { ...view(row), token };
  }

  async list(user: CurrentUserInfo): Promise<{ items: TokenView[]; nextCursor: null }> {
    return { items: (await this.tokens.listOfUser(user.id)).map(view), nextCursor: null };
  }

  async revoke(user: CurrentUserInfo, id: string, now = new Date()): Promise<void> {
    if (!(await this.tokens.revoke(user.id, id, now))) throw new ProblemError('NOT_FOUND', 'No such token of yours.');
  }

  /** The caller a `mt_pat_…` token stands for, or null (unknown, revoked, expired). */
  async authenticate(token: string, now = new Date()): Promise<CurrentUserInfo | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = await this.tokens.findLive(sha256(token), now);
    if (!row) return null;
    void this.tokens.touch(row.id, now).catch((err: Error) => this.logger.warn('last use of a token not recorded', { error: err.message }));
    return {
      id: row.user_id,
      email: row.email,
      sessionId: `pat:${row.id}`,
      token: {
        id: row.id,
        scopes: row.scopes,
        brandIds: row.brand_ids,
        aiBudgetUsd: row.ai_budget_usd === null ? null : Number(row.ai_budget_usd),
      },
    };
  }
}
