import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Server-Sent Event streams a service has open. A stream ends when its client goes (the
 * request or the response closes) and, through `closeAll`, when the gateway stops: the HTTP server
 * would otherwise wait for streams that last minutes, and their timers would keep the process up.
 */
export class OpenStreams {
  private readonly open = new Set<() => void>();

  /** Ends the stream with `close` when its client goes or `closeAll` runs; `close` calls the returned function. */
  track(req: IncomingMessage, res: ServerResponse, close: () => void): () => void {
    this.open.add(close);
    req.on('close', close);
    res.on('close', close);
    return () => void this.open.delete(close);
  }

  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
