import { type DynamicModule, Module } from '@nestjs/common';
import {
  BlobStore,
  createBlobStore,
  JobReporter,
  loadMediaConfig,
  MEDIA_CONFIG,
  type MediaConfig,
  RUNTIME,
  RuntimeModule,
  type Runtime,
  SystemHealthHandler,
} from '@mt/runtime';
import { BrandAccessReplicaHandler, BrandAccessService, BrandProfileReplicaHandler, BrandProfileService } from '@mt/replicas';
import { CREATION_ENTITIES } from './entities';
import { AiProviderHandler } from './handlers/ai-provider.handler';
import { ContentGenerationHandler } from './handlers/content-generation.handler';
import { ContentReviewHandler } from './handlers/content-review.handler';
import { ContentHandler } from './handlers/content.handler';
import { PublishingEventsHandler } from './handlers/publishing-events.handler';
import { ReplyDraftHandler } from './handlers/reply-draft.handler';
import { CREATION_MIGRATIONS } from './migrations';
import { ContentCommentRepository } from './repositories/content-comment.repository';
import { ContentVersionRepository } from './repositories/content-version.repository';
import { ContentRepository } from './repositories/content.repository';
import { CalendarEntryReplicaRepository } from './replicas/calendar-entry-replica.repository';
import { ContentGenerator } from './services/content-generator.service';
import { ContentStatusService } from './services/content-status.service';
import { ContentWriter } from './services/content-writer.service';
import { ContentReviewService } from './services/content-review.service';
import { ContentService } from './services/content.service';
import { EntryContentService } from './services/entry-content.service';
import { GenerateJobService } from './services/generate-job.service';
import { ReplyDraftService } from './services/reply-draft.service';
import { TargetAdaptationService } from './services/target-adaptation.service';
import { TargetAdaptationHandler } from './handlers/target-adaptation.handler';
import { AltTextSuggestionHandler } from './handlers/alt-text-suggestion.handler';
import { AltTextSuggestionService } from './services/alt-text-suggestion.service';

export const CREATION_AGENT = { name: 'creation-agent', schema: 'creation' } as const;

@Module({})
export class CreationAgentModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: CreationAgentModule,
      imports: [RuntimeModule.forApp(runtime, { ...CREATION_AGENT, entities: CREATION_ENTITIES, migrations: CREATION_MIGRATIONS, ai: true })],
      controllers: [
        SystemHealthHandler,
        BrandAccessReplicaHandler,
        BrandProfileReplicaHandler,
        ContentHandler,
        ContentReviewHandler,
        ContentGenerationHandler,
        PublishingEventsHandler,
        ReplyDraftHandler,
        TargetAdaptationHandler,
        AltTextSuggestionHandler,
        AiProviderHandler,
      ],
      providers: [
        BrandAccessService,
        BrandProfileService,
        JobReporter,
        ContentRepository,
        ContentVersionRepository,
        ContentCommentRepository,
        CalendarEntryReplicaRepository,
        ContentGenerator,
        ContentWriter,
        ContentService,
        ContentReviewService,
        ContentStatusService,
        EntryContentService,
        GenerateJobService,
        ReplyDraftService,
        TargetAdaptationService,
        AltTextSuggestionService,
        // The media store, read for a model that looks at the image itself (ADR 209).
        { provide: MEDIA_CONFIG, inject: [RUNTIME], useFactory: (r: Runtime) => loadMediaConfig(r.config.settings, r.config.dataDir) },
        { provide: BlobStore, inject: [MEDIA_CONFIG], useFactory: (config: MediaConfig) => createBlobStore(config) },
      ],
    };
  }
}
