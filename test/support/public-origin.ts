import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The public origin a platform reaches the gateway at (a reverse proxy in front of it), for the
 * platforms that fetch media from a signed URL (Instagram, ADR 176; TikTok, ADR 181): known before
 * the gateway picks its port, so MEDIA_PUBLIC_URL can name it, and pointed at the gateway again
 * after a restart.
 */
export class PublicOrigin {
  url = '';
  target = '';
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const up = httpRequest(`${this.target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
