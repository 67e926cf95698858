import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scriptable OpenAI-compatible endpoint (POST /v1/chat/completions) for tests and benchmarks.
 * The real `openai` SDK talks to it over HTTP, so failure paths are exercised end to end.
 *
 *   const server = await OpenAiCompatibleTestServer.start();
 *   server.enqueue(reply.truncated(obj), reply.json(obj));   // one reply per request, in order
 *   server.setDefault(reply.json(obj));                        // when the queue is empty
 *   ... AI_BASE_URL = server.url ...
 *   server.requests                                            // what the SDK sent
 *   await server.close();
 */
export interface TestUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body: model, messages, response_format, max_tokens, ... */
  body: ChatRequestBody;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  max_tokens?: number;
  max_completion_tokens?: number;
  [key: string]: unknown;
}

export type TestReply =
  | { kind: 'content'; content: string | null; usage?: TestUsage; finishReason?: string; delayMs?: number; model?: string }
  | { kind: 'status'; status: number; headers?: Record<string, string>; error?: { message: string; type?: string; code?: string }; delayMs?: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'dynamic'; respond: (req: RecordedRequest) => TestReply };

/** Reply builders, one per behaviour the tests need. */
export const reply = {
  /** A well-formed answer whose content is `JSON.stringify(value)`. */
  json: (value: unknown, opts: { usage?: TestUsage; delayMs?: number; model?: string } = {}): TestReply => ({
    kind: 'content',
    content: JSON.stringify(value),
    ...opts,
  }),
  /** Any content, verbatim (near-JSON, prose, fenced code...). */
  content: (content: string, opts: { usage?: TestUsage; delayMs?: number; finishReason?: string } = {}): TestReply => ({ kind: 'content', content, ...opts }),
  /** JSON with the usual model slips: code fence, trailing commas. Repairable. */
  malformed: (value: unknown): TestReply => ({
    kind: 'content',
    content: '```json\n' + JSON.stringify(value, null, 2).replace(/\n(\s*)([}\]])/g, ',\n$1$2') + '\n```',
  }),
  /** Prose that no repair can turn into the expected object. */
  garbage: (text = 'Sure! Here are some great posts for you: first, talk about coffee.'): TestReply => ({ kind: 'content', content: text }),
  /** The answer cut off after `fraction` of its characters, as a token limit does. */
  truncated: (value: unknown, fraction = 0.7): TestReply => {
    const s = JSON.stringify(value);
    return { kind: 'content', content: s.slice(0, Math.floor(s.length * fraction)), finishReason: 'length' };
  },
  empty: (): TestReply => ({ kind: 'content', content: '' }),
  /** Hold the request for `ms` before answering 504, past any sensible client timeout. */
  stall: (ms = 60_000): TestReply => ({ kind: 'stall', ms }),
  rateLimited: (retryAfterSeconds?: number): TestReply => ({
    kind: 'status',
    status: 429,
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
  }),
  serverError: (status = 500): TestReply => ({ kind: 'status', status, error: { message: 'The server had an error', type: 'server_error' } }),
  unauthorized: (): TestReply => ({
    kind: 'status',
    status: 401,
    error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
  }),
  badRequest: (message = 'Invalid request'): TestReply => ({ kind: 'status', status: 400, error: { message, type: 'invalid_request_error' } }),
  status: (status: number, headers: Record<string, string> = {}, message = 'error'): TestReply => ({ kind: 'status', status, headers, error: { message } }),
  /** Decide per request (e.g. answer from the prompt). */
  dynamic: (respond: (req: RecordedRequest) => TestReply): TestReply => ({ kind: 'dynamic', respond }),
};

const estimateTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

export class OpenAiCompatibleTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: TestReply[] = [];
  private fallback: TestReply = reply.status(500, {}, 'no reply scripted for this request');
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  /** Most chat requests answered concurrently since start or reset(). */
  maxInFlight = 0;
  private group: { size: number; releaseAfterMs: number; waiting: (() => void)[]; timer?: NodeJS.Timeout } | null = null;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<OpenAiCompatibleTestServer> {
    const holder: { instance?: OpenAiCompatibleTestServer } = {};
    const server = createServer((req, res) => void holder.instance?.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.instance = new OpenAiCompatibleTestServer(server, (server.address() as AddressInfo).port);
    return holder.instance;
  }

  /** Base URL for the SDK (`baseURL` / AI_BASE_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Replies for the next requests, in order. */
  enqueue(...replies: TestReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Reply used when the queue is empty. */
  setDefault(r: TestReply): this {
    this.fallback = r;
    return this;
  }

  /**
   * Holds each answer until `size` chat requests are waiting, then answers them together: a
   * client that keeps `size` requests in flight is seen doing so however slowly a loaded machine
   * sends them. Held requests are answered anyway after `releaseAfterMs`, so a client that sends
   * fewer fails its test instead of hanging it.
   */
  answerInGroupsOf(size: number, releaseAfterMs = 5_000): this {
    this.group = { size, releaseAfterMs, waiting: [] };
    return this;
  }

  private releaseGroup(): void {
    const g = this.group;
    if (!g) return;
    if (g.timer) clearTimeout(g.timer);
    g.timer = undefined;
    for (const answer of g.waiting.splice(0)) answer();
  }

  /** Forget scripted replies and recorded requests. */
  reset(): this {
    if (this.group) this.releaseGroup();
    this.group = null;
    this.queue.length = 0;
    this.requests.length = 0;
    this.fallback = reply.status(500, {}, 'no reply scripted for this request');
    this.maxInFlight = this.inFlight;
    return this;
  }

  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  async close(): Promise<void> {
    if (this.group?.timer) clearTimeout(this.group.timer);
    this.group = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: ChatRequestBody;
    try {
      body = raw ? (JSON.parse(raw) as ChatRequestBody) : ({ model: '', messages: [] } as ChatRequestBody);
    } catch {
      this.send(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0], headers: req.headers, body };
    if (recorded.method !== 'POST' || !recorded.path.endsWith('/chat/completions')) {
      this.send(res, 404, { error: { message: `no route ${recorded.method} ${recorded.path}`, type: 'invalid_request_error' } });
      return;
    }
    this.requests.push(recorded);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    let r = this.queue.shift() ?? this.fallback;
    while (r.kind === 'dynamic') r = r.respond(recorded);
    if (r.kind === 'stall') {
      this.later(r.ms, () => this.send(res, 504, { error: { message: 'stalled', type: 'server_error' } }));
      return;
    }
    const delay = r.delayMs ?? 0;
    const respond = () => (r.kind === 'status' ? this.sendStatus(res, r) : this.sendContent(res, r as Extract<TestReply, { kind: 'content' }>, body));
    const answer = () => (delay > 0 ? this.later(delay, respond) : respond());
    const g = this.group;
    if (!g) return answer();
    g.waiting.push(answer);
    if (g.waiting.length >= g.size) this.releaseGroup();
    else if (!g.timer) g.timer = setTimeout(() => this.releaseGroup(), g.releaseAfterMs);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private sendStatus(res: ServerResponse, r: Extract<TestReply, { kind: 'status' }>): void {
    this.send(
      res,
      r.status,
      { error: { message: r.error?.message ?? 'error', type: r.error?.type ?? 'error', code: r.error?.code ?? null, param: null } },
      r.headers,
    );
  }

  private sendContent(res: ServerResponse, r: Extract<TestReply, { kind: 'content' }>, body: ChatRequestBody): void {
    const promptChars = (body.messages ?? []).map((m) => m.content ?? '').join('');
    const usage = r.usage ?? { prompt_tokens: estimateTokens(promptChars), completion_tokens: r.content ? estimateTokens(r.content) : 0 };
    this.send(res, 200, {
      id: `chatcmpl-test-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: r.model ?? body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: r.content, refusal: null }, finish_reason: r.finishReason ?? 'stop', logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  private send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    if (res.writableEnded || res.destroyed) return;
    const data = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
    res.end(data);
  }
}
