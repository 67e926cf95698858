import type { AiRunMeta } from '@mt/ai';
import type { AiMeta } from '@mt/messages';

/** What a user sees of the AI call behind a draft: provider, model, engine, job (never tokens or cost). */
export function aiMetaOf(meta: Pick<AiRunMeta, 'provider' | 'model' | 'engine' | 'notice'>, jobId: string | null | undefined): AiMeta {
  return { provider: meta.provider, model: meta.model, engine: meta.engine, jobId: jobId ?? null, ...(meta.notice ? { notice: meta.notice } : {}) };
}
