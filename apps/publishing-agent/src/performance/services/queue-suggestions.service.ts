import { Injectable } from '@nestjs/common';
import { type Actor, type Connection, MeshError, type QueueSuggestions } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import { PublishingSettingsService } from '../../scheduling/services/publishing-settings.service';
import { AnalyticsSnapshotRepository } from '../repositories/analytics-snapshot.repository';
import { MetricsChannels } from './metrics-channels';
import { MIN_POSTS, MIN_POSTS_PER_SLOT, SUGGESTION_WINDOW_DAYS, suggestSlots } from './queue-suggestions';

const connectionNotFound = () => new MeshError('NOT_FOUND', 'No such connection', { status: 404, retryable: false });

/**
 * Best-time suggestions for a connection's queue (ADR 148), from the numbers this part collects
 * per published post. It lives here, not in the scheduling part that owns queues, because the
 * numbers are this part's and parts depend one way only (performance → scheduling).
 */
@Injectable()
export class QueueSuggestionsService {
  constructor(
    private readonly snapshots: AnalyticsSnapshotRepository,
    private readonly channels: MetricsChannels,
    private readonly settings: PublishingSettingsService,
    private readonly access: BrandAccessService,
  ) {}

  async suggest(actor: Actor, connectionId: string, now = new Date()): Promise<QueueSuggestions> {
    const connection = await this.connection(actor, connectionId);
    const timezone = await this.settings.timezoneOf(connection.brandId);
    const since = new Date(now.getTime() - SUGGESTION_WINDOW_DAYS * 86_400_000);
    const posts = await this.snapshots.measuredPosts(connection.brandId, connection.platform, since);
    const outcome = suggestSlots(posts, timezone, connection.platform);
    return {
      connectionId,
      brandId: connection.brandId,
      platform: connection.platform,
      timezone,
      basis: {
        posts: outcome.posts,
        from: since.toISOString().slice(0, 10),
        to: now.toISOString().slice(0, 10),
        minPosts: MIN_POSTS,
        minPostsPerSlot: MIN_POSTS_PER_SLOT,
      },
      enoughData: outcome.enoughData,
      message: outcome.message,
      suggestions: outcome.suggestions,
    };
  }

  private async connection(actor: Actor, connectionId: string): Promise<Connection> {
    const c = await this.channels.find()?.connection(connectionId);
    if (!c) throw connectionNotFound();
    try {
      await this.access.require(actor, c.brandId, 'viewer');
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw connectionNotFound();
      throw err;
    }
    return c;
  }
}
