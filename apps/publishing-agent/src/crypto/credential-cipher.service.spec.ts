import { randomBytes } from 'node:crypto';
import { CredentialCipher } from './credential-cipher.service';

const key = () => randomBytes(32).toString('base64');

describe('CredentialCipher', () => {
  it('seals with AES-256-GCM and the key id, and opens only with the same context', () => {
    const c = new CredentialCipher(key());
    const sealed = c.seal({ accessToken: 'secret-token' }, 'publishing.connection:a');
    expect(sealed.value).not.toContain('secret-token');
    expect(sealed.value.split('.')).toHaveLength(5);
    expect(sealed.value.split('.')[1]).toBe(sealed.keyId);
    expect(c.open(sealed.value, 'publishing.connection:a')).toEqual({ accessToken: 'secret-token' });
    expect(() => c.open(sealed.value, 'publishing.connection:b')).toThrow(/cannot be decrypted/);
  });

  it('a new key opens what the previous key sealed, and says it is stale', () => {
    const oldKey = key();
    const before = new CredentialCipher(oldKey).seal({ a: 1 }, 'ctx');
    const rotated = new CredentialCipher(key(), [oldKey]);
    expect(rotated.open(before.value, 'ctx')).toEqual({ a: 1 });
    expect(rotated.isStale(before.keyId)).toBe(true);
    expect(rotated.isStale(rotated.seal({}, 'ctx').keyId)).toBe(false);
    expect(() => new CredentialCipher(key()).open(before.value, 'ctx')).toThrow(/not configured/);
  });

  it('detects tampering', () => {
    const c = new CredentialCipher(key());
    const parts = c.seal({ a: 'b' }, 'ctx').value.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => c.open(parts.join('.'), 'ctx')).toThrow(/authentication failed/);
  });
});
