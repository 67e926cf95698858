import { randomBytes } from 'node:crypto';
import { ConnectionRepository } from '../../src/channels/repositories/connection.repository';
import { ConnectionStore } from '../../src/channels/services/connection-store.service';
import { CredentialCipher } from '../../src/crypto/credential-cipher.service';
import { WebhookProvider } from '../../src/channels/providers/webhook.provider';
import { ChannelHarness, testSettings } from './channel-harness';

describe('credentials key rotation (PostgreSQL)', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  let h: ChannelHarness;

  beforeAll(async () => {
    h = await new ChannelHarness(testSettings(), [new WebhookProvider(testSettings())], new CredentialCipher(oldKey)).start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('after deploying a new key with the old one as previous, the sweep moves every row onto the new key', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await h.connect('webhook', {
          accountId: null,
          displayName: `hook ${i}`,
          credentials: { secret: `secret-number-${i}-0123456789` },
          config: { url: 'https://example.com/h' },
          expiresAt: null,
        }),
      );
    }
    const rotated = new CredentialCipher(newKey, [oldKey]);
    const store = new ConnectionStore(new ConnectionRepository(h.node.uow), rotated, h.node.uow);
    expect(await store.resealStale(2)).toBe(2);
    expect(await store.resealStale(2)).toBe(1);
    expect(await store.resealStale(2)).toBe(0);
    for (const [i, id] of ids.entries()) {
      const row = await h.row(id);
      expect(row.keyId).toBe(rotated.currentKeyId);
      expect(store.open(row).credentials).toEqual({ secret: `secret-number-${i}-0123456789` });
      // The old key alone can no longer open it: the old key can be dropped.
      expect(() => new CredentialCipher(oldKey).open(row.credentials, `publishing.connection:${id}`)).toThrow(/not configured/);
    }
  });
});
