import type { BrandRole } from '@mt/messages';
import { requireRole } from './brand-access.policy';

describe('requireRole', () => {
  const found = (role: BrandRole) => ({ id: 'b', role });
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'OK';
    } catch (e) {
      return `${(e as { code: string }).code} ${(e as { status: number }).status}`;
    }
  };

  it('answers 404 when the caller has no role, whatever the action', () => {
    for (const needed of ['viewer', 'editor', 'owner'] as const) expect(codeOf(() => requireRole(null, needed))).toBe('NOT_FOUND 404');
  });

  it('answers 403 to a role below the one needed, and lets owner > editor > viewer through', () => {
    const table: [BrandRole, BrandRole, string][] = [
      ['viewer', 'viewer', 'OK'],
      ['viewer', 'editor', 'FORBIDDEN 403'],
      ['viewer', 'owner', 'FORBIDDEN 403'],
      ['editor', 'viewer', 'OK'],
      ['editor', 'editor', 'OK'],
      ['editor', 'owner', 'FORBIDDEN 403'],
      ['owner', 'viewer', 'OK'],
      ['owner', 'editor', 'OK'],
      ['owner', 'owner', 'OK'],
    ];
    for (const [role, needed, expected] of table) expect([role, needed, codeOf(() => requireRole(found(role), needed))]).toEqual([role, needed, expected]);
  });
});
