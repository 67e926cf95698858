import { createTask, type GenerateContentInput, type JobTask, type MeshError } from '@mt/messages';
import type { JobReporter } from '@mt/runtime';
import type { BrandAccessService } from '@mt/replicas';
import type { ContentRepository } from '../repositories/content.repository';
import type { CalendarEntryReplicaRepository } from '../replicas/calendar-entry-replica.repository';
import type { ContentGenerator } from './content-generator.service';
import type { ContentWriter } from './content-writer.service';
import { GenerateJobService } from './generate-job.service';

describe('GenerateJobService: the request checked with GenerateContentShape', () => {
  const brandId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  const find = jest.fn();
  const generate = jest.fn();
  // The reporter's staging is not under test: prepare runs as it would, and its refusal is what the job reports.
  const reporter = {
    runStaged: (task: { payload: JobTask<GenerateContentInput> }, work: { prepare(input: GenerateContentInput, report: unknown): Promise<unknown> }) =>
      work.prepare(task.payload.input, { progress: async () => undefined }),
  } as unknown as JobReporter;
  const service = new GenerateJobService(
    reporter,
    { require: async () => 'editor' } as unknown as BrandAccessService,
    { find } as unknown as CalendarEntryReplicaRepository,
    {} as ContentRepository,
    { generate } as unknown as ContentGenerator,
    {} as ContentWriter,
  );
  const run = (input: Record<string, unknown>) =>
    service.run(
      createTask<JobTask<GenerateContentInput>>({
        sender: 'mcp',
        taskType: 'content.generate',
        payload: { jobId: 'j1', attempt: 1, input: { actor: { userId: 'u1' }, brandId, platform: 'x', ...input } as GenerateContentInput },
      }),
    );

  it('refuses every bad field at once, in the words and form of the gateway, before any lookup or AI call', async () => {
    const err = (await run({ brief: '', variants: 9, calendarEntryId: 'entry-1', tone: 'loud' }).catch((e: unknown) => e)) as MeshError;
    expect({ code: err.code, status: err.status, retryable: err.retryable, details: err.details }).toEqual({
      code: 'VALIDATION_FAILED',
      status: 400,
      retryable: false,
      details: {
        errors: [
          { field: 'calendarEntryId', message: 'must be a UUID' },
          { field: 'brief', message: 'must be 3 to 2000 characters' },
          { field: 'variants', message: 'must be a whole number from 1 to 5' },
          { field: 'tone', message: 'is not a known field' },
        ],
      },
    });
    expect(err.message).toBe(
      'calendarEntryId: must be a UUID; brief: must be 3 to 2000 characters; variants: must be a whole number from 1 to 5; tone: is not a known field',
    );
    expect(find).not.toHaveBeenCalled();
    expect(generate).not.toHaveBeenCalled();
  });

  it('asks for a brief when no calendar entry is named', async () => {
    await expect(run({ brief: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'brief', message: 'give a brief or a calendarEntryId' }] },
    });
    expect(generate).not.toHaveBeenCalled();
  });
});
