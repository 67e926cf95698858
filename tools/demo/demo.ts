import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, ApiProblem, type JobView } from '../../apps/gateway/src/mcp/api-client';
import { apiUrl, configDir } from '../cli/commands/session';
import { DemoReceiver } from './demo-receiver';

/**
 * `npm run demo` / `marketing-team demo` (ADR 140): a living demo seeded through the public API,
 * idempotent — each step first looks for what it would make (by name, by count), so a second run
 * adds nothing. With no system answering at the URL it starts the embedded default (`npm start`)
 * and keeps it running; with one it seeds that one and exits.
 */

export const DEMO_EMAIL = 'demo@marketing-team.example';
export const DEMO_BRAND = 'Northwind Roasters';
export const DEMO_CAMPAIGNS = [
  { name: 'Spring origins', goal: 'Grow coffee subscriptions by 15%', platforms: ['webhook', 'linkedin'], postsPerWeek: 3, days: [1, 14] },
  { name: 'Cold brew summer', goal: 'Launch the cold brew kit', platforms: ['x', 'linkedin'], postsPerWeek: 2, days: [15, 28] },
] as const;
const CHANNEL_NAME = 'Demo receiver (webhook)';
const PUBLISHED_BRIEFS = [
  'Thank the neighbours who came to Saturday’s cupping',
  'The washed Ethiopian is back in 250 g bags',
  'How we roast: a morning at the roastery',
];
const APPROVED_PER_CAMPAIGN = 3;
const INBOX = [
  { channel: 'x', author: '@latte_lena', body: 'Is the Ethiopia roast still available in 250 g bags? Loved the last one!' },
  { channel: 'email', author: 'sam@example.com', body: 'My order arrived with a broken bag — what can you do?' },
  { channel: 'linkedin', author: 'Priya (Cafe Aurora)', body: 'Do you offer wholesale pricing for small cafes?' },
];
const VOICE_SAMPLES = [
  'Fresh beans, honest roasts. This week we fell for a washed Ethiopian that tastes like apricot jam — grind it a touch finer than usual.',
  'Your grinder matters more than your machine. Start there, and every cup gets better. Questions? We answer every single one.',
  'Behind the roast: Tuesday mornings smell like caramel and cardamom here. Come by the roastery and we will pour you a flight.',
];

export interface DemoResult {
  url: string;
  email: string;
  password: string;
  brandId: string;
  campaigns: { id: string; name: string; entries: number; approved: number }[];
  published: number;
  inbox: number;
  insights: number;
  simulatedAnalytics: boolean;
  /** True when this run started the system itself (it keeps running until Ctrl-C). */
  startedSystem: boolean;
  summary: string;
}

type Page<T> = { items: T[]; nextCursor: string | null };
type Content = { id: string; status: string; platform: string; campaignId: string | null };

export async function runDemo(opts: { url?: string; log: (line: string) => void }): Promise<DemoResult> {
  const url = apiUrl(opts.url);
  let system: ChildProcess | null = null;
  if (!(await ready(url))) {
    if (opts.url) throw new Error(`Nothing answers at ${url}: start it, or run the demo without --url to start the embedded default.`);
    opts.log(`Starting Marketing Team (embedded default) on ${url} …`);
    system = startSystem(url);
    await waitReady(url, system);
  }
  const saved = readDemoFile();
  const receiverSpec = saved[url]?.receiver ?? { port: 0, secret: `whsec_${randomBytes(24).toString('base64')}` };
  // The channel keeps the receiver's address: the same port each run (free again once a run ends).
  const receiver = await new DemoReceiver(receiverSpec.secret).start(receiverSpec.port).catch(() => new DemoReceiver(receiverSpec.secret).start(0));
  writeDemoFile(url, { receiver: { port: receiver.port, secret: receiverSpec.secret } });
  try {
    const result = await seed(url, receiver, receiverSpec.secret, opts.log);
    return { ...result, startedSystem: system !== null, summary: summaryOf({ ...result, startedSystem: system !== null }) };
  } catch (err) {
    if (system) {
      await stopSystem(system);
      system = null;
    }
    throw err;
  } finally {
    // The receiver stays while the demo's own system runs (it publishes the calendar's posts later on).
    if (!system) await receiver.stop();
  }
}

interface DemoFileEntry {
  email?: string;
  password?: string;
  receiver?: { port: number; secret: string };
}

const demoFile = () => path.join(configDir(), 'demo.json');

function readDemoFile(): Record<string, DemoFileEntry> {
  try {
    return JSON.parse(readFileSync(demoFile(), 'utf8')) as Record<string, DemoFileEntry>;
  } catch {
    return {};
  }
}

/** The demo's sign-in and receiver per API address, readable by the user alone (0600). */
function writeDemoFile(url: string, entry: DemoFileEntry): void {
  const all = readDemoFile();
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  writeFileSync(demoFile(), `${JSON.stringify({ ...all, [url]: { ...all[url], ...entry } }, null, 2)}\n`, { mode: 0o600 });
}

async function seed(url: string, receiver: DemoReceiver, secret: string, log: (line: string) => void): Promise<Omit<DemoResult, 'startedSystem' | 'summary'>> {
  const { email, password, session } = await demoUser(url);
  const api = new ApiClient({ baseUrl: url, authorization: `Bearer ${session}`, headers: { 'user-agent': 'marketing-team-demo' } });

  const brands = await api.get<Page<{ id: string; name: string }>>('/brands', { limit: 100 });
  let brand = brands.items.find((b) => b.name === DEMO_BRAND);
  if (!brand) {
    log(`Creating the brand ${DEMO_BRAND}`);
    brand = await api.post<{ id: string; name: string }>('/brands', {
      name: DEMO_BRAND,
      industry: 'Specialty coffee',
      description: 'A small-batch roaster shipping beans within 48 hours of roasting.',
      website: 'https://northwind.example',
      audience: 'Home baristas who care about origin',
      tone: 'warm, expert, playful',
      values: ['Freshness', 'Fair trade'],
      pillars: ['Brewing tips', 'Origins', 'Behind the roast'],
      bannedWords: ['cheap'],
      timezone: 'Europe/Berlin',
    });
  }
  const brandId = brand.id;

  if (
    !(await exists(
      () => api.get<{ traits?: string[] }>(`/brands/${brandId}/voice`),
      (v) => Boolean(v.traits?.length),
    ))
  ) {
    log('Learning the voice from three samples');
    await job(api, () => api.post(`/brands/${brandId}/voice/samples`, { samples: VOICE_SAMPLES }), log);
  }
  if (!(await exists(() => api.get(`/brands/${brandId}/strategy`)))) {
    log('Writing the brand strategy');
    await job(api, () => api.post(`/brands/${brandId}/strategy`, { goals: ['Grow coffee subscriptions', 'Become the go-to for brewing advice'] }), log);
  }

  const connections = await api.get<Page<{ id: string; platform: string; displayName: string }>>('/connections', { brandId });
  let channel = connections.items.find((c) => c.platform === 'webhook' && c.displayName === CHANNEL_NAME);
  if (!channel) {
    log('Connecting a webhook channel to the built-in receiver');
    channel = await api.post<{ id: string; platform: string; displayName: string }>('/connections', {
      brandId,
      platform: 'webhook',
      displayName: CHANNEL_NAME,
      config: { url: receiver.url, secret },
    });
  }

  const existing = await api.get<Page<{ id: string; name: string; status: string }>>('/campaigns', { brandId, limit: 100 });
  const campaigns: DemoResult['campaigns'] = [];
  for (const spec of DEMO_CAMPAIGNS) {
    let c = existing.items.find((x) => x.name === spec.name);
    if (!c) {
      log(`Creating the campaign ${spec.name}`);
      c = await api.post<{ id: string; name: string; status: string }>('/campaigns', {
        brandId,
        name: spec.name,
        goal: spec.goal,
        startDate: daysFromToday(spec.days[0]),
        endDate: daysFromToday(spec.days[1]),
        platforms: spec.platforms,
        postsPerWeek: spec.postsPerWeek,
      });
    }
    let calendar = await api.get<Page<{ id: string }>>(`/campaigns/${c.id}/calendar`);
    if (calendar.items.length === 0) {
      log(`Planning ${spec.name}`);
      await job(api, () => api.post(`/campaigns/${c.id}/plan`), log);
      calendar = await api.get<Page<{ id: string }>>(`/campaigns/${c.id}/calendar`);
    }
    const posts = await until(`the posts of ${spec.name}`, async () => {
      const page = await api.get<Page<Content>>('/content', { brandId, campaignId: c.id, limit: 100 });
      return page.items.length >= calendar.items.length ? page.items : undefined;
    });
    let approved = posts.filter((p) => p.status !== 'draft').length;
    // Webhook posts first: they are the ones the demo publishes to its receiver.
    const drafts = posts.filter((x) => x.status === 'draft').sort((a, b) => Number(b.platform === 'webhook') - Number(a.platform === 'webhook'));
    for (const p of drafts) {
      if (approved >= APPROVED_PER_CAMPAIGN) break;
      await api.post(`/content/${p.id}/approve`);
      approved++;
    }
    campaigns.push({ id: c.id, name: spec.name, entries: calendar.items.length, approved });
  }

  // A few published posts on the webhook channel: ad-hoc posts (a calendar's approved posts wait
  // for their planned day), written, approved and published now to the built-in receiver.
  const adHoc = async () =>
    (await api.get<Page<Content>>('/content', { brandId, limit: 100 })).items.filter((p) => p.platform === 'webhook' && p.campaignId === null);
  let mine = await adHoc();
  for (const brief of PUBLISHED_BRIEFS.slice(mine.length)) {
    log(`Writing a post: ${brief}`);
    await job(api, () => api.post('/content/generate', { brandId, brief, platform: 'webhook' }), log);
  }
  mine = await until('the ad-hoc posts', async () => {
    const items = await adHoc();
    return items.length >= PUBLISHED_BRIEFS.length ? items : undefined;
  });
  const publishing: string[] = [];
  for (const p of mine.filter((x) => x.status === 'draft' || x.status === 'approved')) {
    if (p.status === 'draft') await api.post(`/content/${p.id}/approve`);
    log('Publishing a post to the webhook channel');
    await until('publishing-agent to know the post', async () => {
      try {
        return await api.post(`/content/${p.id}/publish`, { connectionIds: [channel.id] });
      } catch (err) {
        if (err instanceof ApiProblem && (err.status === 404 || err.status === 409)) return undefined;
        throw err;
      }
    });
    publishing.push(p.id);
  }
  if (publishing.length) {
    await until('the posts published', async () => {
      const page = await api.get<Page<Content>>('/content', { brandId, status: 'published', limit: 100 });
      return publishing.every((id) => page.items.some((p) => p.id === id)) ? true : undefined;
    });
  }

  const overview = await api.get<{ simulated?: boolean; totals?: { impressions?: number } }>('/analytics/overview', { brandId });
  if (!overview.totals?.impressions) {
    log('Simulating 14 days of analytics (marked simulated)');
    await job(api, () => api.post('/analytics/simulate', { brandId, days: 14 }), log);
  }
  let insights = (await api.get<{ items: { type: string }[] }>(`/brands/${brandId}/insights`)).items;
  if (!insights.length || (publishing.length && insights.every((i) => i.type === 'no_data'))) {
    log('Turning the numbers into insights');
    await job(api, () => api.post(`/brands/${brandId}/insights`, {}), log);
    insights = (await api.get<{ items: { type: string }[] }>(`/brands/${brandId}/insights`)).items;
  }

  const inbox = await api.get<Page<{ id: string; author: string; body: string; status: string }>>('/messages', { brandId, limit: 100 });
  for (const m of INBOX) {
    if (inbox.items.some((x) => x.author === m.author && x.body === m.body)) continue;
    log(`An inbox message from ${m.author}`);
    inbox.items.push(await api.post('/messages', { brandId, ...m }));
  }
  for (const m of inbox.items.filter((x) => x.status === 'new' && INBOX.some((i) => i.author === x.author))) {
    log(`Drafting a reply to ${m.author}`);
    await job(api, () => api.post(`/messages/${m.id}/ai-reply`), log);
  }
  const simulated = (await api.get<{ simulated?: boolean }>('/analytics/overview', { brandId })).simulated === true;
  const finalPublished = (await api.get<Page<Content>>('/content', { brandId, status: 'published', limit: 100 })).items.length;
  return {
    url,
    email,
    password,
    brandId,
    campaigns,
    published: finalPublished,
    inbox: inbox.items.length,
    insights: insights.length,
    simulatedAnalytics: simulated,
  };
}

/** The demo user: registered once with a generated password, kept (0600) beside the CLI's login, signed in each run. */
async function demoUser(url: string): Promise<{ email: string; password: string; session: string }> {
  const anon = new ApiClient({ baseUrl: url, authorization: '' });
  const known = readDemoFile()[url];
  if (known?.email && known.password) {
    const creds = { email: known.email, password: known.password };
    const r = await anon.post<{ accessToken: string }>('/auth/login', creds);
    return { ...creds, session: r.accessToken };
  }
  const creds = { email: DEMO_EMAIL, password: `demo-${randomBytes(9).toString('base64url')}` };
  try {
    const r = await anon.post<{ accessToken: string }>('/auth/register', { ...creds, name: 'Demo Marketer' });
    writeDemoFile(url, creds);
    return { ...creds, session: r.accessToken };
  } catch (err) {
    if (err instanceof ApiProblem && err.code === 'EMAIL_TAKEN') {
      throw new Error(`${DEMO_EMAIL} already exists on ${url}, but its password is not in ${demoFile()}: sign in as it in the app, or use a fresh DATA_DIR.`);
    }
    throw err;
  }
}

async function exists<T>(read: () => Promise<T>, ok: (v: T) => boolean = () => true): Promise<boolean> {
  try {
    return ok(await read());
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) return false;
    throw err;
  }
}

/**
 * Starts an AI job and follows it to its end. The demo starts more AI jobs than the default
 * per-user AI rate limit allows a minute (RATE_LIMIT_AI_PER_MIN): a 429 waits its Retry-After.
 */
async function job(api: ApiClient, start: Promise<unknown> | (() => Promise<unknown>), log?: (line: string) => void): Promise<JobView> {
  let accepted: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      accepted = await (typeof start === 'function' ? start() : start);
      break;
    } catch (err) {
      if (!(err instanceof ApiProblem && err.code === 'RATE_LIMITED') || typeof start !== 'function' || attempt >= 10) throw err;
      const wait = Math.min(Math.max(err.retryAfterSeconds ?? 10, 1), 65);
      log?.(`  (the AI rate limit: waiting ${wait} s)`);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
  const { jobId } = accepted as { jobId: string };
  const done = await api.followJob(jobId, () => undefined);
  if (done.status !== 'succeeded') throw new Error(`job ${done.kind} ${done.status}: ${done.error?.detail ?? ''}`);
  return done;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A busy agent (503 AGENT_UNAVAILABLE while it writes a calendar's posts) is asked again.
    const v = await check().catch((err: unknown) => {
      if (err instanceof ApiProblem && err.status === 503) return undefined;
      throw err;
    });
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * What `npm start` runs, in the foreground of this command (its log on this terminal), with the
 * demo's receiver allowed (a machine you alone use, ADR 100).
 */
function startSystem(url: string): ChildProcess {
  const root = path.resolve(__dirname, '../..');
  const built = spawnSync(process.execPath, ['tools/run/ensure-web-build.js'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('The web app did not build: see above.');
  const port = new URL(url).port || '3000';
  const child = spawn(process.execPath, ['--max-semi-space-size=32', '-r', '@swc-node/register', 'tools/run/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: port, CHANNEL_ALLOW_PRIVATE_URLS: process.env.CHANNEL_ALLOW_PRIVATE_URLS ?? 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
  return child;
}

/** A demo that failed stops the system it started, and says so with its own exit code. */
async function stopSystem(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('The system stopped while starting: see its log above.');
    if (await ready(url)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready within 5 minutes`);
}

function summaryOf(r: Omit<DemoResult, 'summary'>): string {
  return [
    '',
    `Marketing Team demo is ready: ${r.url}`,
    `  sign in as ${r.email}`,
    `  password   ${r.password}`,
    '',
    `  brand ${DEMO_BRAND}: ${r.campaigns.map((c) => `${c.name} (${c.entries} planned, ${c.approved} approved)`).join('; ')}`,
    `  ${r.published} published posts, ${r.simulatedAnalytics ? 'simulated analytics (marked simulated)' : 'no analytics yet'}, ${r.insights} insights, ${r.inbox} inbox messages with drafts`,
    r.startedSystem ? '\nThe system keeps running here; Ctrl-C stops it (the data stays in DATA_DIR).' : '',
  ].join('\n');
}
