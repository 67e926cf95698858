import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiForbiddenResponse, ApiGatewayTimeoutResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AI_PROVIDER_TASKS,
  type AiProviderStatus,
  type AiProviderStatusPayload,
  type AiProviderTestPayload,
  AUTH_TASKS,
  type InstanceOwner,
  type InstanceOwnerPayload,
  MeshClient,
} from '@mt/messages';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { AiProviderStatusDto, AiProviderTestDto } from '../dtos/ai-provider.dto';
import { AiRoute } from '../http/current-user';
import { ProblemError } from '../http/problem';
import { Caller } from '../http/caller';

/** Room for the agent's own deadline and the mesh round trips around it. */
const TEST_MARGIN_MS = 5_000;

/**
 * The AI provider of this instance, for its owner only (ADR 123): which provider, preset and
 * models are in force, and a connection test. creation-agent answers; the gateway only asks
 * auth-agent first whether the caller owns the instance.
 */
@ApiTags('ai provider')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only the instance owner (INSTANCE_OWNER_EMAILS, or the first registered user)' })
@Controller('ai/provider')
export class AiProviderController {
  constructor(
    private readonly mesh: MeshClient,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The active AI provider, preset and models, and whether the built-in engine is in use (no secrets)' })
  @ApiOkResponse({ type: AiProviderStatusDto })
  async status(@Caller() caller: Caller): Promise<AiProviderStatus> {
    await this.requireOwner(caller);
    const payload: AiProviderStatusPayload = { actor: caller.actor };
    return this.mesh.request(AI_PROVIDER_TASKS.status, payload, caller);
  }

  @Post('test')
  @HttpCode(200)
  @AiRoute()
  @ApiOperation({ summary: "One small call to the content model: its latency and name, or the provider's error as a problem" })
  @ApiOkResponse({ type: AiProviderTestDto })
  @ApiBadGatewayResponse({ description: 'AI_PROVIDER_ERROR: the provider refused or failed; providerCode says how (AI_AUTH_FAILED, AI_RATE_LIMITED, …)' })
  @ApiGatewayTimeoutResponse({ description: 'AI_TIMEOUT: the provider did not answer within AI_TIMEOUT_MS' })
  async test(@Caller() caller: Caller): Promise<AiProviderTestDto> {
    await this.requireOwner(caller);
    const payload: AiProviderTestPayload = { actor: caller.actor };
    const result = await this.mesh.request(AI_PROVIDER_TASKS.test, payload, {
      parent: caller.parent,
      timeoutMs: this.runtime.config.ai.timeoutMs + TEST_MARGIN_MS,
    });
    if (result.ok) return result;
    const code = result.error.code === 'AI_TIMEOUT' ? 'AI_TIMEOUT' : 'AI_PROVIDER_ERROR';
    throw new ProblemError(code, result.error.message, {
      extensions: {
        providerCode: result.error.code,
        retryable: result.error.retryable,
        provider: result.provider,
        model: result.model,
        latencyMs: result.latencyMs,
      },
    });
  }

  private requireOwner(caller: Caller): Promise<InstanceOwner> {
    const payload: InstanceOwnerPayload = { actor: caller.actor };
    return this.mesh.request(AUTH_TASKS.requireInstanceOwner, payload, caller);
  }
}
