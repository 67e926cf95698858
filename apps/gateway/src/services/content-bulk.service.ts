import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type BulkContentResult,
  type BulkItemOutcome,
  CONTENT_TASKS,
  MeshClient,
  MeshError,
  PUBLISHING_TASKS,
  type TraceParent,
} from '@mt/messages';
import { ProblemError } from '../http/problem';

/**
 * Schedules several posts at one time on the same channels (ADR 142). Each post goes through the
 * same task as POST /content/{id}/schedule, so each is checked and refused on its own; a post of
 * another brand is refused as NOT_FOUND.
 */
@Injectable()
export class ContentBulkService {
  constructor(private readonly mesh: MeshClient) {}

  async schedule(actor: Actor, brandId: string, contentIds: string[], at: string, connectionIds: string[], parent?: TraceParent): Promise<BulkContentResult> {
    const items: BulkItemOutcome[] = [];
    for (const contentId of contentIds) {
      try {
        const content = await this.mesh.request(CONTENT_TASKS.get, { actor, contentId }, { parent });
        if (content.brandId !== brandId) throw new MeshError('NOT_FOUND', 'No such content', { status: 404, retryable: false });
        await this.mesh.request(PUBLISHING_TASKS.schedule, { actor, contentId, at, connectionIds }, { parent });
        items.push({ contentId, outcome: 'done' });
      } catch (err) {
        if (err instanceof MeshError) items.push({ contentId, outcome: 'refused', code: err.code, message: err.message });
        else if (err instanceof ProblemError) items.push({ contentId, outcome: 'refused', code: err.code, message: err.message });
        else throw err;
      }
    }
    return { items };
  }
}
