import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from '../http/fastify-request';
import {
  BRAND_TASKS,
  type BrandRole,
  type GetVoicePayload,
  type LearnVoiceInput,
  type ListVoiceFeedbackPayload,
  type ListVoiceVersionsPayload,
  MeshClient,
  type RequireBrandRolePayload,
  type VoiceFeedbackPage,
  type VoiceProfile,
  type VoiceProfileVersionPage,
} from '@mt/messages';
import { JobAcceptedDto } from '../dtos/job.dto';
import { PageQueryDto, toPageQuery } from '../dtos/pagination.dto';
import { VoiceFeedbackPageDto, VoiceFeedbackQuery, VoiceProfileDto, VoiceProfileVersionPageDto, VoiceSamplesDto } from '../dtos/voice.dto';
import { accepted } from '../http/accepted';
import { uuidParam } from '../http/actor';
import { AiRoute, CurrentUser, type CurrentUserInfo } from '../http/current-user';
import { JobLauncher } from '../services/job-launcher.service';
import { Caller } from '../http/caller';

/**
 * Before a job starts, brand-agent confirms the caller's role, so a viewer or a stranger gets
 * 403 / 404 at once rather than an accepted job that fails (the agent checks again when it runs).
 */
export async function requireBrandRole(mesh: MeshClient, caller: Caller, brandId: string, role: BrandRole): Promise<void> {
  const payload: RequireBrandRolePayload = { actor: caller.actor, brandId, role };
  await mesh.request(BRAND_TASKS.requireRole, payload, caller);
}

/** The learned voice (brand-agent): samples start a job; the profile and the learning loop's record are read by any member. */
@ApiTags('brand voice')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such brand, or you have no role in it' })
@Controller('brands/:id/voice')
export class BrandVoiceController {
  constructor(
    private readonly mesh: MeshClient,
    private readonly jobs: JobLauncher,
  ) {}

  @Post('samples')
  @AiRoute()
  @ApiOperation({ summary: 'Learn the voice from writing samples (editor+): a job whose result is the voice profile' })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiForbiddenResponse({ description: 'Viewers cannot teach the voice' })
  async learn(
    @Caller() caller: Caller,
    @CurrentUser() user: CurrentUserInfo,
    @Param('id', uuidParam()) id: string,
    @Body() dto: VoiceSamplesDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobAcceptedDto> {
    await requireBrandRole(this.mesh, caller, id, 'editor');
    const payload: LearnVoiceInput = { actor: caller.actor, brandId: id, samples: dto.samples };
    return accepted(res, await this.jobs.launch({ user, brandId: id, kind: 'brand.voice', taskType: BRAND_TASKS.learnVoice, payload }));
  }

  @Get()
  @ApiOperation({ summary: "The brand's voice profile (404 VOICE_NOT_LEARNED before the first samples)" })
  @ApiOkResponse({ type: VoiceProfileDto })
  get(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<VoiceProfile> {
    const payload: GetVoicePayload = { actor: caller.actor, brandId: id };
    return this.mesh.request(BRAND_TASKS.getVoice, payload, caller);
  }

  @Get('versions')
  @ApiOperation({ summary: "The voice's history: every version, newest first" })
  @ApiOkResponse({ type: VoiceProfileVersionPageDto })
  versions(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: PageQueryDto): Promise<VoiceProfileVersionPage> {
    const payload: ListVoiceVersionsPayload = { actor: caller.actor, brandId: id, page: toPageQuery(q) };
    return this.mesh.request(BRAND_TASKS.listVoiceVersions, payload, caller);
  }

  @Get('feedback')
  @ApiOperation({ summary: 'What the learning loop recorded (accepted, edited, rejected, A/B winners), newest first' })
  @ApiOkResponse({ type: VoiceFeedbackPageDto })
  feedback(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Query() q: VoiceFeedbackQuery): Promise<VoiceFeedbackPage> {
    const payload: ListVoiceFeedbackPayload = { actor: caller.actor, brandId: id, page: toPageQuery(q), ...(q.kind ? { kind: q.kind } : {}) };
    return this.mesh.request(BRAND_TASKS.listVoiceFeedback, payload, caller);
  }
}
