import { Injectable } from '@nestjs/common';
import { BRAND_EVENTS, UnitOfWork, type VoiceProfile } from '@mt/messages';
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

  /** A new analysis of samples: always a new version (history records every analysis). */
  async writeAnalysis(brand: BrandRow, base: VoiceAnalysis, jobId: string, current: VoiceVersionRow | null): Promise<VoiceProfile> {
    const learned = applyLearning(base, await this.feedback.history(brand.id), brand.banned_words);
    return this.insert(brand, { ...base, ...learned }, base, { source: 'samples', jobId, current });
  }

  /** The learning loop: a new version over the current base when the feedback changed what others see, else null. */
  async writeLearned(brand: BrandRow, current: VoiceVersionRow): Promise<VoiceProfile | null> {
    const learned = applyLearning(current.base, await this.feedback.history(brand.id), brand.banned_words);
    if (sameLearned(current.profile, learned)) return null;
    return this.insert(brand, { ...current.base, ...learned }, current.base, { source: 'feedback', jobId: null, current });
  }

  private async insert(
    brand: BrandRow,
    analysis: VoiceAnalysis,
    base: VoiceAnalysis,
    opts: { source: 'samples' | 'feedback'; jobId: string | null; current: VoiceVersionRow | null },
  ): Promise<VoiceProfile> {
    const version = (opts.current?.version ?? 0) + 1;
    const profile = toVoiceProfile(brand.id, analysis, version, new Date());
    await this.voices.insertVersion(brand.id, { version, profile, base, source: opts.source, jobId: opts.jobId });
    this.uow.publishEvent(BRAND_EVENTS.voiceUpdated, { brandId: brand.id, voice: profile });
    return profile;
  }
}
