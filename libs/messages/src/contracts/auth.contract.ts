import type { Actor } from './actor';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface AuthSession extends TokenPair {
  user: PublicUser;
}

export interface RegisterPayload {
  email: string;
  password: string;
  name: string;
  ip?: string;
}
export interface LoginPayload {
  email: string;
  password: string;
  ip?: string;
}
export interface RefreshPayload {
  refreshToken: string;
}
export interface LogoutPayload {
  actor: Actor;
  /** The session's refresh token, when the client sends it; otherwise every session of the user ends. */
  refreshToken?: string;
}
export interface MePayload {
  actor: Actor;
}
export interface FindUserByEmailPayload {
  email: string;
}

/** Task types of auth-agent. */
export const AUTH_TASKS = {
  register: 'auth.register',
  login: 'auth.login',
  refresh: 'auth.refresh',
  logout: 'auth.logout',
  me: 'auth.me',
  findUserByEmail: 'auth.user.find-by-email',
} as const;

export const AUTH_ROUTES = Object.fromEntries(Object.values(AUTH_TASKS).map((t) => [t, 'auth-agent']));

/** Events of auth-agent. */
export const AUTH_EVENTS = {
  userRegistered: 'user.registered',
} as const;

/** What the gateway verifies locally on every request: HS256 JWT with these claims. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  /** Session (refresh-token family) id, so logout can end exactly this session. */
  sid: string;
}
