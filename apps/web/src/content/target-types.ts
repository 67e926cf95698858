import type { ContentTargetInput, ContentTargets } from '@mt/contracts/publishing/targets.contract';

/** Compose once (ADR 186/194): what the web app sends and reads for a post's targets. */
export type TargetInput = ContentTargetInput;
export type TargetSet = ContentTargets;

/** `POST /content/{id}/targets/adapt`: which targets get an AI-adapted text (none named: all). */
export interface AdaptTargetsRequest {
  connectionIds?: string[];
}
