import { Controller } from '@nestjs/common';
import { AiProviderInfo } from '@mt/ai';
import { AI_PROVIDER_TASKS, type AiProviderStatus, type AiProviderTestResult, OnTask } from '@mt/messages';

/**
 * The provider this agent writes with, and a connection test. The gateway has checked that the
 * caller owns the instance (ADR 123). Both are queries: nothing is stored, a test costs a few tokens
 * outside any brand's budget.
 */
@Controller()
export class AiProviderHandler {
  constructor(private readonly info: AiProviderInfo) {}

  @OnTask(AI_PROVIDER_TASKS.status, { query: true })
  status(): AiProviderStatus {
    return this.info.status();
  }

  @OnTask(AI_PROVIDER_TASKS.test, { query: true })
  test(): Promise<AiProviderTestResult> {
    return this.info.test();
  }
}
