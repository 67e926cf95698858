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
      expect.objectContaining({
        userId: 'u1',
        brandId: 'b1',
        kind: 'job_succeeded',
        title: 'The reply draft is ready',
        link: '/inbox',
        dedupeKey: `job:${jobId}:2:succeeded`,
      }),
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

describe('notifications that say what happened and lead to it', () => {
  const contentId = '0c000000-0000-4000-8000-000000000001';
  it('names the insights in the plural and links to the page, never to the API', async () => {
    const { service, inserted } = setup({ userId: 'u1', brandId: 'b1', kind: 'brand.insights', status: 'succeeded', attempts: 1 });
    await service.jobEnded({ jobId, attempt: 1, result: { brandId: 'b1', insights: 4 } }, 'succeeded');
    expect(inserted[0]).toMatchObject({ title: 'The insights are ready', body: 'New insights are on the analytics page.', link: '/analytics' });
    const post = setup({ userId: 'u1', brandId: 'b1', kind: 'content.generate', status: 'succeeded', attempts: 1 });
    await post.service.jobEnded({ jobId, attempt: 1, result: { contentId } }, 'succeeded');
    expect(post.inserted[0]).toMatchObject({ title: 'The post is ready', link: `/content/${contentId}` });
    expect(post.inserted[0].body).not.toBe('The work is done.');
  });

  it('tells the brand a post was published, by its first words and platform', async () => {
    const { service, inserted } = setup(null);
    await service.published({
      contentId,
      brandId: 'b1',
      platform: 'linkedin',
      connectionId: 'k1',
      scheduleId: 's1',
      externalId: 'x',
      url: 'https://www.linkedin.com/feed/update/1',
      publishedAt: '2026-12-02T10:00:00Z',
      excerpt: 'Spring tune-up: bring your grinder',
    });
    expect(inserted[0]).toMatchObject({
      userId: null,
      kind: 'content_published',
      title: 'Post “Spring tune-up: bring your grinder” published to LinkedIn',
      link: `/content/${contentId}`,
    });
  });

  it("says where a post failed, in the platform's words", async () => {
    const { service, inserted } = setup(null);
    await service.publishFailed({
      contentId,
      brandId: 'b1',
      platform: 'x',
      connectionId: 'k1',
      scheduleId: 's1',
      code: 'PLATFORM_REJECTED',
      message: 'X refused the post: duplicate content.',
      at: '2026-12-02T10:00:00Z',
      excerpt: 'Spring tune-up',
    });
    expect(inserted[0]).toMatchObject({ title: 'Post “Spring tune-up” failed on X', body: 'X refused the post: duplicate content.' });
  });

  it('announces a planned campaign with its name and the posts to review, once (not again as a job)', async () => {
    const { service, inserted } = setup({ userId: 'u1', brandId: 'b1', kind: 'campaign.plan', status: 'succeeded', attempts: 1 });
    const entry = (status: string) => ({ id: `e-${status}-${Math.random()}`, status }) as never;
    await service.campaignPlanned({
      campaignId: 'c1',
      brandId: 'b1',
      campaignName: 'Autumn launch',
      goal: 'g',
      jobId,
      entries: [...Array(12)].map(() => entry('planned')).concat([entry('approved')]),
    });
    await service.jobEnded({ jobId, attempt: 1, result: { campaignId: 'c1', entries: 13 } }, 'succeeded');
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ kind: 'campaign_planned', title: 'Campaign “Autumn launch” planned: 12 posts to review', link: '/campaigns/c1' });
  });
});
