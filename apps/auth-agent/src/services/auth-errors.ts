import { AUTH_ERRORS, MeshError, type TokenReusedDetails } from '@mt/messages';
import type { FieldError } from './password-policy';

/** The errors auth-agent answers with; none is retryable (the same input fails the same way). */
export const authErrors = {
  validation: (errors: FieldError[]) =>
    new MeshError(AUTH_ERRORS.validationFailed, errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      status: 400,
      retryable: false,
      details: { errors },
    }),
  emailTaken: () => new MeshError(AUTH_ERRORS.emailTaken, 'An account with this email already exists.', { status: 409, retryable: false }),
  invalidCredentials: () => new MeshError(AUTH_ERRORS.invalidCredentials, 'The email or the password is wrong.', { status: 401, retryable: false }),
  unknownRefreshToken: () => new MeshError(AUTH_ERRORS.unauthenticated, 'The refresh token is not valid.', { status: 401, retryable: false }),
  unknownUser: () => new MeshError(AUTH_ERRORS.unauthenticated, 'The account of this session no longer exists.', { status: 401, retryable: false }),
  refreshExpired: () => new MeshError(AUTH_ERRORS.tokenExpired, 'The refresh token has expired; sign in again.', { status: 401, retryable: false }),
  refreshReused: (sessionId: string) =>
    new MeshError(AUTH_ERRORS.tokenReused, 'This refresh token was already used or revoked; the session has been ended. Sign in again.', {
      status: 401,
      retryable: false,
      details: { sessionId } satisfies TokenReusedDetails,
    }),
};
