import { type DynamicModule, Module } from '@nestjs/common';
import { JobReporter, MAIL_CONFIG, Mailer, RuntimeModule, type Runtime, SystemHealthHandler } from '@mt/runtime';
import { BRAND_AGENT_NAME } from './brand-agent.name';
import { INVITATION_CONFIG, loadInvitationConfig } from './config/invitation.config';
import { BRAND_ENTITIES } from './entities';
import { AiUsageHandler } from './handlers/ai-usage.handler';
import { BrandAccessHandler } from './handlers/brand-access.handler';
import { BrandContextHandler } from './handlers/brand-context.handler';
import { BrandHandler } from './handlers/brand.handler';
import { InvitationHandler } from './handlers/invitation.handler';
import { MembershipHandler } from './handlers/membership.handler';
import { StrategyHandler } from './handlers/strategy.handler';
import { UserRegisteredHandler } from './handlers/user-registered.handler';
import { VoiceFeedbackHandler } from './handlers/voice-feedback.handler';
import { VoiceHandler } from './handlers/voice.handler';
import { BRAND_MIGRATIONS } from './migrations';
import { AiLedgerRepository } from './repositories/ai-ledger.repository';
import { BrandRepository } from './repositories/brand.repository';
import { InvitationRepository } from './repositories/invitation.repository';
import { MemberProfileRepository } from './repositories/member-profile.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { StrategyRepository } from './repositories/strategy.repository';
import { VoiceFeedbackRepository } from './repositories/voice-feedback.repository';
import { VoiceRepository } from './repositories/voice.repository';
import { AiUsageService } from './services/ai-usage.service';
import { BrandContextService } from './services/brand-context.service';
import { BrandRoleService } from './services/brand-role.service';
import { BrandService } from './services/brand.service';
import { InvitationService } from './services/invitation.service';
import { MemberDirectoryService } from './services/member-directory.service';
import { MembershipService } from './services/membership.service';
import { StrategyService } from './services/strategy.service';
import { VoiceFeedbackService } from './services/voice-feedback.service';
import { VoiceVersionWriter } from './services/voice-version.writer';
import { VoiceService } from './services/voice.service';

export const BRAND_AGENT = { name: BRAND_AGENT_NAME, schema: 'brand' } as const;

@Module({})
export class BrandAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: BrandAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...BRAND_AGENT, entities: BRAND_ENTITIES, migrations: BRAND_MIGRATIONS, ai: true })],
      controllers: [
        SystemHealthHandler,
        BrandHandler,
        MembershipHandler,
        InvitationHandler,
        BrandAccessHandler,
        BrandContextHandler,
        UserRegisteredHandler,
        VoiceHandler,
        VoiceFeedbackHandler,
        StrategyHandler,
        AiUsageHandler,
      ],
      providers: [
        { provide: MAIL_CONFIG, useExisting: INVITATION_CONFIG },
        { provide: INVITATION_CONFIG, useValue: loadInvitationConfig(runtime.config.settings, runtime.config.dataDir) },
        Mailer,
        JobReporter,
        BrandContextService,
        BrandRepository,
        MembershipRepository,
        MemberProfileRepository,
        VoiceRepository,
        VoiceFeedbackRepository,
        StrategyRepository,
        AiLedgerRepository,
        BrandService,
        BrandRoleService,
        MembershipService,
        InvitationService,
        InvitationRepository,
        MemberDirectoryService,
        VoiceService,
        VoiceVersionWriter,
        VoiceFeedbackService,
        StrategyService,
        AiUsageService,
      ],
    };
  }
}
