import helmet from 'helmet';
import { fixedSecurityHeaders } from './security-headers';

describe('fixedSecurityHeaders (ADR 178)', () => {
  const options = { contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'] } } };

  it('gives the headers helmet sets on a response, the same on every call', () => {
    const set: Record<string, unknown> = {};
    const res = { setHeader: (k: string, v: unknown) => (set[k] = v), removeHeader: () => undefined };
    helmet(options)({} as never, res as never, () => undefined);
    const fixed = fixedSecurityHeaders(options);
    expect(Object.fromEntries(fixed)).toEqual(set);
    expect(Object.fromEntries(fixed)['Content-Security-Policy']).toContain("img-src 'self' data: blob:");
    expect(fixedSecurityHeaders(options)).toEqual(fixed);
  });
});
