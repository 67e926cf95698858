import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AUTH_TASKS,
  type AuthSession,
  type FindUserByEmailPayload,
  type InstanceOwner,
  type InstanceOwnerPayload,
  type LoginPayload,
  type LogoutPayload,
  type LogoutResult,
  type MePayload,
  OnTask,
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
import { InstanceOwnerService } from '../services/instance-owner.service';
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
    private readonly owners: InstanceOwnerService,
  ) {}

  @OnTask(AUTH_TASKS.requestPasswordReset, { manualTransaction: true })
  requestPasswordReset(@Payload() task: TaskEnvelope<PasswordResetRequestPayload>): Promise<PasswordResetRequested> {
    return this.resets.request(task.payload.email);
  }

  /** Its own transaction: the slow password hash runs before it (ADR 022). */
  @OnTask(AUTH_TASKS.confirmPasswordReset, { manualTransaction: true })
  confirmPasswordReset(@Payload() task: TaskEnvelope<PasswordResetConfirmPayload>): Promise<PasswordResetDone> {
    return this.resets.confirm(task.payload);
  }

  @OnTask(AUTH_TASKS.register, { manualTransaction: true })
  register(@Payload() task: TaskEnvelope<RegisterPayload>): Promise<AuthSession> {
    return this.accounts.register(task.payload);
  }

  @OnTask(AUTH_TASKS.login, { manualTransaction: true })
  login(@Payload() task: TaskEnvelope<LoginPayload>): Promise<AuthSession> {
    return this.accounts.login(task.payload);
  }

  @OnTask(AUTH_TASKS.refresh, { manualTransaction: true })
  refresh(@Payload() task: TaskEnvelope<RefreshPayload>): Promise<TokenPair> {
    return this.sessions.refresh(task.payload.refreshToken);
  }

  @OnTask(AUTH_TASKS.logout)
  logout(@Payload() task: TaskEnvelope<LogoutPayload>): Promise<LogoutResult> {
    return this.sessions.logout(task.payload);
  }

  @OnTask(AUTH_TASKS.me, { query: true })
  me(@Payload() task: TaskEnvelope<MePayload>): Promise<PublicUser> {
    return this.accounts.me(task.payload.actor.userId);
  }

  @OnTask(AUTH_TASKS.findUserByEmail, { query: true })
  findUserByEmail(@Payload() task: TaskEnvelope<FindUserByEmailPayload>): Promise<UserRef | null> {
    return this.accounts.findByEmail(task.payload.email);
  }

  @OnTask(AUTH_TASKS.requireInstanceOwner, { query: true })
  requireInstanceOwner(@Payload() task: TaskEnvelope<InstanceOwnerPayload>): Promise<InstanceOwner> {
    return this.owners.require(task.payload.actor);
  }
}
