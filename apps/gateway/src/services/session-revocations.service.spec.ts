import { type KeyValueStore, MemoryKeyValueStore, type Runtime } from '@mt/runtime';
import type { RevokedSessionRepository } from '../repositories/revoked-session.repository';
import { LOADED, SessionRevocations } from './session-revocations.service';

/** The durable record as a map (the repository's three calls, same meaning). */
class DurableRecord {
  readonly rows = new Map<string, Date>();
  async add(ids: readonly string[], expiresAt: Date): Promise<void> {
    for (const id of ids) this.rows.set(id, expiresAt);
  }
  async live(now = new Date()): Promise<{ sessionId: string; expiresAt: Date }[]> {
    return [...this.rows].filter(([, e]) => e > now).map(([sessionId, expiresAt]) => ({ sessionId, expiresAt }));
  }
  async isRevoked(id: string, now = new Date()): Promise<boolean> {
    return (this.rows.get(id) ?? now) > now;
  }
}

/** A store that can be emptied (a flush, a restart) or stop answering (Redis down). */
class FlakyStore extends MemoryKeyValueStore {
  down = false;
  flush(): void {
    (this as unknown as { data: Map<string, unknown> }).data.clear();
  }
  override async incrementUnless(...args: Parameters<KeyValueStore['incrementUnless']>) {
    if (this.down) throw new Error('Connection is closed.');
    return super.incrementUnless(...args);
  }
  override async set(...args: Parameters<KeyValueStore['set']>) {
    if (this.down) throw new Error('Connection is closed.');
    return super.set(...args);
  }
}

describe('SessionRevocations when the key-value store loses its data or stops answering', () => {
  const runtime = { config: { auth: { accessTtlSeconds: 600 } } } as unknown as Runtime;
  let kv: FlakyStore;
  let durable: DurableRecord;
  let revocations: SessionRevocations;

  beforeEach(async () => {
    kv = new FlakyStore();
    durable = new DurableRecord();
    revocations = new SessionRevocations(kv, runtime, durable as unknown as RevokedSessionRepository);
    await revocations.revoke(['ended']);
    // A first request loads the copy and sets its marker.
    expect((await revocations.checkAndCount('live', ['rl:read:u1'], 60_000)).revoked).toBe(false);
    expect(await kv.get(LOADED)).toBe('1');
  });
  afterEach(() => kv.close());

  it('refuses an ended session on the very first request after a flush, and counts nothing for it', async () => {
    expect((await revocations.checkAndCount('ended', ['rl:read:u1'], 60_000)).revoked).toBe(true);
    kv.flush();
    expect(await revocations.checkAndCount('ended', ['rl:read:u1'], 60_000)).toEqual({ revoked: true, counts: [] });
    // The copy is back, and the live session is counted from a fresh window.
    expect(await kv.get('auth:revoked-session:ended')).toBe('1');
    const live = await revocations.checkAndCount('live', ['rl:read:u1'], 60_000);
    expect(live.revoked).toBe(false);
    expect(live.counts?.map((c) => c.count)).toEqual([1]);
  });

  it('reads the database while the store does not answer: ended stays ended, rate limits go unchecked', async () => {
    kv.down = true;
    expect(await revocations.checkAndCount('ended', ['rl:read:u1'], 60_000)).toEqual({ revoked: true, counts: null });
    expect(await revocations.checkAndCount('live', ['rl:read:u1'], 60_000)).toEqual({ revoked: false, counts: null });
    // A logout while the store is down is still recorded, and holds once the store is back empty.
    await revocations.revoke(['ended-during']);
    expect((await revocations.checkAndCount('ended-during', [], 60_000)).revoked).toBe(true);
    kv.down = false;
    kv.flush();
    expect((await revocations.checkAndCount('ended-during', [], 60_000)).revoked).toBe(true);
    expect((await revocations.checkAndCount('ended', [], 60_000)).revoked).toBe(true);
  });
});
