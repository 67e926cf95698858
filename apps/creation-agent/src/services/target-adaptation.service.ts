import { Injectable } from '@nestjs/common';
import { AiService, isPlatformId, type PlatformId } from '@mt/ai';
import { type AdaptTargetsInput, CONTENT_EVENTS, type JobTask, MeshError, type TargetsAdapted, type TaskEnvelope, UnitOfWork } from '@mt/messages';
import { JobReporter, jobKey } from '@mt/runtime';
import { aiMetaOf } from './ai-meta';
import { REPORTED_AT_ONCE } from './job-delivery';
import { aiBrandContext, BrandProfileService } from '@mt/replicas';
import { ContentService } from './content.service';

/** Channels outside the catalogue write within the webhook channel's rules (as inbox replies do). */
const platformOf = (p: string): PlatformId => (isPlatformId(p) ? p : 'webhook');

/**
 * Compose once (ADR 194): the post's text (the selected variant, or the latest edit) adapted to
 * each target's platform by the target-adaptation task, which refuses a text over its platform's
 * limit with the hashtags it carries, or with a banned word (and retries). The texts are announced
 * for publishing-agent, which keeps the targets and stores them as their own bodies.
 */
@Injectable()
export class TargetAdaptationService {
  constructor(
    private readonly reporter: JobReporter,
    private readonly content: ContentService,
    private readonly profiles: BrandProfileService,
    private readonly ai: AiService,
    private readonly uow: UnitOfWork,
  ) {}

  run(task: TaskEnvelope<JobTask<AdaptTargetsInput>>): Promise<TargetsAdapted | undefined> {
    return this.reporter.runStaged(
      task,
      {
        prepare: async (input) => {
          const post = await this.content.load(input.actor, input.contentId, 'editor');
          if (input.targets.length === 0) {
            throw new MeshError('NO_TARGETS', 'This post has no targets to adapt its text for: choose where it goes first.', { status: 422, retryable: false });
          }
          const brand = aiBrandContext(await this.profiles.get(post.brandId));
          const { output, meta } = await this.ai.run(
            'target-adaptation',
            {
              brand,
              master: { platform: platformOf(post.platform), body: post.body, hashtags: post.hashtags },
              targets: input.targets.map((t) => ({ id: t.connectionId, platform: platformOf(t.platform) })),
            },
            { agent: 'creation-agent', brandId: post.brandId, jobId: task.payload.jobId, idempotencyKey: jobKey(task) },
          );
          const bodies = new Map(output.adaptations.map((a) => [a.id, a.body]));
          const adapted: TargetsAdapted = {
            actor: input.actor,
            contentId: post.id,
            brandId: post.brandId,
            targets: input.targets.map((t) => ({ connectionId: t.connectionId, platform: t.platform, body: bodies.get(t.connectionId) ?? post.body })),
            aiMeta: aiMetaOf(meta, task.payload.jobId),
          };
          return adapted;
        },
        commit: async (adapted) => {
          this.uow.publishEvent(CONTENT_EVENTS.targetsAdapted, adapted);
          return adapted;
        },
      },
      REPORTED_AT_ONCE,
    );
  }
}
