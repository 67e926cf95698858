import { randomUUID } from 'node:crypto';
import { AiService, InMemoryAiStore, loadAiConfig, LocalProvider } from '@mt/ai';
import { BRAND_EVENTS, type Content, createTask, type JobTask, type LearnVoiceInput, type TaskEnvelope, type VoiceProfile } from '@mt/messages';
import { JobReporter } from '@mt/runtime';
import { BrandRepository } from '../src/repositories/brand.repository';
import { VoiceFeedbackRepository } from '../src/repositories/voice-feedback.repository';
import { VoiceRepository } from '../src/repositories/voice.repository';
import { BrandRoleService } from '../src/services/brand-role.service';
import { VoiceFeedbackService } from '../src/services/voice-feedback.service';
import { VoiceVersionWriter } from '../src/services/voice-version.writer';
import { VoiceService } from '../src/services/voice.service';
import { type BrandContext, brandContext } from './brand-fixtures';

const SAMPLES = [
  'We roast on Tuesdays so your beans reach you within four days of leaving the drum.',
  'Our Ethiopian Guji is back: bright, floral, and a little bit jammy. Brew it as a pour-over.',
];

/** The voice job and the learning loop on a real, migrated database, with the local AI engine. */
describe('voice job and learning loop (PostgreSQL)', () => {
  let ctx: BrandContext;
  let voice: VoiceService;
  let feedback: VoiceFeedbackService;
  let ai: InMemoryAiStore;

  beforeAll(async () => {
    ctx = await brandContext('voice');
    const brands = new BrandRepository(ctx.uow);
    const voices = new VoiceRepository(ctx.uow);
    const records = new VoiceFeedbackRepository(ctx.uow);
    const writer = new VoiceVersionWriter(ctx.uow, voices, records);
    const access = new BrandRoleService(brands);
    ai = new InMemoryAiStore();
    const aiService = new AiService(loadAiConfig({}), new LocalProvider(), ai);
    voice = new VoiceService(new JobReporter(ctx.uow), aiService, access, brands, voices, writer);
    feedback = new VoiceFeedbackService(access, brands, voices, records, writer);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const task = (input: LearnVoiceInput, jobId = randomUUID(), retryCount = 0): TaskEnvelope<JobTask<LearnVoiceInput>> => {
    const env = createTask({ sender: 'gateway', taskType: 'brand.voice.learn', payload: { jobId, attempt: 1, input }, maxRetries: 3 });
    return { ...env, retry_count: retryCount };
  };

  const now = () => new Date().toISOString();
  const content = (brandId: string, body: string): Content => ({ id: randomUUID(), brandId, body, platform: 'linkedin', status: 'approved' }) as Content;

  it('stores one version for a job delivered twice, with the samples once and the AI paid once', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    const t = task({ actor: owner, brandId, samples: SAMPLES });
    const first = await voice.learn(t);
    const again = await voice.learn({ ...t, retry_count: 1 });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ brandId, version: 1, sampleCount: 2 });
    const rows: { n: number }[] = await ctx.ds.query(`SELECT count(*)::int AS n FROM brand.voice_sample WHERE brand_id = $1`, [brandId]);
    expect(rows[0].n).toBe(2);
    const announced = (await ctx.events(BRAND_EVENTS.voiceUpdated)).filter((e) => e.brandId === brandId);
    expect(announced).toHaveLength(1);
    const calls = ai.logs.filter((l) => l.brandId === brandId);
    expect(calls.map((l) => l.outcome)).toEqual(['succeeded', 'cached']);
  });

  it('fails the job for a viewer, writing nothing', async () => {
    const owner = ctx.newUser();
    const viewer = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    await ctx.grant(brandId, owner, viewer, 'viewer');
    const jobId = randomUUID();
    expect(await voice.learn(task({ actor: viewer, brandId, samples: SAMPLES }, jobId))).toBeUndefined();
    const failed = (await ctx.events('job.failed')).filter((e) => e.jobId === jobId);
    expect(failed).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'FORBIDDEN', status: 403 }) })]);
    const rows: { n: number }[] = await ctx.ds.query(`SELECT count(*)::int AS n FROM brand.voice_profile_version WHERE brand_id = $1`, [brandId]);
    expect(rows[0].n).toBe(0);
  });

  it('numbers versions one after another when feedback arrives at the same time', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    await voice.learn(task({ actor: owner, brandId, samples: SAMPLES }));
    const posts = Array.from({ length: 4 }, (_, i) => content(brandId, `Approved post number ${i}, roasted fresh for you`));
    await Promise.all(posts.map((c) => ctx.tx(() => feedback.approved({ content: c, by: owner.userId }, now()))));
    const versions: { version: number }[] = await ctx.ds.query(`SELECT version FROM brand.voice_profile_version WHERE brand_id = $1 ORDER BY version`, [
      brandId,
    ]);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    const latest = (await ctx.events(BRAND_EVENTS.voiceUpdated)).filter((e) => e.brandId === brandId).at(-1)?.voice as VoiceProfile;
    expect(latest.version).toBe(5);
    expect(latest.examples.slice(0, 4).sort()).toEqual(posts.map((p) => p.body).sort());
  });

  it('records feedback before any samples and applies it to the first analysis', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    for (const [before, after] of [
      ['An amazing blend', 'A smooth blend'],
      ['Amazing mornings', 'Smooth mornings'],
    ]) {
      await ctx.tx(() => feedback.updated({ content: content(brandId, after), by: owner.userId, previousBody: before, change: 'edit' }, now()));
    }
    expect((await feedback.list(owner, brandId, 'edited', { limit: 10 })).items).toHaveLength(2);
    const profile = await voice.learn(task({ actor: owner, brandId, samples: SAMPLES }));
    expect(profile?.version).toBe(1);
    expect(profile?.vocabulary.avoid).toContain('amazing');
    expect(profile?.vocabulary.preferred).toContain('smooth');
  });

  it('lists feedback newest first in the order the edits were made, not the order they were handled', async () => {
    const owner = ctx.newUser();
    const brandId = await ctx.newBrand(owner);
    const start = Date.parse('2026-11-02T09:00:00.000Z');
    const edits = ['First edit', 'Second edit', 'Third edit', 'Fourth edit', 'Fifth edit'].map((text, i) => ({
      text,
      at: new Date(start + i * 1000).toISOString(),
    }));
    const edit = ({ text, at }: { text: string; at: string }) =>
      feedback.updated({ content: content(brandId, text), by: owner.userId, previousBody: `${text} before`, change: 'edit' }, at);
    // The fourth and second arrive first, in one batch transaction; the others in three concurrent ones.
    await ctx.tx(async () => {
      await edit(edits[3]);
      await edit(edits[1]);
    });
    await Promise.all([edits[4], edits[0], edits[2]].map((e) => ctx.tx(() => edit(e))));
    const listed = await feedback.list(owner, brandId, 'edited', { limit: 10 });
    expect(listed.items.map((f) => f.text)).toEqual(edits.map((e) => e.text).reverse());
    expect(listed.items.map((f) => f.createdAt)).toEqual(edits.map((e) => e.at).reverse());
  });

  it('drops feedback about a brand that is gone', async () => {
    await ctx.tx(() => feedback.approved({ content: content(randomUUID(), 'A post of a brand nobody knows'), by: randomUUID() }, now()));
    const rows: { n: number }[] = await ctx.ds.query(`SELECT count(*)::int AS n FROM brand.voice_feedback WHERE text = 'A post of a brand nobody knows'`);
    expect(rows[0].n).toBe(0);
  });
});
