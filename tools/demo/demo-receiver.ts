import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../apps/publishing-agent/src/channels/providers/webhook-signature';

/**
 * The demo's built-in receiver for its webhook channel: takes each signed post (Standard
 * Webhooks), counts each webhook-id once, answers 204. It lives as long as the demo command.
 */
export class DemoReceiver {
  readonly received = new Set<string>();
  private server: Server | null = null;
  url = '';
  port = 0;

  constructor(private readonly secret: string) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = req.headers as Record<string, string>;
        if (!verifyWebhook(this.secret, headers, Buffer.concat(chunks).toString('utf8'))) return void res.writeHead(401).end();
        this.received.add(headers['webhook-id'] ?? '');
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}/demo/posts`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
