import { createHash } from 'node:crypto';

/** Deterministic randomness: the same inputs give the same output, different inputs vary. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  static from(...parts: unknown[]): SeededRandom {
    const h = createHash('sha256');
    for (const p of parts) h.update(typeof p === 'string' ? p : (JSON.stringify(p) ?? '')).update('\u0000');
    return new SeededRandom(h.digest().readUInt32LE(0));
  }

  /** mulberry32: tiny, fast, good enough for picking templates. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
