import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RUNTIME, type Runtime } from '@mt/runtime';
import { NotificationWatch } from './notification-watch.service';
import { OpenStreams } from './open-streams';
import { NotificationsService, type NotificationView } from './notifications.service';

/** How often an open stream looks for new notifications (those another replica made arrive this way). */
export const NOTIFICATION_STREAM_POLL_MS = 2_000;
/** A comment line now and then keeps proxies from closing a quiet stream. */
export const NOTIFICATION_STREAM_HEARTBEAT_MS = 15_000;
/**
 * A stream ends after this long and the client opens a new one: the access token it was opened
 * with is checked again (a signed-out or expired session stops hearing within this time).
 */
export const NOTIFICATION_STREAM_MAX_MS = 5 * 60_000;

/**
 * GET /notifications/events (ADR 143): Server-Sent Events. `unread` {unreadCount} first and
 * whenever the count changes; `notification` (as GET /notifications shows one) for each new
 * notification the caller may see, oldest first. Ends after NOTIFICATION_STREAM_MAX_MS, or when
 * the gateway starts shutting down; the client reconnects.
 */
@Injectable()
export class NotificationEventStream implements BeforeApplicationShutdown {
  private readonly streams = new OpenStreams();

  constructor(
    private readonly notifications: NotificationsService,
    private readonly watch: NotificationWatch,
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'draining'>,
  ) {}

  /** `takeOver`: as JobEventStream.open's, called once the stream is sure to start. */
  async open(userId: string, req: IncomingMessage, res: ServerResponse, takeOver: () => void = () => undefined): Promise<void> {
    const first = await this.notifications.list(userId, false, 20, null);
    takeOver();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 5000\n\n');

    let seq = 0;
    let closed = false;
    let checking = false;
    let again = false;
    // The newest page already shown: anything on a later page that is not in it is new.
    let seen = new Set(first.items.map((n) => n.id));
    let unread = first.unreadCount;
    const timers: NodeJS.Timeout[] = [];
    let untrack = () => undefined as void;

    const send = (event: string, data: unknown) => {
      if (!closed) res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const close = () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      unsubscribe();
      untrack();
      res.end();
    };
    const check = async () => {
      if (closed) return;
      if (this.runtime.draining) return close();
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        const page = await this.notifications.list(userId, false, 20, null);
        const fresh: NotificationView[] = page.items.filter((n) => !seen.has(n.id)).reverse();
        seen = new Set(page.items.map((n) => n.id));
        for (const n of fresh) send('notification', n);
        if (page.unreadCount !== unread || fresh.length) {
          unread = page.unreadCount;
          send('unread', { unreadCount: unread });
        }
      } catch {
        // A failed read is tried again on the next tick; the stream stays open.
      } finally {
        checking = false;
        if (again) {
          again = false;
          void check();
        }
      }
    };

    untrack = this.streams.track(req, res, close);
    const unsubscribe = this.watch.subscribe(() => {
      // The wake may precede the commit of what woke it: look now and once more shortly after.
      setTimeout(() => void check(), 50);
      setTimeout(() => void check(), 500);
    });
    send('unread', { unreadCount: unread });
    // The open connection keeps the process up, not these.
    timers.push(setInterval(() => void check(), NOTIFICATION_STREAM_POLL_MS).unref());
    timers.push(setInterval(() => !closed && res.write(': heartbeat\n\n'), NOTIFICATION_STREAM_HEARTBEAT_MS).unref());
    timers.push(setTimeout(close, NOTIFICATION_STREAM_MAX_MS).unref());
  }

  /** The gateway is stopping: open streams end (their clients reconnect to another replica). */
  beforeApplicationShutdown(): void {
    this.streams.closeAll();
  }
}
