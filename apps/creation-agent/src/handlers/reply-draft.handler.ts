import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CONTENT_TASKS, type DraftReplyInput, type JobTask, OnTask, type TaskEnvelope } from '@mt/messages';
import { ReplyDraftService } from '../services/reply-draft.service';

@Controller()
export class ReplyDraftHandler {
  constructor(private readonly drafts: ReplyDraftService) {}

  @OnTask(CONTENT_TASKS.draftReply, { manualTransaction: true })
  draft(@Payload() t: TaskEnvelope<JobTask<DraftReplyInput>>) {
    return this.drafts.run(t);
  }
}
