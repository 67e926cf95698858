import { altTextTask, type AltTextInput, type AltTextOutput } from './alt-text.task';
import { brandStrategyTask, type BrandStrategyInput, type BrandStrategyOutput } from './brand-strategy.task';
import { campaignCalendarTask, type CampaignCalendarInput, type CampaignCalendarOutput } from './campaign-calendar.task';
import type { AiTaskDefinition } from './common';
import { inboxReplyTask, type InboxReplyInput, type InboxReplyOutput } from './inbox-reply.task';
import { insightsTask, type InsightsInput, type InsightsOutput } from './insights.task';
import { postGenerationTask, type PostGenerationInput, type PostGenerationOutput } from './post-generation.task';
import { targetAdaptationTask, type TargetAdaptationInput, type TargetAdaptationOutput } from './target-adaptation.task';
import { variantScoringTask, type VariantScoringInput, type VariantScoringOutput } from './variant-scoring.task';
import { voiceProfileTask, type VoiceProfileInput, type VoiceProfileOutput } from './voice-profile.task';

/** Every AI task: its input and its validated output. */
export interface AiTaskMap {
  'brand-strategy': { input: BrandStrategyInput; output: BrandStrategyOutput };
  'voice-profile': { input: VoiceProfileInput; output: VoiceProfileOutput };
  'campaign-calendar': { input: CampaignCalendarInput; output: CampaignCalendarOutput };
  'post-generation': { input: PostGenerationInput; output: PostGenerationOutput };
  'variant-scoring': { input: VariantScoringInput; output: VariantScoringOutput };
  insights: { input: InsightsInput; output: InsightsOutput };
  'inbox-reply': { input: InboxReplyInput; output: InboxReplyOutput };
  'target-adaptation': { input: TargetAdaptationInput; output: TargetAdaptationOutput };
  'alt-text': { input: AltTextInput; output: AltTextOutput };
}

export type AiTaskName = keyof AiTaskMap;
export type AiTaskInput<T extends AiTaskName> = AiTaskMap[T]['input'];
export type AiTaskOutput<T extends AiTaskName> = AiTaskMap[T]['output'];

export const AI_TASKS: { readonly [T in AiTaskName]: AiTaskDefinition<AiTaskInput<T>, AiTaskOutput<T>> } = {
  'brand-strategy': brandStrategyTask,
  'voice-profile': voiceProfileTask,
  'campaign-calendar': campaignCalendarTask,
  'post-generation': postGenerationTask,
  'variant-scoring': variantScoringTask,
  insights: insightsTask,
  'inbox-reply': inboxReplyTask,
  'target-adaptation': targetAdaptationTask,
  'alt-text': altTextTask,
};

export const AI_TASK_NAMES = Object.keys(AI_TASKS) as AiTaskName[];

export function taskDefinition<T extends AiTaskName>(task: T): AiTaskDefinition<AiTaskInput<T>, AiTaskOutput<T>> {
  return AI_TASKS[task];
}
