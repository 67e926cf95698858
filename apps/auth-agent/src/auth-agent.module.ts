import { type DynamicModule, Module } from '@nestjs/common';
import { Mailer, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { AUTH_ENTITIES } from './entities';
import { AuthHandler } from './handlers/auth.handler';
import { AUTH_MIGRATIONS } from './migrations';
import { RefreshTokenRepository } from './repositories/refresh-token.repository';
import { UserRepository } from './repositories/user.repository';
import { AccountService } from './services/account.service';
import { PasswordHasher } from './services/password-hasher.service';
import { SessionService } from './services/session.service';
import { TokenService } from './services/token.service';
import { loadMailConfig, MAIL_CONFIG } from './config/mail.config';
import { PasswordResetService } from './services/password-reset.service';
import { INSTANCE_OWNER_CONFIG, loadInstanceOwnerConfig } from './config/instance-owner.config';
import { InstanceOwnerService } from './services/instance-owner.service';

export const AUTH_AGENT = { name: 'auth-agent', schema: 'auth' } as const;

@Module({})
export class AuthAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: AuthAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...AUTH_AGENT, entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS })],
      controllers: [SystemHealthHandler, AuthHandler],
      providers: [
        UserRepository,
        RefreshTokenRepository,
        PasswordHasher,
        TokenService,
        SessionService,
        AccountService,
        { provide: MAIL_CONFIG, useValue: loadMailConfig(runtime.config.settings, runtime.config.dataDir) },
        Mailer,
        PasswordResetService,
        { provide: INSTANCE_OWNER_CONFIG, useValue: loadInstanceOwnerConfig(runtime.config.settings) },
        InstanceOwnerService,
      ],
    };
  }
}
