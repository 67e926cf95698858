import type { NewNotification, NotificationsRepository } from '../repositories/notifications.repository';
import { NotificationsService } from './notifications.service';

type Job = { userId: string; brandId: string | null; kind: string; status: string; attempts: number };

function setup(job: Job | null) {
  const inserted: NewNotification[] = [];
  const service = new NotificationsService({
    jobOwner: async () => job,
    insert: async (n: NewNotification) => void inserted.push(n),
  } as unknown as NotificationsRepository);
  return { service, inserted };
}

const jobId = '0b000000-0000-4000-8000-000000000001';
const problem = { code: 'AI_TIMEOUT', title: 'The AI did not answer in time', detail: 'No answer within 30 s', status: 504 };

describe('job notifications', () => {
  it("tells the job's user how it ended, once per attempt and outcome", async () => {
    const { service, inserted } = setup({ userId: 'u1', brandId: 'b1', kind: 'inbox.reply', status: 'succeeded', attempts: 2 });
    await service.jobEnded({ jobId, attempt: 2, result: {} }, 'succeeded');
    expect(inserted).toEqual([
      expect.objectContaining({ userId: 'u1', brandId: 'b1', kind: 'job_succeeded', title: 'The reply draft is ready', dedupeKey: `job:${jobId}:2:succeeded` }),
    ]);
  });

  it('says what failed', async () => {
    const { service, inserted } = setup({ userId: 'u1', brandId: null, kind: 'some.new.kind', status: 'failed', attempts: 1 });
    await service.jobEnded({ jobId, attempt: 1, error: problem }, 'failed');
    expect(inserted[0]).toMatchObject({ kind: 'job_failed', title: 'some.new.kind failed', body: 'No answer within 30 s', data: { code: 'AI_TIMEOUT' } });
  });

  it('stays silent for a cancelled job, an earlier attempt, or an unknown job', async () => {
    for (const job of [
      { userId: 'u1', brandId: null, kind: 'campaign.plan', status: 'cancelled', attempts: 1 },
      { userId: 'u1', brandId: null, kind: 'campaign.plan', status: 'running', attempts: 3 },
      null,
    ]) {
      const { service, inserted } = setup(job);
      await service.jobEnded({ jobId, attempt: 1, result: null }, 'succeeded');
      expect(inserted).toEqual([]);
    }
  });
});
