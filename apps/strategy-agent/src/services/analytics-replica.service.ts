import { Injectable } from '@nestjs/common';
import type { AnalyticsUpdatedEvent } from '@mt/messages';
import { AnalyticsReplicaRepository } from '../replicas/analytics-replica.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** publishing-agent's measurements, kept here (latest per post) for insights and recommendations. */
@Injectable()
export class AnalyticsReplicaService {
  constructor(private readonly snapshots: AnalyticsReplicaRepository) {}

  async record(event: AnalyticsUpdatedEvent): Promise<void> {
    for (const s of event.snapshots) {
      // A snapshot of another brand, or one without a usable id or time, is not ours to keep.
      if (s.brandId !== event.brandId || !UUID.test(s.contentId) || Number.isNaN(Date.parse(s.publishedAt)) || Number.isNaN(Date.parse(s.capturedAt))) continue;
      await this.snapshots.upsertLatest(s);
    }
  }
}
