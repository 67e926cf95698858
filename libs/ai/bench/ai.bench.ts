/**
 * npm run bench:ai [-- --concurrency=6]
 *
 * 1. localPostsPerSec: AiService + local engine, single posts with 3 variants (prompt, engine,
 *    validation and log included; log kept in memory so the figure is the library's, not the disk's).
 * 2. overheadMsPerCall: AiService against the test server answering at once, minus the bare openai SDK
 *    call to the same server — prompt building, validation, budget check and the ai_log insert on
 *    PostgreSQL. Also reported with the in-memory log.
 * 3. fanout30Ms: 30 post-generation calls, each answered after 1,000 ms, through runMany with
 *    AI_CONCURRENCY (default 6).
 * Last line: one JSON object.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  AiRepository,
  AiService,
  InMemoryAiStore,
  LocalEngine,
  LocalProvider,
  OpenAiCompatibleTestServer,
  buildPrompt,
  loadAiConfig,
  postGenerationTask,
  testReply,
  type AiStore,
  type PostGenerationInput,
} from '../src';
import { OpenAiCompatibleProvider } from '../src/client/openai-compatible.provider';
import { copyCases, copyIssues } from '../src/testing/copy-quality';
import { sampleBrand } from '../src/testing/fixtures';
import { migratedAiDataSource } from '../src/testing/test-data-source';

const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';
const concurrencyArg = process.argv.find((a) => a.startsWith('--concurrency='))?.split('=')[1] ?? '6';

const brands = [
  sampleBrand(),
  sampleBrand({
    name: 'Lumen Studio',
    description: 'An independent design studio building brand identities and websites for climate startups.',
    audience: 'Founders of climate startups',
    tone: ['bold', 'expert'],
    pillars: ['Case studies', 'Design process', 'Climate tech'],
    bannedWords: ['disrupt'],
  }),
  sampleBrand({
    name: 'Trailhead Bikes',
    description: 'Repairs, rentals and guided gravel rides in the Peak District.',
    audience: 'Weekend riders and families',
    tone: ['playful', 'warm'],
    pillars: ['Ride reports', 'Maintenance tips'],
    bannedWords: ['cheap', 'extreme'],
  }),
];
const briefs = [
  'Announce the autumn single-origin subscription.',
  'Share three tips for better home espresso.',
  'Invite customers to our open studio day.',
  'Explain why we pay farmers above fair-trade prices.',
  'Launch the new gravel route guide for beginners.',
];
const postInput = (i: number, platform: PostGenerationInput['platform'] = 'x'): PostGenerationInput => ({
  brand: brands[i % brands.length],
  platform,
  brief: `${briefs[i % briefs.length]} (${i})`,
  variants: 3,
});
const ctx = () => ({ agent: 'bench', brandId: randomUUID(), jobId: randomUUID() });
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function localThroughput(): Promise<number> {
  const service = new AiService(loadAiConfig({}), new LocalProvider(), new InMemoryAiStore());
  for (let i = 0; i < 200; i++) await service.run('post-generation', postInput(i), ctx()); // warm-up
  const n = 2000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await service.run('post-generation', postInput(i + 1000, (['x', 'linkedin', 'mastodon', 'bluesky'] as const)[i % 4]), ctx());
  return n / ((performance.now() - t0) / 1000);
}

/** The copy-quality suite's violations per 1,000 posts of the local engine (target 0). */
function copyIssuesPer1000(): number {
  const engine = new LocalEngine();
  let posts = 0;
  let issues = 0;
  for (const c of copyCases(20261202)) {
    const out = engine.generate('post-generation', c.input);
    posts += out.variants.length;
    issues += copyIssues(c, out).length;
  }
  return (issues / posts) * 1000;
}

async function overhead(server: OpenAiCompatibleTestServer, store: AiStore): Promise<number> {
  const input = postInput(0);
  const answer = new LocalEngine().generate('post-generation', input);
  server.reset().setDefault(testReply.json(answer, { usage: { prompt_tokens: 900, completion_tokens: 400 } }));
  const config = loadAiConfig({
    AI_PROVIDER: 'openai-compatible',
    AI_BASE_URL: server.url,
    AI_API_KEY: 'bench',
    AI_MODEL_CONTENT: 'gpt-4o-mini',
    AI_MODEL_STRATEGY: 'gpt-4o',
  });
  const service = new AiService(config, new OpenAiCompatibleProvider(config), store);
  const sdk = new OpenAI({ baseURL: server.url, apiKey: 'bench', maxRetries: 0 });
  const messages = buildPrompt(postGenerationTask, input).messages;
  const bare = () => sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, response_format: { type: 'json_object' }, max_tokens: 4096 });
  const full = () => service.run('post-generation', input, ctx());
  const n = 400;
  for (let i = 0; i < 50; i++) {
    await bare();
    await full();
  }
  // Interleave so both sides see the same machine state; take the median of per-pair differences.
  const diffs: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await bare();
    const b = performance.now();
    await full();
    const c = performance.now();
    diffs.push(c - b - (b - a));
  }
  diffs.sort((x, y) => x - y);
  return diffs[Math.floor(n / 2)];
}

async function fanout(server: OpenAiCompatibleTestServer): Promise<number> {
  const answer = new LocalEngine().generate('post-generation', postInput(0));
  server.reset().setDefault(testReply.json(answer, { delayMs: 1000 }));
  const config = loadAiConfig({
    AI_PROVIDER: 'openai-compatible',
    AI_BASE_URL: server.url,
    AI_API_KEY: 'bench',
    AI_CONCURRENCY: concurrencyArg,
    AI_PRICES: '{"*":{"inPerMTok":0,"outPerMTok":0}}',
  });
  const service = new AiService(config, new OpenAiCompatibleProvider(config), new InMemoryAiStore());
  const items = Array.from({ length: 30 }, () => ({ input: postInput(0), ctx: ctx() }));
  const t0 = performance.now();
  const results = await service.runMany('post-generation', items);
  const ms = performance.now() - t0;
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} fan-out calls failed`);
  return ms;
}

async function withPg<T>(fn: (ds: DataSource) => Promise<T>): Promise<T | null> {
  const name = `mt_bench_ai_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  try {
    await admin.connect();
    await admin.query(`create database "${name}"`);
  } catch (err) {
    console.error(`PostgreSQL unavailable (${(err as Error).message}); skipping the figures that need it`);
    await admin.end().catch(() => undefined);
    return null;
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const ds = await migratedAiDataSource(url.toString());
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const server = await OpenAiCompatibleTestServer.start();
  try {
    const localPostsPerSec = await localThroughput();
    console.log(`local engine: ${round(localPostsPerSec, 0)} posts/s (3 variants each, through AiService)`);
    const copyIssues1000 = copyIssuesPer1000();
    console.log(`copy quality: ${round(copyIssues1000, 1)} issues per 1,000 posts`);
    const overheadMemory = await overhead(server, new InMemoryAiStore());
    console.log(`overhead per call, in-memory log: ${round(overheadMemory, 3)} ms`);
    const overheadPg = await withPg((ds) => overhead(server, new AiRepository(ds)));
    if (overheadPg !== null) console.log(`overhead per call, ai_log on PostgreSQL: ${round(overheadPg, 3)} ms`);
    const fanout30Ms = await fanout(server);
    console.log(`fan-out: 30 calls x 1000 ms at concurrency ${concurrencyArg}: ${round(fanout30Ms, 0)} ms`);
    console.log(
      JSON.stringify({
        localPostsPerSec: round(localPostsPerSec, 0),
        overheadMsPerCall: round(overheadPg ?? overheadMemory, 3),
        fanout30Ms: round(fanout30Ms, 0),
        overheadMsPerCallInMemoryLog: round(overheadMemory, 3),
        concurrency: Number(concurrencyArg),
        copyIssuesPer1000: round(copyIssues1000, 1),
      }),
    );
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
