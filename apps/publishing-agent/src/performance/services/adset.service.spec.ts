import type { Actor, UnitOfWork } from '@mt/messages';
import type { BrandAccessService } from '@mt/replicas';
import type { AdSetEntity } from '../entities/adset.entity';
import type { CampaignReplicaEntity } from '../../replicas/replicas.entities';
import type { AdSetRepository, AdSetWrite } from '../repositories/adset.repository';
import type { CampaignCopyService } from './campaign-copy.service';
import { AdSetService } from './adset.service';

const brandId = 'b0000000-0000-4000-8000-000000000001';
const campaignId = 'c0000000-0000-4000-8000-000000000001';
const adSetId = 'a0000000-0000-4000-8000-000000000001';
const actor: Actor = { userId: 'u0000000-0000-4000-8000-000000000001' };
const campaign = { id: campaignId, brandId, startDate: '2026-12-01', endDate: '2026-12-31' } as unknown as CampaignReplicaEntity;
const stored: AdSetEntity = {
  ...{ id: adSetId, campaignId, brandId, name: 'Retargeting', platform: 'linkedin', dailyBudget: '50.00', totalBudget: '700.00' },
  ...{ startDate: null, endDate: null, status: 'draft', flags: [], createdBy: actor.userId, createdAt: new Date(), updatedAt: new Date() },
};

/** The ad set rules of publishing-agent with its repository and the campaign copy faked; what is written is kept. */
function setup() {
  const written: AdSetWrite[] = [];
  const service = new AdSetService(
    {
      insert: async (v: AdSetWrite) => (written.push(v), { ...stored, ...v }),
      find: async () => stored,
      spendByDay: async () => new Map<string, number>(),
      update: async (_id: string, v: AdSetWrite) => (written.push(v), { ...stored, ...v }),
    } as unknown as AdSetRepository,
    { resolve: async () => campaign } as unknown as CampaignCopyService,
    { require: async () => 'editor' } as unknown as BrandAccessService,
    { transaction: <T>(work: () => Promise<T>) => work(), publishEvent: () => undefined } as unknown as UnitOfWork,
  );
  return { service, written };
}

const good = { name: '  Retargeting  ', platform: 'linkedin', dailyBudget: 50, totalBudget: 700 };

describe('AdSetService: an ad set from any sender, checked with the shapes the gateway checks it with (ADR 202)', () => {
  it('refuses what the gateway refuses, naming every field with its message', async () => {
    const { service, written } = setup();
    await expect(service.create(actor, campaignId, { name: '   ', platform: 'myspace', dailyBudget: 0, totalBudget: 1e-7 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: {
        errors: [
          { field: 'name', message: 'must be 1 to 120 characters' },
          { field: 'platform', message: expect.stringMatching(/^must be one of /) },
          { field: 'dailyBudget', message: 'must be an amount from 0.01 to 10000000 with at most 2 decimal places' },
          { field: 'totalBudget', message: 'must be an amount from 0.01 to 10000000 with at most 2 decimal places' },
        ],
      },
    });
    await expect(service.create(actor, campaignId, { ...good, budget: 5 } as typeof good)).rejects.toMatchObject({
      details: { errors: [{ field: 'budget', message: 'is not a known field' }] },
    });
    // The platform is the ad set's for good, as at the gateway.
    await expect(service.update(actor, adSetId, { platform: 'x', name: ' ' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        errors: [
          { field: 'name', message: 'must be 1 to 120 characters' },
          { field: 'platform', message: 'is not a known field' },
        ],
      },
    });
    await expect(service.recordSpend(actor, adSetId, 12.345, '2026-W50-1')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        errors: [
          { field: 'amount', message: 'must be an amount from 0.01 to 10000000 with at most 2 decimal places' },
          { field: 'date', message: 'must be a date like 2026-12-02' },
        ],
      },
    });
    expect(written).toEqual([]);
  });

  it('keeps its own rules on the whole ad set, and writes the name trimmed', async () => {
    const { service, written } = setup();
    await expect(service.create(actor, campaignId, { ...good, dailyBudget: 800 })).rejects.toMatchObject({
      details: { errors: [{ field: 'dailyBudget', message: 'must not exceed totalBudget' }] },
    });
    await expect(service.update(actor, adSetId, { endDate: '2026-11-30' })).rejects.toMatchObject({
      details: { errors: [{ field: 'endDate', message: 'must not be before startDate' }] },
    });
    const created = await service.create(actor, campaignId, good);
    expect(created).toMatchObject({ name: 'Retargeting', dailyBudget: 50, totalBudget: 700, status: 'draft' });
    expect(written).toMatchObject([{ name: 'Retargeting', platform: 'linkedin', dailyBudget: '50', totalBudget: '700' }]);
  });
});
