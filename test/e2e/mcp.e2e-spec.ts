import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { api, PLATFORM_BOOT_MS, registerUser, type TestUser, until } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const CHANNEL_SECRET = 'whsec_bWNwLWNoYW5uZWwtdGVzdC1zZWNyZXQtMTIzNA==';

export const TOOL_NAMES = [
  'analytics_summary',
  'approve_content',
  'create_campaign',
  'draft_inbox_reply',
  'generate_post',
  'get_brand_voice',
  'get_content',
  'get_job',
  'list_brands',
  'list_calendar',
  'list_content',
  'list_inbox',
  'plan_campaign',
  'schedule_content',
];

/** An MCP client of the official SDK over streamable HTTP, with a personal access token. */
export async function httpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'mcp-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

export const call = (client: Client, name: string, args: Record<string, unknown>, onprogress?: (p: { progress: number; total?: number }) => void) =>
  client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress, resetTimeoutOnProgress: true } : undefined) as Promise<CallToolResult>;

export const CLI = path.resolve(__dirname, '../../tools/cli/bin/marketing-team.js');

/** The same client over stdio: `marketing-team mcp`, with a token in its environment and an empty config folder. */
export async function stdioClient(url: string, token: string, configHome: string): Promise<Client> {
  const client = new Client({ name: 'mcp-e2e-stdio', version: '1.0.0' });
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      env: { ...env, XDG_CONFIG_HOME: configHome, MARKETING_TEAM_URL: url, MARKETING_TEAM_TOKEN: token },
      stderr: 'pipe',
    }),
  );
  return client;
}

const data = (r: CallToolResult) => r.structuredContent as any;

/**
 * The MCP server (ADR 138) through the official TypeScript SDK client: every tool is the API call
 * it stands for, made with the caller's token, so tenancy, roles and scopes answer as the API does,
 * and each call lands in the brand owners' audit log.
 */
describe.each(SHARED_MODES)('MCP over streamable HTTP (%s)', (mode) => {
  let p: SharedPlatform;
  let owner: TestUser;
  let outsider: TestUser;
  let brandId: string;
  let connectionId: string;
  let receiver: WebhookReceiverFake;
  const pat = async (who: TestUser, scopes: string[]) => {
    const r = await api(p.url, 'POST', '/api/v1/tokens', { token: who.accessToken, body: { name: `mcp ${scopes.join('+')}`, scopes } });
    expect(r.status).toBe(201);
    return r.body as { id: string; token: string; prefix: string };
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    p = await sharedTestPlatform(mode);
    owner = await registerUser(p.url, 'mcp-owner');
    outsider = await registerUser(p.url, 'mcp-outsider');
    const brand = await api(p.url, 'POST', '/api/v1/brands', {
      token: owner.accessToken,
      body: { name: 'Harbour Bakery', industry: 'Bakery', audience: 'Neighbours who love sourdough', pillars: ['Bread', 'People'] },
    });
    brandId = brand.body.id;
    const connection = await api(p.url, 'POST', '/api/v1/connections', {
      token: owner.accessToken,
      body: { brandId, platform: 'webhook', displayName: 'Receiver', config: { url: receiver.hookUrl, secret: CHANNEL_SECRET } },
    });
    expect(connection.status).toBe(201);
    connectionId = connection.body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await receiver?.stop();
  });

  it('lists every tool with its input schema, and the resources of the caller’s brands', async () => {
    const client = await httpClient(p.url, (await pat(owner, ['read'])).token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    const create = tools.find((t) => t.name === 'create_campaign');
    expect(create?.inputSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['brandId', 'name', 'startDate', 'platforms']) });
    // The tool's limits are the API's, as its own OpenAPI document states them (ADR 155).
    const openapi = (await api(p.url, 'GET', '/api/docs-json')).body;
    const body = openapi.components.schemas.CreateCampaignDto.properties;
    const props = (create?.inputSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(body.name).toMatchObject({ minLength: 1, maxLength: 120 });
    expect(props.name).toMatchObject({ minLength: body.name.minLength, maxLength: body.name.maxLength });
    expect(props.postsPerWeek).toMatchObject({ minimum: body.postsPerWeek.minimum, maximum: body.postsPerWeek.maximum });
    expect(props.platforms).toMatchObject({ maxItems: body.platforms.maxItems, items: { enum: body.platforms.items.enum } });
    expect(tools.find((t) => t.name === 'list_brands')?.annotations?.readOnlyHint).toBe(true);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate).sort()).toEqual([
      'marketing-team://brands/{brandId}/strategy',
      'marketing-team://brands/{brandId}/voice',
      'marketing-team://campaigns/{campaignId}/calendar',
    ]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining([`marketing-team://brands/${brandId}/voice`, `marketing-team://brands/${brandId}/strategy`]),
    );
    await client.close();
  });

  it('creates a campaign, plans it with progress, reads the calendar, approves and schedules a post and reads analytics — all through tools', async () => {
    const token = await pat(owner, ['read', 'write', 'publish', 'ai']);
    const client = await httpClient(p.url, token.token);

    const brands = await call(client, 'list_brands', {});
    expect(brands.isError).toBeFalsy();
    expect(data(brands).items.map((b: { id: string }) => b.id)).toEqual([brandId]);
    expect(brands.content).toEqual([{ type: 'text', text: '1 brand: Harbour Bakery.' }]);

    const created = await call(client, 'create_campaign', {
      brandId,
      name: 'Spring loaves',
      goal: 'Fill the Saturday queue',
      startDate: '2027-04-05',
      endDate: '2027-04-11',
      platforms: ['linkedin'],
      postsPerWeek: 3,
      idempotencyKey: `mcp-campaign-${mode}`,
    });
    expect(created.isError).toBeFalsy();
    const campaignId = data(created).id as string;
    expect(data(created)).toMatchObject({ brandId, name: 'Spring loaves', status: 'draft' });
    // The same idempotency key replays the first answer: still one campaign.
    const again = await call(client, 'create_campaign', {
      brandId,
      name: 'Spring loaves',
      goal: 'Fill the Saturday queue',
      startDate: '2027-04-05',
      endDate: '2027-04-11',
      platforms: ['linkedin'],
      postsPerWeek: 3,
      idempotencyKey: `mcp-campaign-${mode}`,
    });
    expect(data(again).id).toBe(campaignId);

    const progress: { progress: number; total?: number }[] = [];
    const planned = await call(client, 'plan_campaign', { campaignId }, (n) => progress.push(n));
    expect(planned.isError).toBeFalsy();
    expect(data(planned)).toMatchObject({ status: 'succeeded', kind: expect.any(String), result: expect.objectContaining({ campaignId, entries: 3 }) });
    expect(progress.length).toBeGreaterThanOrEqual(1);

    const calendar = await call(client, 'list_calendar', { campaignId });
    expect(data(calendar).items).toHaveLength(3);
    expect(calendar.content).toEqual([{ type: 'text', text: '“Spring loaves”: 3 calendar entries.' }]);

    const drafts = await until('content for the plan', async () => {
      const r = await call(client, 'list_content', { brandId, campaignId });
      return data(r).items.length === 3 ? (data(r).items as { id: string; status: string }[]) : undefined;
    });
    const piece = await call(client, 'get_content', { contentId: drafts[0].id });
    expect(data(piece)).toMatchObject({ id: drafts[0].id, brandId, status: 'draft' });

    const approved = await call(client, 'approve_content', { contentId: drafts[0].id });
    expect(approved.isError).toBeFalsy();
    expect(data(approved).status).toBe('approved');

    const at = new Date(Date.now() + 2 * 86_400_000).toISOString();
    // As over HTTP, the approval reaches publishing-agent as an event: until then scheduling says CONTENT_NOT_APPROVED.
    const scheduled = await until('the approval to reach publishing-agent', async () => {
      const r = await call(client, 'schedule_content', { contentId: drafts[0].id, at, connectionIds: [connectionId] });
      return r.isError && JSON.stringify(r.structuredContent ?? r.content).includes('CONTENT_NOT_APPROVED') ? undefined : r;
    });
    expect(scheduled.isError).toBeFalsy();
    expect(data(scheduled)).toMatchObject({ contentId: drafts[0].id, brandId });
    // The post's own status follows as an event from publishing-agent to creation-agent.
    await until(
      'the post to show as scheduled',
      async () => (await api(p.url, 'GET', `/api/v1/content/${drafts[0].id}`, { token: owner.accessToken })).body.status === 'scheduled' || undefined,
    );

    const analytics = await call(client, 'analytics_summary', { brandId });
    expect(analytics.isError).toBeFalsy();
    expect(data(analytics)).toHaveProperty('totals');

    const calendarResource = await client.readResource({ uri: `marketing-team://campaigns/${campaignId}/calendar` });
    expect(JSON.parse(String((calendarResource.contents[0] as { text: string }).text)).items).toHaveLength(3);

    // The owners' audit log has each call: who, which token, which tool, when, outcome.
    const audit = await api(p.url, 'GET', `/api/v1/brands/${brandId}/audit?limit=100`, { token: owner.accessToken });
    expect(audit.status).toBe(200);
    const tools = (audit.body.items as { tool: string }[]).map((i) => i.tool);
    for (const t of ['create_campaign', 'plan_campaign', 'list_calendar', 'approve_content', 'schedule_content', 'analytics_summary'])
      expect(tools).toContain(t);
    expect(audit.body.items.find((i: { tool: string }) => i.tool === 'schedule_content')).toMatchObject({
      user: { id: owner.user.id, email: owner.user.email },
      token: { id: token.id, prefix: token.prefix, name: 'mcp read+write+publish+ai' },
      transport: 'http',
      outcome: 'ok',
      code: null,
      at: expect.any(String),
    });
    await client.close();
  });

  it('answers the job id without a progress token, to follow with get_job', async () => {
    const client = await httpClient(p.url, (await pat(owner, ['read', 'write', 'ai'])).token);
    const generated = await call(client, 'generate_post', { brandId, brief: 'Our rye is back on Saturdays', platform: 'x' });
    expect(generated.isError).toBeFalsy();
    const jobId = data(generated).jobId as string;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const done = await until('the generation job', async () => {
      const r = await call(client, 'get_job', { jobId });
      return ['succeeded', 'failed'].includes(data(r).status) ? data(r) : undefined;
    });
    expect(done.status).toBe('succeeded');
    await client.close();
  });

  it('answers the API’s problem code as a tool error: a read token cannot approve, another tenant’s id is not found', async () => {
    const reader = await httpClient(p.url, (await pat(owner, ['read'])).token);
    const items = data(await call(reader, 'list_content', { brandId })).items as { id: string }[];
    expect(items.length).toBeGreaterThan(0);
    const refused = await call(reader, 'approve_content', { contentId: items[0].id });
    expect(refused.isError).toBe(true);
    expect(data(refused)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((refused.content as { text: string }[])[0].text).toMatch(/^FORBIDDEN: .*"write" scope/);
    await reader.close();

    const stranger = await httpClient(p.url, (await pat(outsider, ['read', 'write', 'publish', 'ai'])).token);
    for (const [tool, args] of [
      ['get_brand_voice', { brandId }],
      ['get_content', { contentId: items[0].id }],
      ['approve_content', { contentId: items[0].id }],
      ['list_content', { brandId }],
    ] as const) {
      const r = await call(stranger, tool, args);
      expect({ tool, isError: r.isError, code: data(r).code }).toEqual({ tool, isError: true, code: 'NOT_FOUND' });
    }
    await stranger.close();

    const audit = await api(p.url, 'GET', `/api/v1/brands/${brandId}/audit?limit=100`, { token: owner.accessToken });
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ tool: 'approve_content', outcome: 'error', code: 'FORBIDDEN' })]));
    // The outsider's attempts on the owner's brand are not recorded against it (they never reached it),
    // and the audit log is the owners': the outsider gets 404.
    expect((await api(p.url, 'GET', `/api/v1/brands/${brandId}/audit`, { token: outsider.accessToken })).status).toBe(404);
  });

  it('serves the same tools over stdio through the CLI, checked and recorded alike', async () => {
    const configHome = mkdtempSync(path.join(os.tmpdir(), 'mt-mcp-stdio-'));
    try {
      const reader = await pat(owner, ['read']);
      const client = await stdioClient(p.url, reader.token, configHome);
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
      const brands = await call(client, 'list_brands', {});
      expect(data(brands).items.map((b: { id: string }) => b.id)).toEqual([brandId]);
      const items = data(await call(client, 'list_content', { brandId })).items as { id: string }[];
      const refused = await call(client, 'approve_content', { contentId: items[0].id });
      expect({ isError: refused.isError, code: data(refused).code }).toEqual({ isError: true, code: 'FORBIDDEN' });
      // A tool whose input names no brand is filed under the brand of what it read (here a job's).
      const jobs = await api(p.url, 'GET', '/api/v1/jobs?limit=1', { token: owner.accessToken });
      const jobId = (jobs.body.items as { id: string }[])[0].id;
      expect((await call(client, 'get_job', { jobId })).isError).toBeFalsy();
      const voice = await client.readResource({ uri: `marketing-team://brands/${brandId}/voice` }).catch((err: Error) => err);
      // No voice learned yet: the API's 404 comes back as the resource's error.
      expect(String(voice instanceof Error ? voice.message : '')).toMatch(/NOT_FOUND|no voice/i);
      await client.close();

      const audit = await api(p.url, 'GET', `/api/v1/brands/${brandId}/audit?limit=100`, { token: owner.accessToken });
      const stdio = (audit.body.items as { transport: string; tool: string; outcome: string; code: string | null; token: { id: string } }[]).filter(
        (i) => i.transport === 'stdio',
      );
      expect(stdio).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tool: 'list_content', outcome: 'ok', token: expect.objectContaining({ id: reader.id }) }),
          expect.objectContaining({ tool: 'approve_content', outcome: 'error', code: 'FORBIDDEN' }),
          expect.objectContaining({ tool: 'get_job', outcome: 'ok' }),
        ]),
      );
      // Who, which token, which tool, when, outcome: as a call over HTTP is recorded.
      expect(stdio.find((i) => i.tool === 'approve_content')).toMatchObject({
        user: { id: owner.user.id, email: owner.user.email },
        token: { id: reader.id, prefix: reader.prefix, name: 'mcp read' },
        at: expect.any(String),
        durationMs: expect.any(Number),
      });
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  });

  it('refuses a revoked token at once, and anything but a personal access token', async () => {
    const token = await pat(owner, ['read']);
    const client = await httpClient(p.url, token.token);
    expect(data(await call(client, 'list_brands', {})).items).toHaveLength(1);
    expect((await api(p.url, 'DELETE', `/api/v1/tokens/${token.id}`, { token: owner.accessToken })).status).toBe(204);
    await expect(call(client, 'list_brands', {})).rejects.toThrow(/401/);
    await expect(httpClient(p.url, token.token)).rejects.toThrow(/401/);
    await client.close();

    const session = await fetch(`${p.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(session.status).toBe(401);
    expect(((await session.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  });
});
