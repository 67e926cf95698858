import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AI_CONFIG, AI_PROVIDER, AI_RUNTIME, AI_STORE, AiService, type AiRuntimeOptions } from './ai.service';
import type { AiProvider } from './client/ai-provider';
import { createAiProvider } from './client/provider-registry';
import type { AiConfig } from './config/ai.config';
import { AiRepository } from './cost/ai.repository';
import { AiProviderInfo } from './provider-info.service';
import type { AiStore } from './cost/ai-store';

export interface AiModuleOptions {
  /** Defaults to AiRepository on the application's TypeORM DataSource (register AI_ENTITIES and AI_MIGRATIONS there). */
  store?: AiStore;
  /** Defaults to the provider chosen by config.provider. */
  provider?: AiProvider;
  runtime?: AiRuntimeOptions;
}

/**
 * `AiModule.forRoot(loadAiConfig(process.env))` in an agent's root module, beside TypeOrmModule;
 * then inject AiService. The config is loaded by the caller, so a bad setting stops start-up there.
 */
@Module({})
export class AiModule {
  static forRoot(config: AiConfig, options: AiModuleOptions = {}): DynamicModule {
    return {
      module: AiModule,
      global: false,
      providers: [
        { provide: AI_CONFIG, useValue: config },
        { provide: AI_PROVIDER, useValue: options.provider ?? createAiProvider(config) },
        options.store
          ? { provide: AI_STORE, useValue: options.store }
          : { provide: AI_STORE, useFactory: (ds: DataSource) => new AiRepository(ds), inject: [DataSource] },
        { provide: AI_RUNTIME, useValue: options.runtime ?? {} },
        AiService,
        AiProviderInfo,
      ],
      exports: [AiService, AiProviderInfo, AI_STORE],
    };
  }
}
