import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a scripted model endpoint answers, independent of the API it speaks. Each provider's test
 * server renders these in its own wire format (and its own documented error bodies).
 */
export type ModelReply =
  /** A well-formed structured answer carrying `value` (a tool call, a JSON text part, ...). */
  | { kind: 'json'; value: unknown; usage?: { input: number; output: number }; model?: string; delayMs?: number }
  /** Plain text where structured output was asked for: prose, near-JSON, a cut answer. */
  | { kind: 'text'; text: string; usage?: { input: number; output: number }; finishReason?: string; delayMs?: number }
  /** An answer with no content at all. */
  | { kind: 'empty' }
  /** An HTTP error with the provider's documented body and headers. */
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  /** Hold the request for `ms`, past any sensible client deadline. */
  | { kind: 'stall'; ms: number };

export interface ModelRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface RenderedReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A local HTTP server on 127.0.0.1 answering one model API from a script (a queue of replies, then a
 * default). Subclasses say which requests are model calls and how a reply looks on their wire.
 */
export abstract class ScriptedModelServer {
  readonly requests: ModelRequest[] = [];
  private readonly queue: ModelReply[] = [];
  private fallback: ModelReply | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: Server;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Base URL to configure (AI_BASE_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  enqueue(...replies: ModelReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  setDefault(r: ModelReply): this {
    this.fallback = r;
    return this;
  }

  reset(): this {
    this.queue.length = 0;
    this.requests.length = 0;
    this.fallback = undefined;
    return this;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Whether this request is a model call (recorded and answered from the script). */
  protected abstract isModelCall(method: string, path: string): boolean;
  /** The reply in the provider's wire format. */
  protected abstract render(reply: Exclude<ModelReply, { kind: 'stall' }>, req: ModelRequest): RenderedReply;
  /** The provider's error body for a request it does not know or a script that ran out. */
  protected abstract errorBody(status: number, message: string): unknown;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      this.send(res, { status: 400, body: this.errorBody(400, 'request body is not JSON') });
      return;
    }
    const recorded: ModelRequest = { method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0], headers: req.headers, body };
    if (!this.isModelCall(recorded.method, recorded.path)) {
      this.send(res, { status: 404, body: this.errorBody(404, `no route ${recorded.method} ${recorded.path}`) });
      return;
    }
    this.requests.push(recorded);
    const r = this.queue.shift() ?? this.fallback;
    if (!r) {
      this.send(res, { status: 500, body: this.errorBody(500, 'no reply scripted for this request') });
      return;
    }
    if (r.kind === 'stall') {
      this.later(r.ms, () => this.send(res, { status: 504, body: this.errorBody(504, 'stalled') }));
      return;
    }
    const delay = 'delayMs' in r ? (r.delayMs ?? 0) : 0;
    const respond = () => this.send(res, this.render(r, recorded));
    if (delay > 0) this.later(delay, respond);
    else respond();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private send(res: ServerResponse, r: RenderedReply): void {
    if (res.writableEnded || res.destroyed) return;
    const data = JSON.stringify(r.body);
    res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...r.headers });
    res.end(data);
  }
}

export const estimateTokens = (s: string): number => Math.max(1, Math.ceil(s.length / 4));
