import { CONTENT_EVENTS, CONTENT_TASKS, MeshError, type GenerateEntryTask, type UnitOfWork } from '@mt/messages';
import type { ContentRepository } from '../repositories/content.repository';
import type { CalendarEntryReplicaRepository } from '../replicas/calendar-entry-replica.repository';
import type { ContentGenerator, GeneratedContent } from './content-generator.service';
import type { ContentWriter } from './content-writer.service';
import { EntryContentService, ENTRY_ATTEMPTS } from './entry-content.service';

const entry = {
  entryId: '00000000-0000-4000-8000-000000000001',
  campaignId: '00000000-0000-4000-8000-000000000002',
  brandId: '00000000-0000-4000-8000-000000000003',
  platform: 'x',
  topic: 'Brew ratios',
  pillar: 'coffee craft',
  format: 'tip',
  framework: 'AIDA',
  scheduledAt: '2026-03-02T09:00:00.000Z',
  campaignName: 'Spring',
  goal: 'Sign-ups',
};
const task: GenerateEntryTask = { entry, planJobId: null, variants: 2 };

function setup(opts: { existing?: boolean; generate: jest.Mock; drafts?: { id: string; brandId: string; calendarEntryId: string; deletedAt: Date | null }[] }) {
  const events: { type: string; payload: unknown }[] = [];
  const tasks: { type: string; payload: unknown; key?: string }[] = [];
  const uow = {
    transaction: jest.fn(async (fn: () => Promise<unknown>) => fn()),
    publishEvent: jest.fn((type: string, payload: unknown) => events.push({ type, payload })),
    sendTask: jest.fn((_agent: string, type: string, payload: unknown, o?: { idempotencyKey?: string }) =>
      tasks.push({ type, payload, key: o?.idempotencyKey }),
    ),
  } as unknown as UnitOfWork;
  const contents = {
    findLiveByEntry: jest.fn(async () => (opts.existing ? { id: 'c1' } : null)),
    entriesWithContent: jest.fn(async () => new Set([entry.entryId])),
    liveDraftsOfEntries: jest.fn(async (ids: string[]) => (opts.drafts ?? []).filter((d) => ids.includes(d.calendarEntryId))),
    save: jest.fn(async (c: unknown) => c),
  } as unknown as ContentRepository;
  const entries = {
    upsert: jest.fn(async () => undefined),
    remove: jest.fn(async () => undefined),
  } as unknown as CalendarEntryReplicaRepository;
  const writer = { create: jest.fn(async () => ({ id: 'c2' })) } as unknown as ContentWriter;
  const generator = { generate: opts.generate } as unknown as ContentGenerator;
  return { service: new EntryContentService(entries, contents, generator, writer, uow), events, tasks, writer, contents };
}

describe('EntryContentService', () => {
  it('deletes the drafts of the entries a new plan replaced, announcing why, and keeps the others', async () => {
    const replacedId = '00000000-0000-4000-8000-0000000000aa';
    const drafts = [
      { id: 'old-draft', brandId: entry.brandId, calendarEntryId: replacedId, deletedAt: null },
      { id: 'current', brandId: entry.brandId, calendarEntryId: entry.entryId, deletedAt: null },
    ];
    const { service, events, contents } = setup({ generate: jest.fn(), drafts });
    await service.onPlanned({
      campaignId: entry.campaignId,
      brandId: entry.brandId,
      campaignName: 'Spring',
      goal: 'Sign-ups',
      jobId: 'job-2',
      entries: [{ ...entry, id: entry.entryId, contentId: null }],
      replacedEntryIds: [replacedId],
    } as never);
    expect(drafts[0].deletedAt).toBeInstanceOf(Date);
    expect(drafts[1].deletedAt).toBeNull();
    expect((contents.save as jest.Mock).mock.calls).toHaveLength(1);
    expect(events).toEqual([
      {
        type: CONTENT_EVENTS.deleted,
        payload: { contentId: 'old-draft', brandId: entry.brandId, calendarEntryId: replacedId, by: 'strategy-agent', wasApproved: false, reason: 'replaced' },
      },
    ]);
  });

  it('writes the post only while its entry is in the calendar (a new plan may replace it while the post is written)', async () => {
    const generated = { body: 'x' } as unknown as GeneratedContent;
    const { service, writer } = setup({ generate: jest.fn(async () => generated) });
    await service.generateEntry(task);
    // The insert checks the entry in the same statement (ContentRepository.insertGenerated's spec).
    expect(writer.create).toHaveBeenCalledWith(expect.objectContaining({ calendarEntryId: entry.entryId }), generated, { whileEntryLive: true });
  });

  it('sends one task per entry without content, keyed by entry and plan job', async () => {
    const { service, tasks } = setup({ generate: jest.fn() });
    const other = { ...entry, id: '00000000-0000-4000-8000-000000000009' };
    await service.onPlanned({
      campaignId: entry.campaignId,
      brandId: entry.brandId,
      campaignName: 'Spring',
      goal: 'Sign-ups',
      jobId: 'job-1',
      entries: [
        { ...entry, id: entry.entryId, contentId: null },
        { ...other, contentId: null },
        { ...entry, id: '00000000-0000-4000-8000-00000000000a', contentId: 'has-content' },
      ] as never,
    } as never);
    // The first entry already has content here; the third has content in strategy's calendar.
    expect(tasks).toEqual([
      { type: CONTENT_TASKS.generateEntry, payload: expect.objectContaining({ planJobId: 'job-1', variants: 2 }), key: `entry:${other.id}:job-1` },
    ]);
  });

  it('asks the AI with a key per entry and attempt, so a redelivery is answered from the cache', async () => {
    const generate = jest.fn(async () => ({ variants: [], selected: {}, aiMeta: {} }));
    const { service } = setup({ generate });
    await service.generateEntry(task);
    await service.generateEntry(task);
    expect(generate.mock.calls.map((c) => (c as unknown[])[1])).toEqual([
      { idempotencyKey: `entry:${entry.entryId}:1` },
      { idempotencyKey: `entry:${entry.entryId}:1` },
    ]);
  });

  it('retries a retryable failure, then announces content.generation_failed', async () => {
    const generate = jest.fn(async () => {
      throw new MeshError('AI_TIMEOUT', 'slow model', { retryable: true });
    });
    const { service, events, writer } = setup({ generate });
    await service.generateEntry(task);
    expect(generate).toHaveBeenCalledTimes(ENTRY_ATTEMPTS);
    expect(writer.create).not.toHaveBeenCalled();
    expect(events).toEqual([
      {
        type: CONTENT_EVENTS.generationFailed,
        payload: { brandId: entry.brandId, calendarEntryId: entry.entryId, campaignId: entry.campaignId, error: { code: 'AI_TIMEOUT', message: 'slow model' } },
      },
    ]);
  });

  it('does not retry a permanent failure', async () => {
    const generate = jest.fn(async () => {
      throw new MeshError('AI_BUDGET_EXCEEDED', 'spent', { retryable: false });
    });
    const { service, events } = setup({ generate });
    await service.generateEntry(task);
    expect(generate).toHaveBeenCalledTimes(1);
    expect(events[0].type).toBe(CONTENT_EVENTS.generationFailed);
  });

  it('writes the content after the AI answered', async () => {
    const generated = { variants: [], selected: {}, aiMeta: {} } as unknown as GeneratedContent;
    const { service, writer, events } = setup({ generate: jest.fn(async () => generated) });
    await service.generateEntry(task);
    expect(writer.create).toHaveBeenCalledWith(
      expect.objectContaining({ calendarEntryId: entry.entryId, campaignId: entry.campaignId, platform: 'x' }),
      generated,
      { whileEntryLive: true },
    );
    expect(events).toEqual([]);
  });
});
