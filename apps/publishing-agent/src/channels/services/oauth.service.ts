import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, MeshError, type OAuthCallbackPayload, type OAuthCallbackResult, type OAuthStartResult, UnitOfWork } from '@mt/messages';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { BrandAccessService } from '@mt/replicas';
import { PUBLISHING_CONFIG, type PublishingConfig } from '../../config/publishing.config';
import { isOAuthProvider, type OAuthChannelProvider, ProviderError } from '../providers/channel-provider';
import { ChannelRegistry } from '../providers/channel-registry';
import { ConnectionRepository } from '../repositories/connection.repository';
import { OAuthStateRepository } from '../repositories/oauth-state.repository';
import { connectError } from './connection-errors';
import { ConnectionStore } from './connection-store.service';
import { CredentialCipher } from '../../crypto/credential-cipher.service';

const sha256 = (v: string) => createHash('sha256').update(v).digest();

/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636, S256) and state. The state is 256 random
 * bits, stored only as its hash, with the user and brand who started, the encrypted
 * code_verifier and a short expiry; the callback spends it (single use) and is authenticated by
 * it alone, since the platform redirects the browser there without our access token.
 */
@Injectable()
export class OAuthService {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly states: OAuthStateRepository,
    private readonly connections: ConnectionRepository,
    private readonly store: ConnectionStore,
    private readonly cipher: CredentialCipher,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
    @Inject(PUBLISHING_CONFIG) private readonly config: PublishingConfig,
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'logger'>,
  ) {}

  async start(actor: Actor, brandId: string, platform: string): Promise<OAuthStartResult> {
    await this.access.require(actor, brandId, 'owner');
    const provider = this.oauthProvider(platform);
    const state = randomBytes(32).toString('base64url');
    const verifier = randomBytes(48).toString('base64url');
    const stateHash = sha256(state).toString('hex');
    const redirectUri = this.redirectUri(platform);
    await this.uow.transaction(() =>
      this.states.insert({
        stateHash,
        platform,
        brandId,
        userId: actor.userId,
        codeVerifier: this.cipher.seal(verifier, `publishing.oauth_state:${stateHash}`).value,
        redirectUri,
        expiresAt: new Date(Date.now() + this.config.oauthStateTtlMs),
      }),
    );
    return { authorizeUrl: provider.authorizeUrl({ state, codeChallenge: sha256(verifier).toString('base64url'), redirectUri }) };
  }

  /** Never throws for the user's or the platform's doing: the gateway turns `{ ok: false }` into a redirect with ?error=. */
  async callback(p: OAuthCallbackPayload): Promise<OAuthCallbackResult> {
    const fail = (error: string): OAuthCallbackResult => ({ ok: false, platform: p.platform, error });
    if (!p.state) return fail('invalid_state');
    const stateHash = sha256(p.state).toString('hex');
    const row = await this.uow.transaction(() => this.states.take(stateHash, new Date()));
    if (!row || row.platform !== p.platform) return fail('invalid_state');
    if (p.error) return fail(p.error.replace(/[^a-z_]/gi, '').slice(0, 60) || 'access_denied');
    if (!p.code) return fail('missing_code');
    try {
      await this.access.require({ userId: row.userId }, row.brandId, 'owner');
    } catch (err) {
      if (err instanceof MeshError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN')) return fail('forbidden');
      throw err;
    }
    const provider = this.oauthProvider(p.platform);
    const verifier = this.cipher.open<string>(row.codeVerifier, `publishing.oauth_state:${stateHash}`);
    let account;
    try {
      account = await provider.exchangeCode({ code: p.code, codeVerifier: verifier, redirectUri: row.redirectUri });
    } catch (err) {
      if (err instanceof ProviderError) {
        this.runtime.logger.child('publishing-agent').warn('oauth code exchange failed', { platform: p.platform, code: err.code, kind: err.kind });
        return fail(err.kind === 'transient' ? 'platform_unavailable' : 'exchange_failed');
      }
      throw err;
    }
    // The same account connected again (a reconnect after needs_reconnect): renew it rather than add a twin.
    const existing = account.accountId ? await this.connections.findByAccount(row.brandId, p.platform, account.accountId) : null;
    if (existing) {
      const renewed = await this.store.renew(existing.id, account);
      if (renewed) return { ok: true, platform: p.platform, connection: renewed };
    }
    const connection = await this.store.create(row.brandId, p.platform, account, row.userId);
    return { ok: true, platform: p.platform, connection };
  }

  private oauthProvider(platform: string): OAuthChannelProvider {
    const provider = this.registry.get(platform);
    if (!isOAuthProvider(provider)) {
      throw new MeshError('VALIDATION_FAILED', `${provider.limits().label} does not connect through OAuth: POST /connections`, {
        status: 400,
        details: { errors: [{ field: 'platform', message: 'not an OAuth platform' }] },
      });
    }
    if (!provider.configured()) {
      const up = platform.toUpperCase();
      throw connectError(
        new ProviderError(
          'permanent',
          'NOT_CONFIGURED',
          `${provider.limits().label} is not set up on this server: set ${up}_CLIENT_ID and ${up}_CLIENT_SECRET`,
        ),
        provider.limits().label,
      );
    }
    return provider;
  }

  private redirectUri(platform: string): string {
    return `${this.config.publicUrl}/api/v1/connections/${platform}/oauth/callback`;
  }
}
