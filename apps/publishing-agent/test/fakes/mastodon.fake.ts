import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface FakeStatus {
  id: string;
  content: string;
  text: string;
  url: string;
  created_at: string;
  idempotencyKey: string | null;
  mediaIds: string[];
}

export interface FakeAttachment {
  id: string;
  type: 'image' | 'video';
  mimeType: string;
  bytes: Buffer;
  description: string | null;
  focus: { x: number; y: number } | null;
  /** Times GET /api/v1/media/:id answers 206 before the attachment is processed (videos). */
  pendingPolls: number;
}

/**
 * A Mastodon instance: verify_credentials, media attachments (POST /api/v2/media, GET /api/v1/media/:id), POST /api/v1/statuses (the Idempotency-Key header
 * answers the first status again for an hour, as Mastodon does), account statuses, one status.
 * X-RateLimit-* headers (reset as an ISO time); errors as {error}.
 */
export class MastodonFake extends FakePlatform {
  readonly token = 'mastodon-token-0123456789';
  readonly account = { id: '109000000000000001', username: 'acme', acct: 'acme' };
  readonly statuses: FakeStatus[] = [];
  readonly attachments: FakeAttachment[] = [];
  /** Polls a video stays "processing" for (POST /api/v2/media answers 202 for it). */
  videoProcessingPolls = 1;
  revoked = false;
  private seq = 1;

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.method === 'POST' && req.path === '/api/v1/statuses') return 'publish';
    if (req.method === 'GET') return 'lookup';
    return null;
  }

  protected async answer(req: FakeRequest): Promise<FakeReply> {
    if (this.revoked || req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'The access token is invalid' } };
    const limits = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString() };
    if (req.path === '/api/v1/accounts/verify_credentials')
      return { status: 200, body: { ...this.account, display_name: 'Acme', url: `${this.url}/@acme` }, headers: limits };
    if (req.method === 'POST' && req.path === '/api/v2/media') return this.upload(req);
    const media = /^\/api\/v1\/media\/(\d+)$/.exec(req.path);
    if (req.method === 'GET' && media) {
      const a = this.attachments.find((x) => x.id === media[1]);
      if (!a) return { status: 404, body: { error: 'Record not found' } };
      if (a.pendingPolls > 0) {
        a.pendingPolls -= 1;
        return { status: 206, body: this.attachmentView(a, false) };
      }
      return { status: 200, body: this.attachmentView(a, true) };
    }
    if (req.method === 'POST' && req.path === '/api/v1/statuses') {
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const again = key ? this.statuses.find((s) => s.idempotencyKey === key) : undefined;
      if (again) return { status: 200, body: this.view(again), headers: limits };
      const text = (req.body as { status?: string })?.status ?? '';
      const mediaIds = (req.body as { media_ids?: string[] })?.media_ids ?? [];
      if (!text.trim() && mediaIds.length === 0) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
      if (mediaIds.length > 4) return { status: 422, body: { error: 'Validation failed: Media attachments are too many' } };
      const attached = mediaIds.map((id) => this.attachments.find((a) => a.id === id));
      if (attached.some((a) => !a)) return { status: 422, body: { error: 'Validation failed: Media attachments are invalid' } };
      if (attached.some((a) => a?.pendingPolls))
        return { status: 422, body: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' } };
      if (attached.some((a) => a?.type === 'video') && attached.length > 1)
        return { status: 422, body: { error: 'Validation failed: Cannot attach a video to a post that already contains images' } };
      if ([...text].length > 500) return { status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } };
      const id = String(110000000000000000n + BigInt(this.seq++));
      const s = { id, text, content: toHtml(text), url: `${this.url}/@acme/${id}`, created_at: new Date().toISOString(), idempotencyKey: key, mediaIds };
      this.statuses.push(s);
      return { status: 200, body: this.view(s), headers: limits };
    }
    const mine = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(req.path);
    if (mine)
      return {
        status: 200,
        body:
          mine[1] === this.account.id
            ? [...this.statuses]
                .reverse()
                .slice(0, Number(req.query.get('limit') ?? 20))
                .map((s) => this.view(s))
            : [],
        headers: limits,
      };
    const one = /^\/api\/v1\/statuses\/(\d+)$/.exec(req.path);
    if (one) {
      const s = this.statuses.find((x) => x.id === one[1]);
      return s
        ? { status: 200, body: { ...this.view(s), favourites_count: 5, reblogs_count: 2, replies_count: 1 } }
        : { status: 404, body: { error: 'Record not found' } };
    }
    return { status: 404, body: { error: 'Record not found' } };
  }

  /**
   * POST /api/v2/media (multipart: file, description, focus "x,y"): 200 with the attachment for an
   * image, 202 with `url: null` for a video still processing; 422 for a file type the instance
   * does not take, 422 for a description over 1,500 characters.
   */
  private async upload(req: FakeRequest): Promise<FakeReply> {
    let form: FormData;
    try {
      // The request's own bytes, not a copy of them (an upload is up to megabytes; bench:publish's media run).
      form = await new Response(req.rawBytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData();
    } catch {
      return { status: 422, body: { error: 'Validation failed: File is invalid' } };
    }
    const file = form.get('file');
    if (!(file instanceof Blob)) return { status: 422, body: { error: "Validation failed: File can't be blank" } };
    const mimeType = file.type;
    const type = /^image\/(jpeg|png|gif|webp|avif|heic)$/.test(mimeType) ? 'image' : /^video\/(mp4|webm|quicktime)$/.test(mimeType) ? 'video' : null;
    if (!type) return { status: 422, body: { error: 'Validation failed: File content type is invalid, File is invalid' } };
    const description = typeof form.get('description') === 'string' ? (form.get('description') as string) : null;
    if (description && [...description].length > 1500)
      return { status: 422, body: { error: 'Validation failed: Description is too long (maximum is 1500 characters)' } };
    const rawFocus = form.get('focus');
    let focus: { x: number; y: number } | null = null;
    if (typeof rawFocus === 'string') {
      const [x, y] = rawFocus.split(',').map(Number);
      if (!(x >= -1 && x <= 1 && y >= -1 && y <= 1)) return { status: 422, body: { error: 'Validation failed: Focus is invalid' } };
      focus = { x, y };
    }
    const a: FakeAttachment = {
      id: String(120000000000000000n + BigInt(this.seq++)),
      type,
      mimeType,
      bytes: Buffer.from(await file.arrayBuffer()),
      description,
      focus,
      pendingPolls: type === 'video' ? this.videoProcessingPolls : 0,
    };
    this.attachments.push(a);
    return a.pendingPolls > 0 ? { status: 202, body: this.attachmentView(a, false) } : { status: 200, body: this.attachmentView(a, true) };
  }

  private attachmentView(a: FakeAttachment, processed: boolean) {
    return {
      id: a.id,
      type: a.type,
      url: processed ? `${this.url}/system/media_attachments/${a.id}` : null,
      preview_url: `${this.url}/system/media_attachments/${a.id}/small`,
      description: a.description,
      meta: a.focus ? { focus: a.focus } : {},
    };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return {
          status: 429,
          body: { error: 'Too many requests' },
          headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + 1000).toISOString() },
        };
      case 'revoked':
        return { status: 401, body: { error: 'The access token was revoked' } };
      case 'server-error':
        return { status: 500, body: { error: 'We are sorry, but something went wrong on our end.' } };
      case 'unavailable':
        return { status: 503, body: { error: 'Service Unavailable' } };
    }
  }

  private view(s: FakeStatus) {
    const media = s.mediaIds.map((id) => this.attachments.find((a) => a.id === id)).filter((a): a is FakeAttachment => !!a);
    return {
      id: s.id,
      content: s.content,
      url: s.url,
      uri: s.url,
      created_at: s.created_at,
      visibility: 'public',
      account: this.account,
      media_attachments: media.map((a) => this.attachmentView(a, true)),
    };
  }
}

function toHtml(text: string): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return text
    .split(/\n\n/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br />')}</p>`)
    .join('');
}
