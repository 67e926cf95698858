import type { z } from 'zod';
import type { Actor } from './actor';
import type { AuthSessionShape, PasswordResetRequestedShape, TokenPairShape, UserShape } from './shapes/auth.answers';
import type { LoginShape, PasswordResetConfirmShape, PasswordResetRequestShape, RefreshShape, RegisterShape } from './shapes/auth.shapes';
import type { Covers, Expect, TaskSpec } from './task-map';

/** A user as every client may see them: the shape in shapes/auth.answers.ts. */
export type PublicUser = z.output<typeof UserShape>;

/** Enough of a user to add them to a brand (brand-agent's lookup by email). */
export type UserRef = Pick<PublicUser, 'id' | 'email' | 'name'>;

export type TokenPair = z.output<typeof TokenPairShape>;

export type AuthSession = z.output<typeof AuthSessionShape>;

/** A registration as the gateway checked it (email trimmed and lower-cased, name trimmed), with the caller's address. */
export type RegisterPayload = z.output<typeof RegisterShape> & { ip?: string };
export type LoginPayload = z.output<typeof LoginShape> & { ip?: string };
export type RefreshPayload = z.output<typeof RefreshShape>;
export interface LogoutPayload {
  actor: Actor;
  /** The session (refresh-token family) of the access token the caller presented: it always ends. */
  sessionId: string;
  /** The session's refresh token, when the client sends it: its family ends too (it must be the caller's). */
  refreshToken?: string;
  /** End every session of the user (every device), not only this one. */
  allSessions?: boolean;
}
export interface LogoutResult {
  /** Sessions ended by this call: the gateway refuses their access tokens until those expire. */
  revokedSessionIds: string[];
}
export interface MePayload {
  actor: Actor;
}
export interface FindUserByEmailPayload {
  email: string;
}

/** Task types of auth-agent. */
export type PasswordResetRequestPayload = z.output<typeof PasswordResetRequestShape>;

export type PasswordResetRequested = z.output<typeof PasswordResetRequestedShape>;

export type PasswordResetConfirmPayload = z.output<typeof PasswordResetConfirmShape>;

export interface PasswordResetDone {
  /** The sessions ended by the reset: every session of the user. */
  revokedSessionIds: string[];
}

export const AUTH_TASKS = {
  /** RegisterPayload → AuthSession. */
  register: 'auth.register',
  /** LoginPayload → AuthSession. */
  login: 'auth.login',
  /** RefreshPayload → TokenPair (the presented token is spent). */
  refresh: 'auth.refresh',
  /** LogoutPayload → LogoutResult. */
  logout: 'auth.logout',
  /** MePayload → PublicUser. */
  me: 'auth.me',
  /** FindUserByEmailPayload → UserRef | null (a query). */
  findUserByEmail: 'auth.user.find-by-email',
  /** PasswordResetRequestPayload → PasswordResetRequested: the same answer whether the email is registered or not. */
  requestPasswordReset: 'auth.password-reset.request',
  /** PasswordResetConfirmPayload → PasswordResetDone (every session of the user is ended). */
  confirmPasswordReset: 'auth.password-reset.confirm',
  /** InstanceOwnerPayload → InstanceOwner, or FORBIDDEN (403) when the actor is not the instance owner (ADR 123). */
  requireInstanceOwner: 'auth.instance-owner.require',
} as const;

export interface InstanceOwnerPayload {
  actor: Actor;
}

/** Why the actor owns the instance: named by INSTANCE_OWNER_EMAILS, or (when that is unset) the first registered user. */
export interface InstanceOwner {
  userId: string;
  rule: 'setting' | 'first-user';
}

export const AUTH_ROUTES = Object.fromEntries(Object.values(AUTH_TASKS).map((t) => [t, 'auth-agent']));

/**
 * Error codes auth-agent answers with (MeshError codes; the gateway's problem codes of the same name):
 * - VALIDATION_FAILED (400): details.errors lists {field, message};
 * - EMAIL_TAKEN (409);
 * - INVALID_CREDENTIALS (401): the same answer whether the email exists or not;
 * - UNAUTHENTICATED (401): an unknown refresh token, or a user that no longer exists;
 * - TOKEN_EXPIRED (401): the refresh token is past its expiry;
 * - TOKEN_REUSED (401): a spent or revoked refresh token; its whole family is revoked and
 *   details.sessionId names it.
 */
export const AUTH_ERRORS = {
  validationFailed: 'VALIDATION_FAILED',
  emailTaken: 'EMAIL_TAKEN',
  invalidCredentials: 'INVALID_CREDENTIALS',
  unauthenticated: 'UNAUTHENTICATED',
  tokenExpired: 'TOKEN_EXPIRED',
  tokenReused: 'TOKEN_REUSED',
} as const;

export interface TokenReusedDetails {
  sessionId: string;
}

/** Events of auth-agent. */
export const AUTH_EVENTS = {
  userRegistered: 'user.registered',
} as const;

export interface UserRegisteredEvent {
  userId: string;
  email: string;
  name: string;
  createdAt: string;
}

/** What the gateway verifies locally on every request: HS256 JWT with these claims (plus iat, exp). */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  /** Session (refresh-token family) id, so logout can end exactly this session. */
  sid: string;
}

/** auth-agent's tasks and events with their payloads and results (ADR 134). */
export interface AuthTaskMap {
  [AUTH_TASKS.requestPasswordReset]: TaskSpec<PasswordResetRequestPayload, PasswordResetRequested>;
  [AUTH_TASKS.confirmPasswordReset]: TaskSpec<PasswordResetConfirmPayload, PasswordResetDone>;
  [AUTH_TASKS.register]: TaskSpec<RegisterPayload, AuthSession>;
  [AUTH_TASKS.login]: TaskSpec<LoginPayload, AuthSession>;
  [AUTH_TASKS.refresh]: TaskSpec<RefreshPayload, TokenPair>;
  [AUTH_TASKS.logout]: TaskSpec<LogoutPayload, LogoutResult>;
  [AUTH_TASKS.me]: TaskSpec<MePayload, PublicUser>;
  [AUTH_TASKS.findUserByEmail]: TaskSpec<FindUserByEmailPayload, UserRef | null>;
  [AUTH_TASKS.requireInstanceOwner]: TaskSpec<InstanceOwnerPayload, InstanceOwner>;
}
export interface AuthEventMap {
  [AUTH_EVENTS.userRegistered]: UserRegisteredEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type AuthMapsComplete = Expect<Covers<AuthTaskMap, typeof AUTH_TASKS>> | Expect<Covers<AuthEventMap, typeof AUTH_EVENTS>>;
