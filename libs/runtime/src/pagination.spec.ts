import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor, pageSize } from './pagination';

describe('page cursors', () => {
  it('round-trips a keyset and stays URL-safe', () => {
    const k = { createdKey: '2026-01-02T03:04:05.123456Z', id: randomUUID() };
    const c = encodeCursor(k);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual(k);
  });

  it('treats no cursor as the first page and rejects forged ones as VALIDATION_FAILED', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor(null)).toBeNull();
    const forged = [
      'garbage',
      Buffer.from('["2026-01-02", "x"]').toString('base64url'),
      Buffer.from(`["2026-01-02T03:04:05.123456Z'; --", "${randomUUID()}"]`).toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
    ];
    for (const c of forged) expect(() => decodeCursor(c)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
  });

  it('clamps the page size to 1..100, 20 by default', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(1);
    expect(pageSize(500)).toBe(100);
    expect(pageSize(7)).toBe(7);
  });
});
