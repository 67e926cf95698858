import { Module } from '@nestjs/common';
import { AuthController } from '../controllers/auth.controller';
import { DevInboxController } from '../controllers/dev-inbox.controller';
import { TokensController } from '../controllers/tokens.controller';
import { AccessTokenGuard } from '../http/access-token.guard';
import { AccessTokenVerifier } from '../services/access-token.verifier';
import { DevInboxService } from '../services/dev-inbox.service';
import { PersonalAccessTokensService } from '../services/personal-access-tokens.service';
import { PersonalAccessTokenRepository } from '../repositories/personal-access-token.repository';
import { SessionRevocations } from '../services/session-revocations.service';
import { SignInBackoff } from '../services/sign-in-backoff.service';
import { RevokedSessionRepository } from '../repositories/revoked-session.repository';

/**
 * Auth routes (and the dev inbox of the embedded default), and the access-token guard that
 * ProtectionGuard runs first on every controller route (ADR 219): every route of the gateway needs
 * a valid access token unless marked @Public().
 */
@Module({
  controllers: [AuthController, DevInboxController, TokensController],
  providers: [
    DevInboxService,
    PersonalAccessTokensService,
    PersonalAccessTokenRepository,
    SessionRevocations,
    RevokedSessionRepository,
    SignInBackoff,
    AccessTokenVerifier,
    AccessTokenGuard,
  ],
  exports: [AccessTokenVerifier, SessionRevocations, AccessTokenGuard],
})
export class AuthHttpModule {}
