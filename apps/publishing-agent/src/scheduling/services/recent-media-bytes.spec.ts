import { RecentMediaBytes } from './recent-media-bytes';

const MB = 1024 * 1024;

describe('RecentMediaBytes', () => {
  it('reads a medium once for a burst of publishes, and they share its bytes', async () => {
    const recent = new RecentMediaBytes();
    let reads = 0;
    const read = async () => {
      reads++;
      return Buffer.from('jpeg bytes');
    };
    const got = await Promise.all([1, 2, 3].map(() => recent.get('b1/m1', 10, read)));
    got.push(await recent.get('b1/m1', 10, read));
    expect(reads).toBe(1);
    expect(new Set(got).size).toBe(1);
    expect(got[0]?.toString()).toBe('jpeg bytes');
    recent.clear();
  });

  it('reads again after the burst, after a failed or empty read, and never keeps a large medium', async () => {
    let now = 1_000_000;
    const recent = new RecentMediaBytes(() => now);
    let reads = 0;
    const read = async () => {
      reads++;
      return Buffer.from('x');
    };
    await recent.get('b1/m1', 1, read);
    now += 31_000;
    await recent.get('b1/m1', 1, read);
    expect(reads).toBe(2);

    await expect(recent.get('b1/m2', 1, async () => Promise.reject(new Error('EIO')))).rejects.toThrow('EIO');
    expect(await recent.get('b1/m2', 1, read)).toEqual(Buffer.from('x'));
    expect(await recent.get('b1/m3', 1, async () => null)).toBeNull();
    expect(await recent.get('b1/m3', 1, read)).toEqual(Buffer.from('x'));

    const video = 20 * MB;
    await recent.get('b1/video', video, read);
    await recent.get('b1/video', video, read);
    expect(reads).toBe(6);
    expect(recent.size()).toBeLessThan(video);
    recent.clear();
  });

  it('lets go of the bytes 30 s after their last use, with nothing left running', async () => {
    jest.useFakeTimers();
    try {
      const recent = new RecentMediaBytes();
      const read = async () => Buffer.alloc(1);
      await recent.get('b1/m1', 5, read);
      jest.advanceTimersByTime(20_000);
      await recent.get('b1/m1', 5, read);
      jest.advanceTimersByTime(20_000);
      expect(recent.size()).toBe(5);
      jest.advanceTimersByTime(11_000);
      expect(recent.size()).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds at most 64 MB, dropping the least recently used first', async () => {
    const recent = new RecentMediaBytes();
    const read = async () => Buffer.alloc(1);
    for (let i = 0; i < 5; i++) await recent.get(`b1/m${i}`, 15 * MB, read);
    expect(recent.size()).toBe(60 * MB);
    // m0 was used again, so m1 is the oldest when m5 comes in.
    await recent.get('b1/m0', 15 * MB, read);
    await recent.get('b1/m5', 15 * MB, read);
    expect(recent.size()).toBe(60 * MB);
    let reads = 0;
    const counted = async () => {
      reads++;
      return Buffer.alloc(1);
    };
    await recent.get('b1/m0', 15 * MB, counted);
    expect(reads).toBe(0);
    await recent.get('b1/m1', 15 * MB, counted);
    expect(reads).toBe(1);
    recent.clear();
    expect(recent.size()).toBe(0);
  });
});
