import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { api, PLATFORM_BOOT_MS } from '../support/http';
import { sharedTestPlatform, type SharedPlatform } from '../support/shared';
import { BROWSER_WAIT_MS, CHROMIUM_FLAGS, ensureBuild } from '../support/web-build';

const ROOT = path.resolve(__dirname, '../..');

/** `npm run demo` as a newcomer types it (seeding the running system at `url`), with its own config folder. */
function demo(url: string, configHome: string): Promise<{ code: number; json: any; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', '--url', url, '--json'], {
      cwd: ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: configHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? -1, json: JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`demo printed no JSON (exit ${code}): ${stdout}\n${stderr}`));
      }
    });
  });
}

/**
 * Two whole demo runs (each a CLI process seeding a brand, campaigns, jobs and posts through the
 * API) and a browser: a minute idle, several on a loaded machine. Its speed is not the point here.
 */
const DEMO_TEST_MS = 420_000;

/**
 * The living demo (ADR 140) on the embedded default: seeded through the API, the same data once
 * however often it runs, and a dashboard that shows it in a real browser.
 */
describe('npm run demo (embedded)', () => {
  let p: SharedPlatform;
  let configHome: string;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;

  beforeAll(async () => {
    ensureBuild();
    p = await sharedTestPlatform('embedded');
    configHome = mkdtempSync(path.join(os.tmpdir(), 'mt-demo-'));
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    for (const dir of [configHome, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'seeds a living brand once, however often it runs, and the dashboard shows it',
    async () => {
      const first = await demo(p.url, configHome);
      expect(first.code).toBe(0);
      const r = first.json;
      expect(r).toMatchObject({
        url: p.url,
        email: expect.stringContaining('@'),
        password: expect.any(String),
        simulatedAnalytics: true,
        startedSystem: false,
      });
      expect(r.campaigns).toHaveLength(2);
      for (const c of r.campaigns) {
        expect(c.entries).toBeGreaterThan(0);
        expect(c.approved).toBeGreaterThanOrEqual(3);
      }
      expect(r.published).toBeGreaterThanOrEqual(1);
      expect(r.inbox).toBe(3);
      expect(r.insights).toBeGreaterThan(0);
      expect(r.summary).toContain(`sign in as ${r.email}`);

      const session = (await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: r.email, password: r.password } })).body.accessToken as string;
      const snapshot = async () => {
        const get = async (route: string) => (await api(p.url, 'GET', `/api/v1${route}`, { token: session })).body;
        const brands = await get('/brands');
        const brandId = brands.items[0].id;
        const content = await get(`/content?brandId=${brandId}&limit=100`);
        const messages = await get(`/messages?brandId=${brandId}&limit=100`);
        return {
          brands: brands.items.map((b: { name: string }) => b.name),
          campaigns: (await get(`/campaigns?brandId=${brandId}`)).items.map((c: { name: string; status: string }) => `${c.name}:${c.status}`).sort(),
          connections: (await get(`/connections?brandId=${brandId}`)).items.length,
          content: content.items.length,
          statuses: content.items.map((c: { status: string }) => c.status).sort(),
          messages: messages.items.map((m: { author: string; status: string }) => `${m.author}:${m.status}`).sort(),
          insights: (await get(`/brands/${brandId}/insights`)).items.length,
          voice: (await get(`/brands/${brandId}/voice`)).traits.length > 0,
          strategy: typeof (await get(`/brands/${brandId}/strategy`)).valueProposition,
          simulated: (await get(`/analytics/overview?brandId=${brandId}`)).simulated,
        };
      };
      const before = await snapshot();
      expect(before).toMatchObject({
        brands: ['Northwind Roasters'],
        campaigns: ['Cold brew summer:planned', 'Spring origins:planned'],
        connections: 1,
        voice: true,
        strategy: 'string',
        simulated: true,
      });
      expect(before.messages).toEqual(['@latte_lena:drafted', 'Priya (Cafe Aurora):drafted', 'sam@example.com:drafted']);
      expect(before.statuses).toContain('published');

      const second = await demo(p.url, configHome);
      expect(second.code).toBe(0);
      expect(second.json).toMatchObject({ email: r.email, password: r.password, brandId: r.brandId, published: r.published, inbox: 3 });
      expect(await snapshot()).toEqual(before);

      userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mt-demo-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1280, height: 800 },
      });
      const page: Page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(BROWSER_WAIT_MS);
      await page.goto(`${p.url}/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email').fill(r.email);
      await page.getByLabel(/^Password/).fill(r.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Welcome, Demo Marketer' }).waitFor();
      await page.getByRole('heading', { name: 'Northwind Roasters' }).waitFor();
      await page.getByText('Simulated data').waitFor();
      await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
      await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await page.getByRole('cell', { name: 'Spring origins' }).waitFor();
      await page.getByRole('cell', { name: 'Cold brew summer' }).waitFor();
    },
    DEMO_TEST_MS,
  );
});
