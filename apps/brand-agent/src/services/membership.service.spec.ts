import { randomUUID } from 'node:crypto';
import type { BrandRole, UnitOfWork } from '@mt/messages';
import type { MemberBrandRow } from '../repositories/brand-rows';
import type { BrandRepository } from '../repositories/brand.repository';
import type { MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { MembershipService } from './membership.service';

/** The order of work in MembershipService.changeRole, with typed mocks of its collaborators. */
describe('MembershipService.changeRole', () => {
  const brandId = randomUUID();
  const owner = { userId: randomUUID() };
  const samId = randomUUID();
  let log: string[];
  let myRole: BrandRole | null;

  const uow = {
    publishEvent: jest.fn((type: string) => log.push(`event ${type}`)),
  } as unknown as jest.Mocked<UnitOfWork>;
  const brands = {
    findForMember: jest.fn(async (_b: string, _u: string, opts?: { lock?: boolean }) => {
      log.push(opts?.lock ? 'lock brand' : 'read role');
      return myRole ? ({ id: brandId, role: myRole } as MemberBrandRow) : null;
    }),
  } as unknown as jest.Mocked<BrandRepository>;
  const memberRow = (role: BrandRole): MemberRow => ({ user_id: samId, role, created_at: new Date(), email: 'sam@example.com', name: 'Sam', created_key: '' });
  const members = {
    find: jest.fn(async () => memberRow('viewer') as MemberRow | null),
    upsert: jest.fn(async () => {
      log.push('upsert');
      return { previous: 'viewer' as BrandRole };
    }),
    countOwners: jest.fn(async () => 1),
  } as unknown as jest.Mocked<MembershipRepository>;
  const service = new MembershipService(uow, brands, members);

  beforeEach(() => {
    log = [];
    myRole = 'owner';
    jest.clearAllMocks();
    members.find.mockReset().mockResolvedValueOnce(memberRow('viewer')).mockResolvedValueOnce(memberRow('viewer')).mockResolvedValue(memberRow('editor'));
  });

  it('checks ownership under the brand lock, then writes and announces', async () => {
    const member = await service.changeRole(owner, brandId, samId, 'editor');
    expect(member).toMatchObject({ userId: samId, role: 'editor' });
    expect(log).toEqual(['lock brand', 'upsert', 'event brand.access.changed']);
  });

  it('refuses non-owners, and someone who is not a member, without writing', async () => {
    myRole = 'editor';
    await expect(service.changeRole(owner, brandId, samId, 'viewer')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    myRole = null;
    await expect(service.changeRole(owner, brandId, samId, 'viewer')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    myRole = 'owner';
    members.find.mockReset().mockResolvedValue(null);
    await expect(service.changeRole(owner, brandId, samId, 'viewer')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(members.upsert).not.toHaveBeenCalled();
  });

  it('rejects a bad role before touching anything', async () => {
    await expect(service.changeRole(owner, brandId, samId, 'admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(log).toEqual([]);
  });

  it('refuses to demote the last owner', async () => {
    members.find.mockReset().mockResolvedValue(memberRow('owner'));
    await expect(service.changeRole(owner, brandId, samId, 'viewer')).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(members.upsert).not.toHaveBeenCalled();
  });
});
