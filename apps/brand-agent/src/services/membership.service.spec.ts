import { randomUUID } from 'node:crypto';
import type { BrandRole, MeshClient, PublicUser, UnitOfWork } from '@mt/messages';
import type { MemberBrandRow } from '../repositories/brand-rows';
import type { BrandRepository } from '../repositories/brand.repository';
import type { MemberProfileRepository } from '../repositories/member-profile.repository';
import type { MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { MembershipService } from './membership.service';

/** The order of work in MembershipService.add, with typed mocks of its collaborators. */
describe('MembershipService.add', () => {
  const brandId = randomUUID();
  const owner = { userId: randomUUID() };
  const sam: PublicUser = { id: randomUUID(), email: 'sam@example.com', name: 'Sam', createdAt: new Date().toISOString() };
  let log: string[];
  let inTx: boolean;
  let myRole: BrandRole | null;

  const uow = {
    transaction: jest.fn(async <T>(fn: () => Promise<T>) => {
      inTx = true;
      log.push('begin');
      try {
        return await fn();
      } finally {
        inTx = false;
      }
    }),
    publishEvent: jest.fn((type: string) => log.push(`event ${type}`)),
    currentMessage: jest.fn(() => undefined),
  } as unknown as jest.Mocked<UnitOfWork>;
  const mesh = {
    request: jest.fn(async (type: string, payload: { email: string }) => {
      log.push(`ask ${type}${inTx ? ' (in transaction!)' : ''}`);
      return payload.email === sam.email ? sam : null;
    }),
  } as unknown as jest.Mocked<MeshClient>;
  const brands = {
    findForMember: jest.fn(async (_b: string, _u: string, opts?: { lock?: boolean }) => {
      log.push(opts?.lock ? 'lock brand' : 'read role');
      return myRole ? ({ id: brandId, role: myRole } as MemberBrandRow) : null;
    }),
  } as unknown as jest.Mocked<BrandRepository>;
  const memberRow = (role: BrandRole): MemberRow => ({ user_id: sam.id, role, created_at: new Date(), email: sam.email, name: sam.name, created_key: '' });
  const members = {
    find: jest.fn(async () => null as MemberRow | null),
    upsert: jest.fn(async () => {
      log.push('upsert');
      return { previous: null };
    }),
    countOwners: jest.fn(async () => 1),
  } as unknown as jest.Mocked<MembershipRepository>;
  const profiles = { remember: jest.fn(async () => undefined) } as unknown as jest.Mocked<MemberProfileRepository>;
  const service = new MembershipService(uow, mesh, brands, members, profiles);

  beforeEach(() => {
    log = [];
    inTx = false;
    myRole = 'owner';
    jest.clearAllMocks();
    members.find.mockResolvedValueOnce(null).mockResolvedValueOnce(memberRow('editor'));
  });

  it('checks ownership, asks auth-agent outside any transaction, then writes and announces under the brand lock', async () => {
    const result = await service.add(owner, brandId, ' sam@example.com ', 'editor');
    expect(result).toEqual({ created: true, member: expect.objectContaining({ userId: sam.id, role: 'editor', email: 'sam@example.com' }) });
    expect(log).toEqual(['read role', 'ask auth.user.find-by-email', 'begin', 'lock brand', 'upsert', 'event brand.access.changed']);
    expect(profiles.remember).toHaveBeenCalledWith(sam.id, sam.email, 'Sam');
  });

  it('never asks about the email for someone who is not an owner', async () => {
    myRole = 'editor';
    await expect(service.add(owner, brandId, sam.email, 'viewer')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    myRole = null;
    await expect(service.add(owner, brandId, sam.email, 'viewer')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(mesh.request).not.toHaveBeenCalled();
  });

  it('answers 422 with a field error for an email nobody registered, writing nothing', async () => {
    await expect(service.add(owner, brandId, 'ghost@example.com', 'viewer')).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      status: 422,
      details: { errors: [{ field: 'email', message: 'no registered user has this email' }] },
    });
    expect(uow.transaction).not.toHaveBeenCalled();
  });

  it('rejects a bad role or email before touching anything', async () => {
    await expect(service.add(owner, brandId, sam.email, 'admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(service.add(owner, brandId, 'not-an-email', 'viewer')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(log).toEqual([]);
  });

  it('refuses to demote the last owner', async () => {
    members.find.mockReset().mockResolvedValue(memberRow('owner'));
    await expect(service.add(owner, brandId, sam.email, 'viewer')).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(members.upsert).not.toHaveBeenCalled();
  });
});
