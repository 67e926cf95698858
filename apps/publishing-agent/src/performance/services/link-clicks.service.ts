import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { type FollowLinkResult, MeshError, UnitOfWork } from '@mt/messages';
import { LinkClickRepository } from '../repositories/link-click.repository';
import { LINK_CLICK_SETTINGS, type LinkClickSettings } from './link-click-settings';

/** Codes whose URL is remembered (a link never changes once minted). */
const CACHE_SIZE = 10_000;

/**
 * `/l/{code}`: the full URL, and a click counted (ADR 152). The follow answers from memory
 * after the first lookup and never writes on its path: clicks gather per code and day and are
 * written every LINK_CLICK_FLUSH_MS (1 s) in one transaction, and once more when the agent stops, so a
 * restart loses none. A failed write keeps them for the next flush. Only a crash loses what
 * the last interval gathered.
 */
@Injectable()
export class LinkClicksService implements OnModuleDestroy {
  private readonly logger = new AppLogger('LinkClicks');
  private readonly urls = new Map<string, string>();
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /**
   * The agent's own context, as it started: the flush timer is set there, not in the context of the
   * click that happens to start it, whose trace, span and log scope are not those of the others it
   * writes, and whose span has ended by then.
   */
  private readonly own = new AsyncResource('link-clicks-flush');

  constructor(
    private readonly links: LinkClickRepository,
    private readonly uow: UnitOfWork,
    @Inject(LINK_CLICK_SETTINGS) private readonly settings: LinkClickSettings,
  ) {}

  async follow(code: string): Promise<FollowLinkResult> {
    const url = await this.urlOf(code);
    if (!url) throw new MeshError('NOT_FOUND', 'No such link', { status: 404, retryable: false });
    const key = `${code} ${new Date().toISOString().slice(0, 10)}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.timer ??= this.own.runInAsyncScope(() => setTimeout(() => void this.flush(), this.settings.flushMs));
    return { url };
  }

  /** Writes what has gathered; resolves when it is stored (or kept for the next try). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    const clicks = [...batch].map(([key, count]) => {
      const [code, day] = key.split(' ');
      return { code, day, count };
    });
    try {
      await this.uow.transaction(() => this.links.add(clicks));
    } catch (err) {
      for (const [key, count] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + count);
      this.timer ??= setTimeout(() => void this.flush(), this.settings.flushMs);
      this.logger.warn(`clicks kept for the next flush: ${(err as Error).message}`);
    }
  }

  private async urlOf(code: string): Promise<string | null> {
    const known = this.urls.get(code);
    if (known) return known;
    if (!/^[0-9A-Za-z]{6,32}$/.test(code)) return null;
    const url = await this.links.urlOf(code);
    if (url) {
      if (this.urls.size >= CACHE_SIZE) this.urls.delete(this.urls.keys().next().value as string);
      this.urls.set(code, url);
    }
    return url;
  }
}
