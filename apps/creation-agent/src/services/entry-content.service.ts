import { Injectable } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { type CampaignPlannedEvent, CONTENT_EVENTS, CONTENT_TASKS, type GenerateEntryTask, isRetryable, type PlannedEntry, UnitOfWork } from '@mt/messages';
import { ContentRepository } from '../repositories/content.repository';
import { CalendarEntryReplicaRepository } from '../replicas/calendar-entry-replica.repository';
import { ContentGenerator } from './content-generator.service';
import { ContentWriter } from './content-writer.service';

export const DEFAULT_VARIANTS = 2;
/** Attempts of one entry's generation before `content.generation_failed` (AiService retries each call itself too). */
export const ENTRY_ATTEMPTS = 3;
const BACKOFF_MS = [250, 1000];

/** What a content brief of a calendar entry says to the writer. */
export function entryBrief(e: Pick<PlannedEntry, 'topic' | 'format' | 'goal'>): string {
  return `${e.topic}. Format: ${e.format}. Campaign goal: ${e.goal}.`;
}

/**
 * Content for every planned entry, without being asked. `campaign.planned` (a batch transaction:
 * no AI, no questions) records the entries and sends this agent one task per entry without
 * content; each task writes its entry's content in its own transaction after the AI answered.
 */
@Injectable()
export class EntryContentService {
  private readonly logger = new AppLogger(EntryContentService.name);

  constructor(
    private readonly entries: CalendarEntryReplicaRepository,
    private readonly contents: ContentRepository,
    private readonly generator: ContentGenerator,
    private readonly writer: ContentWriter,
    private readonly uow: UnitOfWork,
  ) {}

  async onPlanned(event: CampaignPlannedEvent): Promise<void> {
    const planned: PlannedEntry[] = event.entries.map((e) => ({
      entryId: e.id,
      campaignId: event.campaignId,
      brandId: event.brandId,
      platform: e.platform,
      topic: e.topic,
      pillar: e.pillar,
      format: e.format,
      framework: e.framework,
      scheduledAt: e.scheduledAt,
      campaignName: event.campaignName,
      goal: event.goal,
    }));
    await this.entries.upsert(planned);
    // Replaced entries leave the calendar, and so do their drafts: the new plan writes one per new
    // entry, and a review queue holding both would double. Only drafts go: a post approved since
    // kept its entry (strategy-agent keeps approved entries), and nothing approved is deleted here.
    const replaced = event.replacedEntryIds ?? [];
    await this.entries.remove(replaced);
    await this.removeReplacedDrafts(replaced);
    const needing = event.entries.filter((e) => !e.contentId).map((e) => e.id);
    const done = await this.contents.entriesWithContent(needing);
    const planJobId = event.jobId ?? event.campaignId;
    for (const entry of planned) {
      if (!needing.includes(entry.entryId) || done.has(entry.entryId)) continue;
      this.uow.sendTask(
        'creation-agent',
        CONTENT_TASKS.generateEntry,
        { entry, planJobId: event.jobId, variants: DEFAULT_VARIANTS },
        { idempotencyKey: `entry:${entry.entryId}:${planJobId}` },
      );
    }
  }

  private async removeReplacedDrafts(entryIds: string[]): Promise<void> {
    const drafts = await this.contents.liveDraftsOfEntries(entryIds);
    const now = new Date();
    for (const draft of drafts) {
      draft.deletedAt = now;
      await this.contents.save(draft);
      this.uow.publishEvent(CONTENT_EVENTS.deleted, {
        contentId: draft.id,
        brandId: draft.brandId,
        calendarEntryId: draft.calendarEntryId,
        by: 'strategy-agent',
        wasApproved: false,
        reason: 'replaced',
      });
    }
  }

  /**
   * One entry's content. Idempotent: the AI answer is cached under the entry's key and the insert
   * ignores a duplicate. Failures are retried here (the handler runs outside the consumer's
   * transaction); the last one is announced as `content.generation_failed`, the entry stays planned.
   */
  async generateEntry(task: GenerateEntryTask): Promise<void> {
    const { entry } = task;
    // No read first: `campaign.planned` only sends tasks for entries without content, and a
    // redelivery is answered by the AI cache (same key) and then inserts nothing (unique per entry).
    let lastError: unknown;
    for (let attempt = 1; attempt <= ENTRY_ATTEMPTS; attempt++) {
      try {
        const generated = await this.generator.generate(
          {
            brandId: entry.brandId,
            platform: entry.platform,
            brief: entryBrief(entry),
            pillar: entry.pillar,
            campaignName: entry.campaignName,
            variants: task.variants,
          },
          { ...(task.planJobId ? { jobId: task.planJobId } : {}), idempotencyKey: `entry:${entry.entryId}:${attempt}` },
        );
        await this.uow.transaction(async () => {
          // A plan run again while this post was being written replaced its entry: nothing to add
          // (whileEntryLive: the insert itself checks, one statement instead of a read and a write).
          await this.writer.create(
            {
              brandId: entry.brandId,
              platform: entry.platform,
              campaignId: entry.campaignId,
              calendarEntryId: entry.entryId,
              jobId: null,
              topic: entry.topic,
              pillar: entry.pillar,
              format: entry.format,
              createdBy: null,
            },
            generated,
            { whileEntryLive: true },
          );
        });
        return;
      } catch (err) {
        lastError = err;
        if (!isRetryable(err) || attempt === ENTRY_ATTEMPTS) break;
        await new Promise((r) => setTimeout(r, BACKOFF_MS[attempt - 1] ?? 1000));
      }
    }
    const error = lastError as { code?: string; message?: string };
    this.logger.warn(`content of entry ${entry.entryId} failed: ${error?.message}`);
    await this.uow.transaction(async () => {
      this.uow.publishEvent(CONTENT_EVENTS.generationFailed, {
        brandId: entry.brandId,
        calendarEntryId: entry.entryId,
        campaignId: entry.campaignId,
        error: { code: error?.code ?? 'INTERNAL', message: error?.message ?? 'generation failed' },
      });
    });
  }
}
