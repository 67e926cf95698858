import { Injectable } from '@nestjs/common';
import { AiService, isPlatformId, type PlatformId } from '@mt/ai';
import { CONTENT_EVENTS, type DraftReplyInput, type JobTask, type ReplyDraft, type TaskEnvelope, UnitOfWork } from '@mt/messages';
import { JobReporter, jobKey } from '@mt/runtime';
import { aiMetaOf } from './ai-meta';
import { REPORTED_AT_ONCE } from './job-delivery';
import { aiBrandContext, BrandAccessService, BrandProfileService } from '@mt/replicas';

/** Channels outside the platform catalogue (email, a web form) reply within the webhook channel's rules. */
function replyPlatform(channel: string): PlatformId {
  return isPlatformId(channel) ? channel : 'webhook';
}

/**
 * An AI reply draft for an inbox message, in the brand's voice, with intent and sentiment. The
 * inbox-reply task itself refuses banned words and over-long replies (and retries); the draft is
 * announced for publishing-agent, which stores it on the message.
 */
@Injectable()
export class ReplyDraftService {
  constructor(
    private readonly reporter: JobReporter,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly ai: AiService,
    private readonly uow: UnitOfWork,
  ) {}

  run(task: TaskEnvelope<JobTask<DraftReplyInput>>): Promise<ReplyDraft | undefined> {
    return this.reporter.runStaged(
      task,
      {
        prepare: async (input) => {
          await this.access.require(input.actor, input.brandId, 'editor');
          const brand = aiBrandContext(await this.profiles.get(input.brandId));
          const { output, meta } = await this.ai.run(
            'inbox-reply',
            { brand, platform: replyPlatform(input.channel), message: { author: input.author, text: input.body } },
            { agent: 'creation-agent', brandId: input.brandId, jobId: task.payload.jobId, idempotencyKey: jobKey(task) },
          );
          const draft: ReplyDraft = {
            messageId: input.messageId,
            brandId: input.brandId,
            intent: output.intent,
            sentiment: output.sentiment,
            reply: output.reply,
            escalate: output.escalate,
            reason: output.reason,
            aiMeta: aiMetaOf(meta, task.payload.jobId),
          };
          return draft;
        },
        commit: async (draft) => {
          this.uow.publishEvent(CONTENT_EVENTS.replyDrafted, draft);
          return draft;
        },
      },
      REPORTED_AT_ONCE,
    );
  }
}
