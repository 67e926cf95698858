import { Injectable } from '@nestjs/common';
import { type AuthSession, AUTH_EVENTS, type LoginPayload, type PublicUser, type RegisterPayload, UnitOfWork, type UserRef } from '@mt/messages';
import type { UserEntity } from '../entities/user.entity';
import { UserRepository } from '../repositories/user.repository';
import { authErrors } from './auth-errors';
import { PasswordHasher } from './password-hasher.service';
import { emailErrors, normalizeEmail, PASSWORD_MAX_LENGTH, registrationErrors } from './password-policy';
import { SessionService } from './session.service';

export function toPublicUser(u: UserEntity): PublicUser {
  return { id: u.id, email: u.email, name: u.name, createdAt: u.createdAt.toISOString() };
}

/**
 * Accounts: registration, sign-in, the caller's profile, lookup by email. The slow password hash
 * runs before the transaction opens, so no database session waits on it (ADR 022).
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  async register(p: RegisterPayload): Promise<AuthSession> {
    const errors = registrationErrors(p);
    if (errors.length > 0) throw authErrors.validation(errors);
    const email = normalizeEmail(p.email);
    if (await this.users.findByEmail(email)) throw authErrors.emailTaken();
    const passwordHash = await this.hasher.hash(p.password);
    return this.uow.transaction(async () => {
      const user = await this.users.insertIfEmailFree({ email, name: p.name.trim(), passwordHash });
      if (!user) throw authErrors.emailTaken();
      this.uow.publishEvent(AUTH_EVENTS.userRegistered, {
        userId: user.id,
        email: user.email,
        name: user.name,
        createdAt: user.createdAt.toISOString(),
      });
      const pair = await this.sessions.start(user);
      return { user: toPublicUser(user), ...pair };
    });
  }

  /** Unknown email and wrong password get the same answer after the same work (one argon2 verify). */
  async login(p: LoginPayload): Promise<AuthSession> {
    if (typeof p.email !== 'string' || typeof p.password !== 'string') throw authErrors.invalidCredentials();
    // No account has a longer password; refusing early keeps a request from buying a long hash.
    if ([...p.password].length > PASSWORD_MAX_LENGTH) throw authErrors.invalidCredentials();
    const email = normalizeEmail(p.email);
    const user = emailErrors(email).length === 0 ? await this.users.findByEmail(email) : null;
    const ok = user ? await this.hasher.verify(user.passwordHash, p.password) : await this.hasher.verifyNobody(p.password);
    if (!user || !ok) throw authErrors.invalidCredentials();
    const newHash = this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(p.password) : null;
    return this.uow.transaction(async () => {
      if (newHash) await this.users.updatePasswordHash(user.id, newHash);
      const pair = await this.sessions.start(user);
      return { user: toPublicUser(user), ...pair };
    });
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (!user) throw authErrors.unknownUser();
    return toPublicUser(user);
  }

  async findByEmail(email: string): Promise<UserRef | null> {
    if (typeof email !== 'string' || emailErrors(email).length > 0) return null;
    const user = await this.users.findByEmail(normalizeEmail(email));
    return user ? { id: user.id, email: user.email, name: user.name } : null;
  }
}
