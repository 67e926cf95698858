import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigError, type Runtime } from '@mt/runtime';
import { loadPublishingConfig, PUBLISHING_CONFIG } from '../config/publishing.config';
import { ConnectionHandler } from './handlers/connection.handler';
import { BoardService } from './services/board.service';
import { ChannelRegistry } from './providers/channel-registry';
import { CHANNEL_PROVIDER_PROVIDERS } from './providers';
import { ConnectionRepository } from './repositories/connection.repository';
import { OAuthStateRepository } from './repositories/oauth-state.repository';
import { ChannelGateway } from './channel-gateway.port';
import { ChannelGatewayService } from './services/channel-gateway.service';
import { ConnectionStore } from './services/connection-store.service';
import { ConnectionService } from './services/connection.service';
import { CredentialCipher } from '../crypto/credential-cipher.service';
import { OAuthService } from './services/oauth.service';
import { TokenRefreshService } from './services/token-refresh.service';

/**
 * publishing-agent: platform connections, OAuth, encrypted credentials, the provider catalogue.
 * Exports ChannelGateway (channel-gateway.port.ts), the one way the rest of the agent reaches a
 * platform: SchedulingModule and PerformanceModule import the module object `register` returns.
 */
@Module({})
export class ChannelsModule {
  static register(runtime: Runtime): DynamicModule {
    const config = loadPublishingConfig(runtime.config.settings);
    if (!runtime.config.credentialsKey && runtime.config.env === 'production' && !runtime.embedded) {
      // Replicas must share one key, or each would seal credentials the others cannot open.
      throw new ConfigError('CREDENTIALS_KEY', 'is required in production when publishing-agent runs with shared services');
    }
    return {
      module: ChannelsModule,
      controllers: [ConnectionHandler],
      providers: [
        { provide: PUBLISHING_CONFIG, useValue: config },
        { provide: CredentialCipher, useValue: new CredentialCipher(runtime.credentialsKey, config.previousCredentialKeys) },
        ...CHANNEL_PROVIDER_PROVIDERS,
        ChannelRegistry,
        ConnectionRepository,
        OAuthStateRepository,
        ConnectionStore,
        ConnectionService,
        BoardService,
        OAuthService,
        TokenRefreshService,
        { provide: ChannelGateway, useClass: ChannelGatewayService },
      ],
      exports: [ChannelGateway, ChannelRegistry, PUBLISHING_CONFIG],
    };
  }
}
