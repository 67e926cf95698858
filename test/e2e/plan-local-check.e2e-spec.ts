import { randomUUID } from 'node:crypto';
import { CAMPAIGN_TASKS, MeshClient, MeshError, UnitOfWork } from '@mt/messages';
import { AGENT_MODULES } from '../../tools/run/platform';
import { CampaignAccessService } from '../../apps/strategy-agent/src/services/campaign-access.service';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

/**
 * `POST /campaigns/{id}/plan` checks the caller's role before its 202 from the gateway's own
 * replicas (ADR 185): the campaign's brand (campaign_replica, fed by campaign.created/updated/
 * deleted) and the caller's role on it (brand_access_replica). strategy-agent's `strategy.authorize`
 * is asked only for a campaign the replica has not heard of. Here that task is made to fail and
 * the gateway's requests are counted: a 202, a 403 and a 404 that never reach it, and the fallback
 * that does.
 */
const CAMPAIGN = { name: 'Local check', goal: 'Sign-ups', startDate: '2026-05-04', endDate: '2026-05-10', platforms: ['x'], postsPerWeek: 2 };

describe.each(PLATFORM_MODES)('plan route, access checked in the gateway (%s)', (mode) => {
  let p: TestPlatform;
  let gatewayDb: UnitOfWork;
  const tokens: Record<string, string> = {};
  let brandId: string;
  /** Types of the requests the gateway sent on the mesh, in order. */
  let sent: string[] = [];
  /** How many times strategy-agent was asked to authorize. */
  let authorizeCalls = 0;
  /** While true, strategy-agent's authorize refuses everyone: a success proves it was not asked. */
  let refuseAuthorize = false;

  const replicaRow = async (campaignId: string) => {
    const rows: { brand_id: string; deleted_at: Date | null }[] = await gatewayDb
      .manager()
      .query(`SELECT brand_id, deleted_at FROM "gateway".campaign_replica WHERE id = $1`, [campaignId]);
    return rows[0];
  };

  const newCampaign = async () => {
    const c = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...CAMPAIGN } });
    expect(c.status).toBe(201);
    return c.body.id as string;
  };

  const plan = (campaignId: string, who = 'owner') => api(p.url, 'POST', `/api/v1/campaigns/${campaignId}/plan`, { token: tokens[who] });

  beforeAll(async () => {
    p = await startTestPlatform(mode);
    gatewayDb = p.platform.gateway.get(UnitOfWork, { strict: false });
    const mesh = p.platform.gateway.get(MeshClient, { strict: false });
    const request = mesh.request.bind(mesh) as (...a: unknown[]) => unknown;
    jest.spyOn(mesh, 'request').mockImplementation(((type: string, ...rest: unknown[]) => {
      sent.push(type);
      return request(type, ...rest);
    }) as typeof mesh.request);
    const strategyAccess = p.platform.agents[Object.keys(AGENT_MODULES).indexOf('strategy-agent')].get(CampaignAccessService, { strict: false });
    const authorize = strategyAccess.authorize.bind(strategyAccess);
    jest.spyOn(strategyAccess, 'authorize').mockImplementation(async (payload) => {
      authorizeCalls++;
      if (refuseAuthorize) throw new MeshError('INTERNAL', 'strategy.authorize was asked', { status: 500, retryable: false });
      return authorize(payload);
    });

    const owner = await registerUser(p.url, 'owner');
    const viewer = await registerUser(p.url, 'viewer');
    const stranger = await registerUser(p.url, 'stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Local Check Co', pillars: ['Education'] } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    jest.restoreAllMocks();
    await p?.destroy();
  });

  beforeEach(() => {
    sent = [];
    authorizeCalls = 0;
    refuseAuthorize = false;
  });

  const knownCampaign = async () => {
    const campaignId = await newCampaign();
    expect(await until('the campaign in the gateway replica', async () => replicaRow(campaignId))).toEqual({ brand_id: brandId, deleted_at: null });
    sent = [];
    return campaignId;
  };

  it('answers 202 to an editor of a campaign the replica knows without asking strategy-agent; the job still runs', async () => {
    const campaignId = await knownCampaign();
    refuseAuthorize = true;
    const r = await plan(campaignId);
    expect(r.status).toBe(202);
    expect(r.body.kind).toBe('campaign.plan');
    expect(r.headers.get('location')).toBe(`/api/v1/jobs/${r.body.jobId}`);
    expect(sent).toEqual([]);
    expect(authorizeCalls).toBe(0);
    // The job's task checks again in strategy-agent (the authority) and runs: it leaves "queued".
    const job = await until('the plan job to start', async () => {
      const j = await api(p.url, 'GET', `/api/v1/jobs/${r.body.jobId}`, { token: tokens.owner });
      return j.body.status !== 'queued' ? j.body : undefined;
    });
    expect(['running', 'succeeded', 'failed']).toContain(job.status);
  });

  it('refuses a viewer (403) and hides the campaign from a stranger (404) without asking strategy-agent', async () => {
    const campaignId = await knownCampaign();
    refuseAuthorize = true;
    const viewer = await plan(campaignId, 'viewer');
    expect(viewer.status).toBe(403);
    expect(viewer.body).toMatchObject({ code: 'FORBIDDEN', detail: 'This needs the editor role on the brand; you are viewer' });
    const stranger = await plan(campaignId, 'stranger');
    expect(stranger.status).toBe(404);
    expect(stranger.body).toMatchObject({ code: 'NOT_FOUND', detail: 'No such campaign' });
    expect(sent).not.toContain(CAMPAIGN_TASKS.authorize);
    expect(authorizeCalls).toBe(0);
  });

  it('answers 404 for a campaign deleted since, from its tombstone', async () => {
    const campaignId = await knownCampaign();
    expect((await api(p.url, 'DELETE', `/api/v1/campaigns/${campaignId}`, { token: tokens.owner })).status).toBe(204);
    await until('the tombstone in the gateway replica', async () => ((await replicaRow(campaignId))?.deleted_at ? true : undefined));
    refuseAuthorize = true;
    sent = [];
    const r = await plan(campaignId);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'NOT_FOUND', detail: 'No such campaign' });
    expect(authorizeCalls).toBe(0);
  });

  it('asks strategy-agent, as before, for a campaign the replica has not heard of yet, and remembers its brand', async () => {
    const campaignId = await knownCampaign();
    // The campaign's event not yet applied: as if it were created a moment ago.
    await gatewayDb.manager().query(`DELETE FROM "gateway".campaign_replica WHERE id = $1`, [campaignId]);

    const viewer = await plan(campaignId, 'viewer');
    expect(viewer.status).toBe(403);
    expect(viewer.body).toMatchObject({ code: 'FORBIDDEN', detail: 'This needs the editor role on the brand; you are viewer' });
    expect((await plan(campaignId, 'stranger')).status).toBe(404);
    expect(authorizeCalls).toBe(2);
    expect(await replicaRow(campaignId)).toBeUndefined();

    const r = await plan(campaignId);
    expect(r.status).toBe(202);
    expect(authorizeCalls).toBe(3);
    expect(sent.filter((t) => t === CAMPAIGN_TASKS.authorize)).toHaveLength(3);
    // Its answer filled the replica: the next plan is checked locally.
    expect(await replicaRow(campaignId)).toEqual({ brand_id: brandId, deleted_at: null });
    refuseAuthorize = true;
    const again = await plan(campaignId);
    expect(again.status).toBe(202);
    expect(authorizeCalls).toBe(3);
  });

  it('asks strategy-agent about an unknown campaign and answers its 404', async () => {
    const r = await plan(randomUUID());
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'NOT_FOUND', detail: 'No such campaign' });
    expect(authorizeCalls).toBe(1);
  });
});
