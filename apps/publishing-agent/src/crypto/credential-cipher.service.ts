import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { MeshError } from '@mt/messages';

/** A key of the ring: its id is the first 16 hex digits of SHA-256(key), so it names the key without revealing it. */
interface RingKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>`, parts in base64url. */
  value: string;
  keyId: string;
}

/**
 * AES-256-GCM for channel credentials. The current key encrypts; the current and the previous
 * keys (CREDENTIALS_PREVIOUS_KEYS) decrypt, picked by the key id stored with each ciphertext, so
 * keys rotate without a flag day (docs/adr/070-credentials-at-rest.md). The associated data binds
 * a ciphertext to its row, so one connection's credentials cannot be pasted onto another.
 */
export class CredentialCipher {
  private readonly current: RingKey;
  private readonly ring = new Map<string, RingKey>();

  constructor(currentKey: string, previousKeys: string[] = []) {
    this.current = ringKey(currentKey);
    for (const k of [currentKey, ...previousKeys]) {
      const rk = ringKey(k);
      this.ring.set(rk.id, rk);
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plain: unknown, context: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const value = ['v1', this.current.id, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
    return { value, keyId: this.current.id };
  }

  open<T>(sealed: string, context: string): T {
    const [version, keyId, iv, tag, ct] = sealed.split('.');
    if (version !== 'v1' || !ct) throw unreadable('unknown ciphertext format');
    const rk = this.ring.get(keyId);
    if (!rk) throw unreadable(`encrypted with key ${keyId}, which is not configured (CREDENTIALS_KEY / CREDENTIALS_PREVIOUS_KEYS)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', rk.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as T;
    } catch {
      throw unreadable('authentication failed');
    }
  }

  /** Ids of the configured older keys: what a rotation still has to move off. */
  previousKeyIds(): string[] {
    return [...this.ring.keys()].filter((id) => id !== this.current.id);
  }

  /** True when the ciphertext was made with an older key and should be re-sealed. */
  isStale(keyId: string): boolean {
    return keyId !== this.current.id;
  }
}

function ringKey(base64: string): RingKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('a credentials key must be 32 bytes');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

const unreadable = (why: string) =>
  new MeshError('CREDENTIALS_UNREADABLE', `Stored channel credentials cannot be decrypted: ${why}`, { status: 500, retryable: false });
