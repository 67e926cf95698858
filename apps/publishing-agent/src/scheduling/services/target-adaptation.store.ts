import { Injectable } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { type ContentTargetInput, MeshError, type TargetsAdapted } from '@mt/messages';
import { ContentTargetRepository } from '../repositories/content-target.repository';
import { TargetsService } from './targets.service';

/**
 * ADR 194: the adapted texts creation-agent wrote land on the post's targets as their own bodies,
 * through the same rules as a user's `PUT /content/{id}/targets` (approval covers the set, each
 * text within its platform's limit, a scheduled target unchanged). A target removed since keeps
 * nothing; one added since keeps what it had. A set the rules refuse (the post was approved
 * meanwhile, a text no longer fits because the hashtags changed) is left as it was: the job's
 * result still shows the texts, to be copied by hand.
 */
@Injectable()
export class TargetAdaptationStore {
  private readonly logger = new AppLogger('TargetAdaptation');

  constructor(
    private readonly targets: ContentTargetRepository,
    private readonly service: TargetsService,
  ) {}

  async store(e: TargetsAdapted): Promise<boolean> {
    const current = await this.targets.ofContent(e.contentId);
    const bodies = new Map(e.targets.map((t) => [t.connectionId, t.body]));
    if (!current.some((t) => bodies.has(t.connectionId))) return false;
    const inputs: ContentTargetInput[] = current.map((t) => ({
      connectionId: t.connectionId,
      body: bodies.get(t.connectionId) ?? t.body,
      mediaIds: t.mediaIds,
      at: t.at?.toISOString() ?? null,
    }));
    try {
      await this.service.set(e.actor, e.contentId, inputs);
      return true;
    } catch (err) {
      if (err instanceof MeshError && !err.retryable) {
        this.logger.warn(`adapted texts for content ${e.contentId} not stored: ${err.code} ${err.message}`);
        return false;
      }
      throw err;
    }
  }
}
