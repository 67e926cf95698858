import type { Request } from './fastify-request';
import { checkTokenScope, scopeFor } from './token-scope';

const req = (method: string, path: string) => ({ method, url: path }) as Request;
const token = (scopes: ('read' | 'write' | 'publish' | 'ai')[], brandIds: string[] | null = null) => ({ id: 't', scopes, brandIds });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('personal access token scopes', () => {
  it('asks ai for AI routes, publish for publishing routes, read for GET and write for the rest', () => {
    expect(scopeFor('POST', { ai: true, publish: false })).toBe('ai');
    expect(scopeFor('DELETE', { ai: false, publish: true })).toBe('publish');
    expect(scopeFor('GET', { ai: false, publish: false })).toBe('read');
    expect(scopeFor('HEAD', { ai: false, publish: false })).toBe('read');
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(scopeFor(m, { ai: false, publish: false })).toBe('write');
  });

  it('refuses a missing scope, account routes, and brand creation by a restricted token', () => {
    const none = { ai: false, publish: false };
    expect(codeOf(() => checkTokenScope(req('PATCH', '/api/v1/brands/b'), token(['read']), none))).toBe('FORBIDDEN');
    expect(codeOf(() => checkTokenScope(req('PATCH', '/api/v1/brands/b'), token(['write']), none))).toBe('OK');
    expect(codeOf(() => checkTokenScope(req('POST', '/api/v1/content/c/publish'), token(['write']), { ai: false, publish: true }))).toBe('FORBIDDEN');
    for (const [m, p] of [
      ['POST', '/api/v1/tokens'],
      ['DELETE', '/api/v1/tokens/x'],
      ['POST', '/api/v1/auth/logout'],
      ['GET', '/api/v1/invitations'],
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/dev/inbox'],
    ]) {
      expect({ p, code: codeOf(() => checkTokenScope(req(m, p), token(['read', 'write']), none)) }).toEqual({ p, code: 'FORBIDDEN' });
    }
    expect(codeOf(() => checkTokenScope(req('GET', '/api/v1/auth/me'), token(['read']), none))).toBe('OK');
    expect(codeOf(() => checkTokenScope(req('GET', '/api/v1/tokensx'), token(['read']), none))).toBe('OK');
    expect(codeOf(() => checkTokenScope(req('POST', '/api/v1/brands'), token(['write'], ['b1']), none))).toBe('FORBIDDEN');
    expect(codeOf(() => checkTokenScope(req('POST', '/api/v1/brands'), token(['write']), none))).toBe('OK');
  });
});
