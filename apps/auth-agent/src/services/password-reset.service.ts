import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type PasswordResetConfirmPayload, type PasswordResetDone, type PasswordResetRequested, UnitOfWork } from '@mt/messages';
import { Mailer, AppLogger } from '@mt/runtime';
import { MAIL_CONFIG, type MailConfig } from '../config/mail.config';
import { RefreshTokenRepository } from '../repositories/refresh-token.repository';
import { UserRepository } from '../repositories/user.repository';
import { authErrors } from './auth-errors';
import { PasswordHasher } from './password-hasher.service';
import { emailErrors, normalizeEmail, passwordErrors } from './password-policy';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Password reset (ADR 104): a request mails a link with a random token to a registered address and
 * answers the same whether or not the address is registered (the mail goes out after the answer,
 * so the time tells nothing either). The token is stored hashed, works once, for
 * PASSWORD_RESET_TTL_MS; using it sets the new password and ends every session of the user.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new AppLogger('PasswordReset');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  async request(email: string, now = new Date()): Promise<PasswordResetRequested> {
    if (emailErrors(email).length > 0) throw authErrors.validation(emailErrors(email));
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (user) {
      const token = randomBytes(32).toString('base64url');
      await this.uow
        .manager()
        .query(`INSERT INTO "auth".password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
          hash(token),
          user.id,
          new Date(now.getTime() + this.config.passwordResetTtlMs),
        ]);
      const minutes = Math.round(this.config.passwordResetTtlMs / 60_000);
      const link = `${this.config.publicUrl}/reset-password?token=${token}`;
      void this.mailer
        .send({
          to: user.email,
          subject: 'Reset your Marketing Team password',
          text: `Someone asked to reset the password of ${user.email}.\n\nTo choose a new password, open this link within ${minutes} minutes:\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
        })
        .catch((err: Error) => this.logger.error('the password reset mail was not sent', { error: err.message }));
    }
    return { status: 'requested' };
  }

  async confirm(p: PasswordResetConfirmPayload, now = new Date()): Promise<PasswordResetDone> {
    const invalidToken = () => authErrors.validation([{ field: 'token', message: 'is invalid, used or expired: ask for a new link' }]);
    if (typeof p.token !== 'string' || !p.token) throw invalidToken();
    const [row]: { user_id: string }[] = await this.uow
      .manager()
      .query(`SELECT user_id FROM "auth".password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, [hash(p.token), now]);
    const user = row ? await this.users.findById(row.user_id) : null;
    if (!user) throw invalidToken();
    const errors = passwordErrors(p.password, user.email, user.name);
    if (errors.length > 0) throw authErrors.validation(errors);
    const passwordHash = await this.hasher.hash(p.password);
    return this.uow.transaction(async () => {
      // Spent here, in the transaction that changes the password: a second use finds it used.
      const [spent]: [unknown[], number] = await this.uow
        .manager()
        .query(`UPDATE "auth".password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING token_hash`, [hash(p.token), now]);
      if (spent.length === 0) throw invalidToken();
      await this.uow.manager().query(`UPDATE "auth".password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [user.id, now]);
      await this.users.updatePasswordHash(user.id, passwordHash);
      const revokedSessionIds = await this.refreshTokens.revokeAllOfUser(user.id, now);
      return { revokedSessionIds };
    });
  }
}
