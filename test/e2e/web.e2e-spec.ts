import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { PLATFORM_BOOT_MS } from '../support/http';
import { sharedTestPlatform, type SharedPlatform } from '../support/shared';
import { BROWSER_WAIT_MS, CHROMIUM_FLAGS, ensureBuild } from '../support/web-build';

/*
 * The web UI in a real browser (Debian's Chromium, driven by playwright-core) against the whole
 * system in embedded mode, as `npm start` serves it: the gateway serves the built app at `/`.
 */

const ROOT = path.resolve(__dirname, '../..');
// Screenshots refresh docs/screenshots only when asked (UPDATE_SCREENSHOTS=1); an ordinary run
// writes them under the OS temp dir, so running the suite leaves the working tree as it was.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(os.tmpdir(), 'mt-screenshots');
const CHROMIUM = '/usr/bin/chromium';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core runs inside the page (evaluated over CDP, so the page's CSP needs no exception). */
async function criticalViolations(page: Page): Promise<string[]> {
  // axe (about 650 kB) stays on the page through the app's client-side navigation: load it once per document.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  // The test compiles without DOM types: the page's globals are reached through globalThis.
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, opts: object): Promise<{ violations: AxeViolation[] }> } };
    return (await g.axe.run(g.document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

describe('web UI in Chromium (embedded)', () => {
  let p: SharedPlatform;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const email = `web-${Date.now()}@example.com`;
  const password = 'Correct-horse-42';
  let brandUrl = '';

  beforeAll(async () => {
    ensureBuild();
    mkdirSync(SHOTS, { recursive: true });
    // Each page load restores the session with POST /auth/refresh, which shares the per-address
    // sign-in limit (5/min by default); this file loads pages faster than a person would. The run's
    // shared platform (ADR 172) has the harness's 100,000 a minute.
    p = await sharedTestPlatform('embedded');
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mt-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(BROWSER_WAIT_MS);
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('signs up, creates a brand and shows it in the brand switcher', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && errors.push(m.text()));

    await page.goto(`${p.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await shot(page, 'sign-in');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The client checks the API's password policy before sending.
    await page.getByText('must be at least 10 characters').waitFor();
    await shot(page, 'sign-up');
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'New brand' }).waitFor();
    await page.getByLabel('Brand name').fill('Northside Coffee');
    await page.getByLabel('Industry').fill('Specialty coffee');
    await page.getByLabel('Website').fill('https://northside.example');
    await page.getByLabel('Tone of voice').fill('Warm, knowledgeable, never snobbish');
    await page.getByRole('button', { name: 'Create brand' }).click();

    await page.getByRole('heading', { name: 'Northside Coffee' }).waitFor();
    brandUrl = page.url();
    expect(new URL(brandUrl).pathname).toMatch(/^\/brands\/[0-9a-f-]{36}$/);
    // The switcher selects the new brand once the brand list has been fetched again.
    const selected = page.getByLabel('Active brand').locator('option:checked', { hasText: 'Northside Coffee' });
    await selected.waitFor({ state: 'attached' });
    expect(await page.getByLabel('Active brand').inputValue()).toBe(new URL(brandUrl).pathname.split('/')[2]);
    await shot(page, 'brand-profile');

    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByRole('cell', { name: email, exact: true }).waitFor();
    await shot(page, 'brand-members');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada Lovelace' }).waitFor();
    await shot(page, 'dashboard');
    await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await page.getByRole('heading', { name: 'Campaigns — Northside Coffee' }).waitFor();
    // The list's empty state replaces "Loading campaigns…" above the form and pushes it down: a click
    // aimed at the form before then can land beside its target on a loaded machine.
    await page.getByText('No campaign yet').waitFor();
    await page.getByLabel(/^Campaign name/).fill('Autumn origins');
    await page.getByLabel(/^Goal/).fill('Introduce the three new single-origin beans');
    await page.getByRole('checkbox', { name: 'Mastodon' }).check();
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('cell', { name: 'Autumn origins' }).waitFor();
    expect(await page.getByRole('cell', { name: 'linkedin, mastodon' }).count()).toBe(1);
    await shot(page, 'campaigns');
    // Pages past the first screen load on demand (their own chunks).
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics — Northside Coffee' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('uploads an image to the media library and shows it, within the page’s security policy', async () => {
    const errors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => m.type() === 'error' && errors.push(m.text());
    page.on('console', onConsole);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#6b4226' } })
      .png()
      .toBuffer();
    await page.getByRole('link', { name: 'Media', exact: true }).click();
    await page.getByRole('heading', { name: 'Media — Northside Coffee' }).waitFor();
    await page.getByText('No media yet').waitFor();
    const form = page.getByRole('form', { name: 'Upload a medium' });
    await form.locator('input[type="file"]').setInputFiles({ name: 'roast.png', mimeType: 'image/png', buffer: png });
    await form.getByLabel(/^Alt text/).fill('Beans cooling on a tray');
    await form.getByRole('button', { name: 'Upload' }).click();

    const card = page.getByRole('article', { name: 'roast.png' });
    await card.waitFor();
    await card.getByText(/64 × 48/).waitFor();
    // The bytes came back through the API and the browser decoded them (an object URL the CSP allows).
    const img = card.getByRole('img', { name: 'Beans cooling on a tray' });
    await img.waitFor();
    await page.waitForFunction(
      (el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete && (el as unknown as { naturalWidth: number }).naturalWidth === 64,
      await img.elementHandle(),
    );
    expect(await page.getByRole('progressbar', { name: /^Storage: .* used$/ }).count()).toBe(1);
    await shot(page, 'media-library');
    page.off('console', onConsole);
    expect(errors).toEqual([]);
  });

  it('keeps the session across a reload, and sends a signed-out user to sign-in and back', async () => {
    await page.goto(`${p.url}/brands`);
    await page.getByRole('link', { name: 'Northside Coffee' }).waitFor();
    await shot(page, 'brands');

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.goto(`${p.url}/brands`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/brands');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Brands' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/brands');
  });

  it('shows the rate-limit message with the time to wait from Retry-After', async () => {
    await page.goto(brandUrl);
    await page.getByLabel('Industry').waitFor();
    await page.route('**/api/v1/brands/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      await route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '42' },
        body: JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, code: 'RATE_LIMITED', detail: 'Slow down.', requestId: 'r-429' }),
      });
    });
    await page.getByLabel('Industry').fill('Coffee roasting');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Too many requests' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Try again in (4[0-2]|3\d) seconds/);
    await page.unrouteAll();
  });

  it('shows the fallback view on a 500 and keeps what the user typed', async () => {
    await page.goto(`${p.url}/brands/new`);
    await page.getByLabel('Brand name').fill('Harbour Bakery');
    await page.getByLabel('Description').fill('Sourdough by the sea, baked before dawn.');
    await page.route('**/api/v1/brands', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fulfill({
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Something went wrong on our side',
          status: 500,
          code: 'INTERNAL',
          detail: 'x',
          requestId: 'req-500-e2e',
        }),
      });
    });
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
    await page.getByText('Your unsaved input is kept').waitFor();
    await page.getByText('req-500-e2e').waitFor();
    await shot(page, 'error-fallback');
    await page.unrouteAll();

    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByLabel('Brand name').inputValue()).resolves.toBe('Harbour Bakery');
    await expect(page.getByLabel('Description').inputValue()).resolves.toBe('Sourdough by the sea, baked before dawn.');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: 'Harbour Bakery' }).waitFor();
  });

  it('shows field errors from the API on their fields', async () => {
    await page.goto(brandUrl);
    await page.getByRole('combobox', { name: 'Time zone' }).waitFor();
    await page.route('**/api/v1/brands/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      await route.fulfill({
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          title: 'The request is not valid',
          status: 400,
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'tone', message: 'must be at most 500 characters' }],
        }),
      });
    });
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('must be at most 500 characters').waitFor();
    await expect(page.getByLabel('Tone of voice').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.unrouteAll();
  });

  it('has no critical accessibility violation on the sign-in and brands pages', async () => {
    await page.goto(`${p.url}/brands`);
    await page.getByRole('link', { name: 'Northside Coffee' }).waitFor();
    expect(await criticalViolations(page)).toEqual([]);
    await page.goto(brandUrl);
    await page.getByLabel('Brand name').waitFor();
    expect(await criticalViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await criticalViolations(page)).toEqual([]);
  });
});
