import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_TASKS,
  type AuthSession,
  type FindUserByEmailPayload,
  type LoginPayload,
  type LogoutPayload,
  type LogoutResult,
  type MePayload,
  type PasswordResetConfirmPayload,
  type PasswordResetDone,
  type PasswordResetRequested,
  type PasswordResetRequestPayload,
  type PublicUser,
  type RefreshPayload,
  type RegisterPayload,
  type TaskEnvelope,
  type TokenPair,
  type UserRef,
} from '@mt/messages';
import { AccountService } from '../services/account.service';
import { PasswordResetService } from '../services/password-reset.service';
import { SessionService } from '../services/session.service';

/**
 * The auth tasks. Register, login and refresh open their own transaction (manualTransaction,
 * ADR 022): the password hash runs before it, a reuse's revocation commits although the caller
 * gets an error, and their answers (which hold tokens) are not kept in the inbox.
 */
@Controller()
export class AuthHandler {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly resets: PasswordResetService,
  ) {}

  @MessagePattern(AUTH_TASKS.requestPasswordReset, { manualTransaction: true })
  requestPasswordReset(@Payload() task: TaskEnvelope<PasswordResetRequestPayload>): Promise<PasswordResetRequested> {
    return this.resets.request(task.payload.email);
  }

  /** Its own transaction: the slow password hash runs before it (ADR 022). */
  @MessagePattern(AUTH_TASKS.confirmPasswordReset, { manualTransaction: true })
  confirmPasswordReset(@Payload() task: TaskEnvelope<PasswordResetConfirmPayload>): Promise<PasswordResetDone> {
    return this.resets.confirm(task.payload);
  }

  @MessagePattern(AUTH_TASKS.register, { manualTransaction: true })
  register(@Payload() task: TaskEnvelope<RegisterPayload>): Promise<AuthSession> {
    return this.accounts.register(task.payload);
  }

  @MessagePattern(AUTH_TASKS.login, { manualTransaction: true })
  login(@Payload() task: TaskEnvelope<LoginPayload>): Promise<AuthSession> {
    return this.accounts.login(task.payload);
  }

  @MessagePattern(AUTH_TASKS.refresh, { manualTransaction: true })
  refresh(@Payload() task: TaskEnvelope<RefreshPayload>): Promise<TokenPair> {
    return this.sessions.refresh(task.payload.refreshToken);
  }

  @MessagePattern(AUTH_TASKS.logout)
  logout(@Payload() task: TaskEnvelope<LogoutPayload>): Promise<LogoutResult> {
    return this.sessions.logout(task.payload);
  }

  @MessagePattern(AUTH_TASKS.me, { query: true })
  me(@Payload() task: TaskEnvelope<MePayload>): Promise<PublicUser> {
    return this.accounts.me(task.payload.actor.userId);
  }

  @MessagePattern(AUTH_TASKS.findUserByEmail, { query: true })
  findUserByEmail(@Payload() task: TaskEnvelope<FindUserByEmailPayload>): Promise<UserRef | null> {
    return this.accounts.findByEmail(task.payload.email);
  }
}
