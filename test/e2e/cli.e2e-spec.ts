import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compiledBuildIsFresh } from '../support/compiled-build';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, type TestUser, until } from '../support/platform';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'tools/cli/bin/marketing-team.js');

// doctor's services get 30 s to answer instead of 3: a whole run beside a CPU hog has seen the API take
// longer, and no test here is about that deadline.
const CLI_ENV: Record<string, string> = { MARKETING_TEAM_DOCTOR_TIMEOUT_MS: '30000', ...(compiledBuildIsFresh() ? { MT_CLI_COMPILED: '1' } : {}) };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/**
 * Five operator commands, each a fresh process that loads every app's migrations: seconds when
 * idle, minutes on a loaded machine. How long they take is not what the test is about.
 */
const CLI_OPERATOR_TEST_MS = 360_000;

/** Runs `marketing-team …` as a user would, with its own config folder and no inherited API settings. */
function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string; configHome: string }): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (typeof v === 'string' && !/^(MARKETING_TEAM_|DATABASE_URL|AMQP_URL|REDIS_URL)/.test(k)) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...env, ...CLI_ENV, XDG_CONFIG_HOME: opts.configHome, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown = undefined;
      try {
        json = JSON.parse(stdout);
      } catch {
        // not JSON
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * `marketing-team` end to end against a running system (ADR 139): sign-in kept 0600, API
 * commands as text and --json, the documented exit codes, and the operator commands.
 */
describe.each(PLATFORM_MODES)('marketing-team CLI (%s)', (mode) => {
  let p: TestPlatform;
  let owner: TestUser;
  let brandId: string;
  let connectionId: string;
  let configHome: string;
  let token: string;
  const run = (args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) => cli(args, { configHome, ...opts });

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    configHome = mkdtempSync(path.join(os.tmpdir(), 'mt-cli-'));
    owner = await registerUser(p.url, 'cli-owner');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.accessToken, body: { name: 'Harbour Bakery' } });
    brandId = brand.body.id;
    const made = await api(p.url, 'POST', '/api/v1/tokens', { token: owner.accessToken, body: { name: 'cli', scopes: ['read', 'write', 'publish', 'ai'] } });
    token = made.body.token;
    // A channel on an address nothing listens on: scheduling only records the post.
    const c = await api(p.url, 'POST', '/api/v1/connections', {
      token: owner.accessToken,
      body: {
        brandId,
        platform: 'webhook',
        displayName: 'Feed',
        config: { url: 'http://127.0.0.1:9/hook', secret: 'whsec_Y2xpLWNoYW5uZWwtdGVzdC1zZWNyZXQtMTIzNDU2' },
      },
    });
    connectionId = c.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    if (configHome) rmSync(configHome, { recursive: true, force: true });
  });

  it('says it is not signed in (exit 3) before login, and keeps the token 0600 after it', async () => {
    const before = await run(['brands', '--json', '--url', p.url]);
    expect({ code: before.code, error: before.json?.error?.code }).toEqual({ code: 3, error: 'UNAUTHENTICATED' });

    const wrong = await run(['login', '--url', p.url], { stdin: 'not-a-token\n' });
    expect(wrong.code).toBe(2);

    const login = await run(['login', '--url', p.url, '--json'], { stdin: `${token}\n` });
    expect(login.code).toBe(0);
    expect(login.json).toMatchObject({ url: p.url, email: owner.user.email, userId: owner.user.id });
    const file = path.join(configHome, 'marketing-team', 'config.json');
    expect(login.json.configFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: p.url, token, email: owner.user.email });

    const who = await run(['whoami']);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain(owner.user.email);
  });

  it('lists brands, plans a campaign with --wait, lists, approves and schedules its posts — as text and --json', async () => {
    const brands = await run(['brands', '--json']);
    expect(brands.code).toBe(0);
    expect(brands.json.items.map((b: { id: string }) => b.id)).toEqual([brandId]);
    const text = await run(['brands']);
    expect(text.stdout).toMatch(new RegExp(`^ID\\s+NAME[\\s\\S]*${brandId}\\s+Harbour Bakery`));

    const campaign = await api(p.url, 'POST', '/api/v1/campaigns', {
      token: owner.accessToken,
      body: { brandId, name: 'Rye week', goal: 'Sell out the rye', startDate: '2027-05-03', endDate: '2027-05-09', platforms: ['linkedin'], postsPerWeek: 2 },
    });
    const planned = await run(['campaigns', 'plan', campaign.body.id, '--wait']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/^Planned: .*entries 2/m);
    // The progress bar goes to stderr, so stdout stays the answer.
    expect(planned.stderr).toMatch(/Planning \[.*\] \d+\/\d+/);
    const listed = await run(['campaigns', 'list', '--brand', brandId, '--json']);
    expect(listed.json.items).toEqual([expect.objectContaining({ id: campaign.body.id, status: 'planned' })]);

    const posts = await until('the posts of the plan', async () => {
      const r = await run(['content', 'list', '--brand', brandId, '--campaign', campaign.body.id, '--json']);
      return r.json?.items?.length === 2 ? (r.json.items as { id: string; status: string }[]) : undefined;
    });
    expect(posts.map((x) => x.status)).toEqual(['draft', 'draft']);
    const approved = await run(['content', 'approve', posts[0].id, '--json']);
    expect({ code: approved.code, status: approved.json.status }).toEqual({ code: 0, status: 'approved' });
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await run(['content', 'schedule', posts[0].id, '--at', at, '--connection', connectionId]);
    expect(scheduled.code).toBe(0);
    expect(scheduled.stdout).toContain(`Scheduled post ${posts[0].id}`);
    const drafts = await run(['content', 'list', '--brand', brandId, '--status', 'scheduled']);
    expect(drafts.stdout).toContain(posts[0].id);
  });

  it('ends with the documented exit code and the API’s problem code', async () => {
    const missing = await run(['content', 'approve', '00000000-0000-4000-8000-000000000000', '--json']);
    expect({ code: missing.code, error: missing.json.error.code }).toEqual({ code: 5, error: 'NOT_FOUND' });
    const reader = (await api(p.url, 'POST', '/api/v1/tokens', { token: owner.accessToken, body: { name: 'cli read', scopes: ['read'] } })).body.token;
    const content = await api(p.url, 'GET', `/api/v1/content?brandId=${brandId}&status=draft`, { token: owner.accessToken });
    const forbidden = await run(['content', 'approve', content.body.items[0].id, '--json'], { env: { MARKETING_TEAM_TOKEN: reader } });
    expect({ code: forbidden.code, error: forbidden.json.error.code }).toEqual({ code: 4, error: 'FORBIDDEN' });
    const invalid = await run(['content', 'schedule', content.body.items[0].id, '--at', 'tomorrow', '--connection', connectionId, '--json']);
    expect({ code: invalid.code, error: invalid.json.error.code }).toEqual({ code: 6, error: 'VALIDATION_FAILED' });
    const usage = await run(['content', 'frobnicate']);
    expect(usage.code).toBe(2);
    const down = await run(['brands', '--json', '--url', 'http://127.0.0.1:9']);
    expect({ code: down.code, error: down.json.error.code }).toEqual({ code: 7, error: 'UNREACHABLE' });
  });

  it('creates a user on the running system, with a password shown once', async () => {
    const email = `cli-made-${Date.now()}@example.com`;
    const made = await run(['create-user', '--email', email, '--name', 'Made by CLI', '--json']);
    expect(made.code).toBe(0);
    expect(made.json.user).toMatchObject({ email, name: 'Made by CLI' });
    const signIn = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: made.json.password } });
    expect(signIn.status).toBe(200);
    const again = await run(['create-user', '--email', email, '--name', 'Twice', '--json']);
    expect({ code: again.code, error: again.json.error.code }).toEqual({ code: 6, error: 'EMAIL_TAKEN' });
  });

  it('doctor checks the settings and services of the mode, and names a broken setting', async () => {
    const settings: Record<string, string> = {
      MARKETING_TEAM_TOKEN: token,
      ...(mode === 'services'
        ? { DATABASE_URL: p.runtime.config.databaseUrl ?? '', AMQP_URL: p.runtime.config.amqpUrl ?? '', REDIS_URL: p.runtime.config.redisUrl ?? '' }
        : { DATA_DIR: configHome }),
    };
    const healthy = await run(['doctor', '--json', '--url', p.url], { env: settings });
    expect(healthy.code).toBe(0);
    expect(healthy.json).toMatchObject({ ok: true, mode });
    expect(healthy.json.checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'login', status: 'ok', detail: `signed in as ${owner.user.email}` })]),
    );

    const broken = await run(['doctor', '--url', p.url], {
      env: { ...settings, RATE_LIMIT_AI_PER_MIN: 'lots', ...(mode === 'services' ? { REDIS_URL: 'redis://127.0.0.1:9' } : {}) },
    });
    expect(broken.code).toBe(8);
    expect(broken.stdout).toMatch(/✖ RATE_LIMIT_AI_PER_MIN/);
    if (mode === 'services') expect(broken.stdout).toMatch(/✖ REDIS_URL\s+cannot reach Redis at redis:\/\/127\.0\.0\.1:9/);
    expect(broken.stdout).toMatch(/(?:1 problem|[2-9] problems): RATE_LIMIT_AI_PER_MIN/);
  });

  if (mode === 'services') {
    it(
      'migrates and lists dead letters with the same settings as the apps',
      async () => {
        const env = {
          DATABASE_URL: p.runtime.config.databaseUrl ?? '',
          AMQP_URL: p.runtime.config.amqpUrl ?? '',
          MESH_NAMESPACE: p.runtime.config.mesh.namespace,
        };
        const migrated = await run(['migrate', '--json'], { env });
        expect(migrated.code).toBe(0);
        expect(migrated.json.migrated).toEqual(['gateway', 'auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent']);
        const unknown = await run(['migrate', 'nobody-agent'], { env });
        expect(unknown.code).toBe(2);
        const list = await run(['dlq', 'list', 'brand-agent', '--json'], { env });
        expect({ code: list.code, items: list.json.items }).toEqual({ code: 0, items: [] });
        const none = await run(['dlq', 'show', 'brand-agent', '00000000-0000-4000-8000-000000000000', '--json'], { env });
        expect(none.code).toBe(5);
        const noSettings = await run(['migrate', '--json']);
        expect({ code: noSettings.code, error: noSettings.json.error }).toEqual({
          code: 2,
          error: expect.objectContaining({ code: 'SETTING_INVALID', setting: 'DATABASE_URL' }),
        });
      },
      CLI_OPERATOR_TEST_MS,
    );
  }
});
