import type { Actor } from '@mt/messages';
import type { AiLedgerRepository } from '../repositories/ai-ledger.repository';
import type { BrandRoleService } from './brand-role.service';
import { AiUsageService } from './ai-usage.service';

const brandId = 'b0000000-0000-4000-8000-000000000001';
const owner: Actor = { userId: 'u0000000-0000-4000-8000-000000000001' };

/** A brand's AI budget with the ledger and access faked; each limit written is kept. */
function setup() {
  const limits: (number | null)[] = [];
  let limit: number | null = null;
  const ledger = {
    setBudget: async (_brand: string, value: number | null) => void limits.push((limit = value)),
    budgetLimit: async () => limit,
    spentSince: async () => 1.5,
  };
  const service = new AiUsageService(
    { require: async () => ({ id: brandId }) } as unknown as BrandRoleService,
    { ledger: () => ledger } as unknown as AiLedgerRepository,
  );
  return { service, limits };
}

describe('AiUsageService: a budget from any sender, checked with the shape the gateway checks it with (ADR 202)', () => {
  it('refuses what PUT /brands/{id}/ai-budget refuses, cents included, and writes nothing', async () => {
    const { service, limits } = setup();
    for (const sent of [-1, 1_000_000.01, 12.345, '25', undefined, Number.NaN]) {
      await expect(service.setBudget(owner, brandId, sent)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
        details: { errors: [{ field: 'monthlyLimitUsd', message: 'must be an amount from 0 to 1000000 with at most 2 decimal places' }] },
      });
    }
    expect(limits).toEqual([]);
  });

  it('keeps an amount in cents, or no limit', async () => {
    const { service, limits } = setup();
    await expect(service.setBudget(owner, brandId, 25.5)).resolves.toMatchObject({ brandId, monthlyLimitUsd: 25.5, spentUsd: 1.5 });
    await service.setBudget(owner, brandId, null);
    expect(limits).toEqual([25.5, null]);
  });
});
