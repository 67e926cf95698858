import type { VoiceProfileOutput } from '@mt/ai';
import type { VoiceProfile } from '@mt/messages';

/** A voice profile before it belongs to a version: what the AI made of the samples. */
export type VoiceAnalysis = Omit<VoiceProfile, 'brandId' | 'version' | 'updatedAt'>;

/** The 'voice-profile' task's answer in the shape the API and the other agents know. */
export function analysisFromOutput(out: VoiceProfileOutput, sampleCount: number): VoiceAnalysis {
  return {
    tone: out.summary,
    traits: out.traits.map((t) => ({ trait: t.trait, description: t.description })),
    sentenceStyle: {
      averageSentenceWords: Math.round(out.averageSentenceWords * 10) / 10,
      readingLevel: out.readingLevel,
      emojiPolicy: out.emojiPolicy,
      ...(out.person ? { person: out.person } : {}),
    },
    vocabulary: { preferred: [...out.vocabulary.preferred], avoid: [...out.vocabulary.avoid] },
    dos: [...out.dos],
    donts: [...out.donts],
    examples: [...out.exampleLines],
    sampleCount,
  };
}

export function toVoiceProfile(brandId: string, analysis: VoiceAnalysis, version: number, updatedAt: Date): VoiceProfile {
  return { brandId, ...analysis, version, updatedAt: updatedAt.toISOString() };
}
