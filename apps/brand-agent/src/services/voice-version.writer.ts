import { Injectable } from '@nestjs/common';
import { BRAND_EVENTS, type BrandVoiceUpdatedEvent, UnitOfWork, type VoiceProfile } from '@mt/messages';
import type { BrandRow } from '../repositories/brand-rows';
import { VoiceFeedbackRepository } from '../repositories/voice-feedback.repository';
import { type VoiceVersionRow, VoiceRepository } from '../repositories/voice.repository';
import { applyLearning, sameLearned } from './voice-learning';
import { toVoiceProfile, type VoiceAnalysis } from './voice-profile.mapper';

/**
 * Writes a brand's next voice version — base analysis + the whole feedback history — and
 * announces it. Runs inside a transaction, after the brand row was locked (`lockById`), so
 * versions are numbered one writer at a time.
 */
@Injectable()
export class VoiceVersionWriter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly voices: VoiceRepository,
    private readonly feedback: VoiceFeedbackRepository,
  ) {}

  /**
   * The profile `base` makes today; a new version when it differs from `current` (always for a
   * new analysis of samples). Null when the feedback changed nothing.
   */
  async write(
    brand: BrandRow,
    base: VoiceAnalysis,
    opts: { source: 'samples' | 'feedback'; jobId: string | null; current: VoiceVersionRow | null },
  ): Promise<VoiceProfile | null> {
    const learned = applyLearning(base, await this.feedback.history(brand.id), brand.banned_words);
    if (opts.source === 'feedback' && opts.current && sameLearned(opts.current.profile, learned)) return null;
    const version = (opts.current?.version ?? 0) + 1;
    const profile = toVoiceProfile(brand.id, { ...base, ...learned }, version, new Date());
    await this.voices.insertVersion(brand.id, { version, profile, base, source: opts.source, jobId: opts.jobId });
    this.uow.publishEvent<BrandVoiceUpdatedEvent>(BRAND_EVENTS.voiceUpdated, { brandId: brand.id, voice: profile });
    return profile;
  }
}
