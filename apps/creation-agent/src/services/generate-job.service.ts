import { Injectable } from '@nestjs/common';
import {
  type Content,
  type GenerateContentInput,
  type GenerateContentResult,
  GenerateContentShape,
  checkedByShape,
  type JobTask,
  MeshError,
  type TaskEnvelope,
} from '@mt/messages';
import { JobReporter, jobKey } from '@mt/runtime';
import { REPORTED_AT_ONCE } from './job-delivery';
import { BrandAccessService } from '@mt/replicas';
import { ContentRepository } from '../repositories/content.repository';
import { CalendarEntryReplicaRepository } from '../replicas/calendar-entry-replica.repository';
import { type GeneratedContent, ContentGenerator } from './content-generator.service';
import { ContentWriter, type ContentOrigin } from './content-writer.service';
import { DEFAULT_VARIANTS, entryBrief } from './entry-content.service';

interface Prepared {
  origin: ContentOrigin;
  generated: GeneratedContent;
}

/**
 * The request as the gateway checks it (GenerateContentShape, ADR 197), for any sender: a whole
 * number of variants from 1 to 5, and a brief that says something when no calendar entry is named.
 * Each field once per message, written as the gateway writes it (ADR 202).
 */
function checked(input: GenerateContentInput): void {
  const { actor: _actor, ...request } = input;
  checkedByShape(GenerateContentShape, request, { separator: ': ' });
}

/**
 * `POST /content/generate`: one entry's content (again), or content for an ad-hoc brief.
 * Access and AI in `prepare`, the writes and their events in `commit` (one transaction).
 */
@Injectable()
export class GenerateJobService {
  constructor(
    private readonly reporter: JobReporter,
    private readonly access: BrandAccessService,
    private readonly entries: CalendarEntryReplicaRepository,
    private readonly contents: ContentRepository,
    private readonly generator: ContentGenerator,
    private readonly writer: ContentWriter,
  ) {}

  run(task: TaskEnvelope<JobTask<GenerateContentInput>>): Promise<(GenerateContentResult & { content: Content }) | undefined> {
    const jobId = task.payload.jobId;
    return this.reporter.runStaged(
      task,
      {
        prepare: async (input, report) => {
          await this.access.require(input.actor, input.brandId, 'editor');
          checked(input);
          const variants = input.variants ?? DEFAULT_VARIANTS;
          let origin: ContentOrigin;
          let brief: string;
          let pillar: string | undefined;
          let campaignName: string | undefined;
          if (input.calendarEntryId) {
            const entry = await this.entries.find(input.calendarEntryId);
            if (!entry || entry.brandId !== input.brandId) throw new MeshError('NOT_FOUND', 'No such calendar entry for this brand', { status: 404 });
            // The entry decides the platform: its calendar slot is for that platform.
            origin = {
              brandId: entry.brandId,
              platform: entry.platform,
              campaignId: entry.campaignId,
              calendarEntryId: entry.entryId,
              jobId,
              topic: entry.topic,
              pillar: entry.pillar,
              format: entry.format,
              createdBy: input.actor.userId,
            };
            brief = input.brief ? `${input.brief} ${entryBrief(entry)}` : entryBrief(entry);
            pillar = entry.pillar;
            campaignName = entry.campaignName;
          } else {
            // The shape made sure of a brief that says something.
            const ask = (input.brief ?? '').trim();
            origin = {
              brandId: input.brandId,
              platform: input.platform,
              campaignId: null,
              calendarEntryId: null,
              jobId,
              topic: ask.slice(0, 200),
              pillar: null,
              format: null,
              createdBy: input.actor.userId,
            };
            brief = ask;
          }
          await report.progress(0, 1);
          const generated = await this.generator.generate(
            { brandId: input.brandId, platform: origin.platform, brief, variants, ...(pillar ? { pillar } : {}), ...(campaignName ? { campaignName } : {}) },
            { jobId, idempotencyKey: jobKey(task) },
          );
          return { origin, generated };
        },
        commit: async ({ origin, generated }: Prepared, input) => {
          // A redelivered commit finds what the first one wrote.
          const mine = await this.contents.findByJob(jobId);
          if (mine) return { contentId: mine.id, content: await this.writer.regenerate(mine, generated, jobId, input.actor.userId) };
          const entryContent = () => (origin.calendarEntryId ? this.contents.findLiveByEntry(origin.calendarEntryId) : Promise.resolve(null));
          const existing = await entryContent();
          let content = existing ? await this.writer.regenerate(existing, generated, jobId, input.actor.userId) : await this.writer.create(origin, generated);
          if (!content) {
            // The entry's own generation committed meanwhile (the insert was ignored): rewrite that one.
            const raced = await entryContent();
            if (!raced) throw new MeshError('CONFLICT', 'the calendar entry changed meanwhile; try again', { status: 409 });
            content = await this.writer.regenerate(raced, generated, jobId, input.actor.userId);
          }
          return { contentId: content.id, content };
        },
      },
      REPORTED_AT_ONCE,
    );
  }
}
