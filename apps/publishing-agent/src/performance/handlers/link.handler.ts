import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type FollowLinkPayload, OnTask, PUBLISHING_TASKS, type TaskEnvelope } from '@mt/messages';
import { LinkClicksService } from '../services/link-clicks.service';

@Controller()
export class LinkHandler {
  constructor(private readonly clicks: LinkClicksService) {}

  /** A query for the mesh: the click is gathered in memory and written by its own transaction later. */
  @OnTask(PUBLISHING_TASKS.followLink, { query: true })
  follow(@Payload() t: TaskEnvelope<FollowLinkPayload>) {
    return this.clicks.follow(t.payload.code);
  }
}
