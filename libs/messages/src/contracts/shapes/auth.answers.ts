import { z } from 'zod';
import { instant } from './fields';

/**
 * The auth routes' answers: a user, a token pair, a session.
 * Apart from the requests' module so that a client loading a request's shape (the web app's
 * forms, ADR 205) does not load these (ADR 210).
 */

/** A user as every client may see them. */
export const UserShape = z.object({
  id: z.uuid(),
  email: z.string().meta({ example: 'ada@example.com' }),
  name: z.string().meta({ example: 'Ada Lovelace' }),
  createdAt: instant(),
});

export const TokenPairShape = z.object({
  accessToken: z.string().meta({ description: 'JWT (HS256) to send as Authorization: Bearer <token>; short-lived' }),
  refreshToken: z.string().meta({ description: 'Opaque; exchange it at POST /auth/refresh for a new pair (each one works once)' }),
  expiresIn: z.number().int().meta({ example: 900, description: 'Seconds until the access token expires' }),
});

/** The answer to a registration or a sign-in. */
export const AuthSessionShape = TokenPairShape.extend({ user: UserShape });

export const PasswordResetRequestedShape = z.object({
  status: z.literal('requested').meta({ description: 'the same answer whether the address is registered or not' }),
});
