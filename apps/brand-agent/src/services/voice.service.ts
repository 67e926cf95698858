import { Injectable } from '@nestjs/common';
import { AiService, type VoiceProfileOutput } from '@mt/ai';
import {
  type Actor,
  fieldIssues,
  type JobTask,
  type LearnVoiceInput,
  MeshError,
  type PageQuery,
  type TaskEnvelope,
  VOICE_SAMPLE_LIMITS,
  VoiceSampleListShape,
  type VoiceProfile,
  type VoiceProfileVersionPage,
} from '@mt/messages';
import { decodeCursor, JobReporter, jobKey, pageSize, toPage } from '@mt/runtime';
import { aiBrandContext } from '@mt/replicas';
import { BRAND_AGENT_NAME } from '../brand-agent.name';
import { toBrandData } from '../repositories/brand-rows';
import { BrandRepository } from '../repositories/brand.repository';
import { VoiceRepository } from '../repositories/voice.repository';
import { brandNotFound } from './brand-access.policy';
import { BrandRoleService } from './brand-role.service';
import { analysisFromOutput } from './voice-profile.mapper';
import { VoiceVersionWriter } from './voice-version.writer';

interface Analysed {
  output: VoiceProfileOutput;
  sampleCount: number;
  samples: string[];
}

/**
 * The voice job: the samples (with the brand's earlier ones, up to 50 in all) go to the
 * 'voice-profile' task outside any transaction; the samples, the new version and its event are
 * then written in one transaction (JobReporter.runStaged). The job's result is the profile.
 */
@Injectable()
export class VoiceService {
  constructor(
    private readonly reporter: JobReporter,
    private readonly ai: AiService,
    private readonly access: BrandRoleService,
    private readonly brands: BrandRepository,
    private readonly voices: VoiceRepository,
    private readonly writer: VoiceVersionWriter,
  ) {}

  learn(task: TaskEnvelope<JobTask<LearnVoiceInput>>): Promise<VoiceProfile | undefined> {
    const jobId = task.payload.jobId;
    return this.reporter.runStaged<LearnVoiceInput, Analysed, VoiceProfile>(task, {
      prepare: async (input) => {
        const samples = validateSamples(input.samples);
        const brand = await this.access.require(input.actor, input.brandId, 'editor');
        const earlier = await this.voices.recentSamples(brand.id, jobId, VOICE_SAMPLE_LIMITS.items.max - samples.length);
        const all = [...samples, ...earlier];
        const { output } = await this.ai.run(
          'voice-profile',
          { brand: aiBrandContext({ brand: toBrandData(brand), voice: null }), samples: all },
          { agent: BRAND_AGENT_NAME, brandId: brand.id, jobId, idempotencyKey: jobKey(task) },
        );
        return { output, sampleCount: all.length, samples };
      },
      commit: async (prepared, input) => {
        const brand = await this.brands.lockById(input.brandId);
        if (!brand) throw brandNotFound();
        const done = await this.voices.byJob(jobId);
        if (done) return done.profile;
        await this.voices.insertSamples(brand.id, jobId, input.actor.userId, prepared.samples);
        const current = await this.voices.latest(brand.id);
        const base = analysisFromOutput(prepared.output, prepared.sampleCount);
        return this.writer.writeAnalysis(brand, base, jobId, current);
      },
    });
  }

  async get(actor: Actor, brandId: string): Promise<VoiceProfile> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    const latest = await this.voices.latest(brand.id);
    if (!latest) {
      throw new MeshError('VOICE_NOT_LEARNED', 'This brand has no voice profile yet: send writing samples to POST /brands/{id}/voice/samples', {
        status: 404,
        retryable: false,
      });
    }
    return latest.profile;
  }

  async versions(actor: Actor, brandId: string, page: PageQuery): Promise<VoiceProfileVersionPage> {
    const brand = await this.access.require(actor, brandId, 'viewer');
    const limit = pageSize(page?.limit);
    const rows = await this.voices.versions(brand.id, limit + 1, decodeCursor(page?.cursor));
    return toPage(rows, limit, ({ createdKey: _key, id: _id, ...item }) => item);
  }
}

/**
 * brand-agent's own check of the samples, with the gateway's shape (ADR 199; any agent may send the
 * task): the samples trimmed, or VALIDATION_FAILED with a sample named by its index (`samples.3`).
 */
export function validateSamples(raw: unknown): string[] {
  const parsed = VoiceSampleListShape.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors = fieldIssues(parsed.error.issues).map((e) => ({ field: e.field ? `samples.${e.field}` : 'samples', message: e.message }));
  throw new MeshError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    status: 400,
    retryable: false,
    details: { errors },
  });
}
