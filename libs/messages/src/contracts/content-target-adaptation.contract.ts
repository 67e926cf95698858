import type { Actor } from './actor';
import type { AiMeta } from './content.contract';

/**
 * Compose once (ADR 194): a post's master text adapted to each of its targets' platforms by the AI
 * task set. creation-agent writes the texts (a job); publishing-agent, which keeps the targets,
 * stores them as the targets' own bodies when it takes `content.targets.adapted`.
 */
export interface AdaptTargetsInput {
  actor: Actor;
  brandId: string;
  contentId: string;
  /** The targets to write for (the gateway reads them from publishing-agent). */
  targets: { connectionId: string; platform: string }[];
}

export interface AdaptedTarget {
  connectionId: string;
  platform: string;
  body: string;
}

/** The job's result, and the event publishing-agent stores the bodies from. */
export interface TargetsAdapted {
  actor: Actor;
  contentId: string;
  brandId: string;
  targets: AdaptedTarget[];
  aiMeta: AiMeta;
}
