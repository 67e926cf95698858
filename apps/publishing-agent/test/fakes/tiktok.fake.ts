import { randomBytes } from 'node:crypto';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute, sniffMime } from './fake-platform';

export type TikTokPrivacy = 'PUBLIC_TO_EVERYONE' | 'MUTUAL_FOLLOW_FRIENDS' | 'FOLLOWER_OF_CREATOR' | 'SELF_ONLY';

/** One Direct Post publish: made at init, then TikTok pulls the media and publishes on its own. */
export interface FakeTikTokPublish {
  publish_id: string;
  kind: 'video' | 'photo';
  title: string;
  description: string | null;
  privacy_level: TikTokPrivacy;
  urls: string[];
  /** The pulled media's types, as sniffed from the bytes. */
  pulled: string[];
  status: 'PROCESSING_DOWNLOAD' | 'PROCESSING_UPLOAD' | 'PUBLISH_COMPLETE' | 'FAILED';
  fail_reason: string | null;
  /** The post's id once published; TikTok shows it only for public posts. */
  post_id: string | null;
  /** Status reads that still answer PROCESSING_UPLOAD after the pull. */
  pollsLeft: number;
  pull: Promise<void>;
}

/** TikTok's envelope: `data`, and `error` whose `code` is `ok` on success. */
const ok = (data: unknown): FakeReply => ({ status: 200, body: { data, error: { code: 'ok', message: '', log_id: logId() } } });
const error = (status: number, code: string, message: string): FakeReply => ({ status, body: { data: {}, error: { code, message, log_id: logId() } } });
const logId = () => `2026120412${randomBytes(11).toString('hex').toUpperCase()}`;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/webp']);
const VIDEO_TYPES = new Set(['video/mp4', 'video/webm', 'video/quicktime']);
/** The video restrictions of the media transfer guide: 23 to 60 FPS, 360 to 4096 pixels on each side. */
const VIDEO_FPS = { min: 23, max: 60 };
const VIDEO_SIDE = { min: 360, max: 4096 };

/**
 * TikTok's Content Posting API and its OAuth 2.0 v2 server on 127.0.0.1 (ADR 181), after
 * developers.tiktok.com: /v2/auth/authorize/ (redirects back with a code, as after consent), POST
 * /v2/oauth/token/ (form with client_key and client_secret; authorization_code and refresh_token,
 * which rotates; refusals as `{error, error_description, log_id}`), GET /v2/user/info/, POST
 * /v2/post/publish/creator_info/query/, POST /v2/post/publish/video/init/ (PULL_FROM_URL only:
 * the URL's prefix must be verified, else url_ownership_unverified; title 2,200 characters) and
 * /v2/post/publish/content/init/ (DIRECT_POST PHOTO, 1 to 35 JPEG or WebP images, title 90,
 * description 4,000), POST /v2/post/publish/status/fetch/ (PROCESSING_DOWNLOAD →
 * PROCESSING_UPLOAD → PUBLISH_COMPLETE with publicaly_available_post_id for public posts, or
 * FAILED with fail_reason: a pulled MP4 is held to the creator's longest video and to 23–60 FPS
 * and 360–4096 pixels a side), POST /v2/video/query/ (scope video.list). Errors as `{data, error:
 * {code, message, log_id}}`: access_token_invalid (401), rate_limit_exceeded (429, init 6 a minute
 * per token), spam_risk_too_many_posts (403, the creator's daily cap),
 * privacy_level_option_mismatch and unaudited_client_can_only_post_to_private_accounts (403).
 */
export class TikTokFake extends FakePlatform {
  readonly clientKey = 'awfaketiktok0001';
  readonly clientSecret = 'fake-tiktok-secret';
  readonly creator = { open_id: '-000OBMfake-tiktok-open-id', username: 'acmecoffee', nickname: 'Acme Coffee' };
  privacyOptions: TikTokPrivacy[] = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
  /** An unaudited app may post SELF_ONLY only. */
  audited = true;
  /** URL prefixes the app verified (PULL_FROM_URL); empty: any loopback URL. */
  verifiedPrefixes: string[] = [];
  /** Posts the creator may still make today through the API. */
  postsLeftToday = 15;
  /** Init requests one token may make in a minute. */
  initPerMinute = 6;
  /** Status reads that answer PROCESSING_UPLOAD after the pull, for each new publish. */
  processingPolls = 1;
  /** The longest video the creator may post (creator_info's max_video_post_duration_sec). */
  maxVideoPostDurationSec = 600;
  readonly publishes: FakeTikTokPublish[] = [];
  private readonly codes = new Map<string, string>();
  private readonly access = new Map<string, string>(); // token → scope
  private readonly refresh = new Set<string>();
  private readonly inits = new Map<string, number[]>();
  private seq = 1;

  get authorizeUrl(): string {
    return `${this.url}/v2/auth/authorize`;
  }

  /** The posts TikTok made (published ones). */
  get posts(): FakeTikTokPublish[] {
    return this.publishes.filter((p) => p.status === 'PUBLISH_COMPLETE');
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    if (req.path === '/v2/oauth/token/') return (req.body as Record<string, string> | null)?.grant_type === 'refresh_token' ? 'refresh' : null;
    if (req.path === '/v2/post/publish/video/init/' || req.path === '/v2/post/publish/content/init/') return 'publish';
    if (req.path.startsWith('/v2/')) return 'lookup';
    return null;
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>, route: FakeRoute): FakeReply {
    if (route === 'refresh' && kind === 'revoked')
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.', log_id: logId() } };
    if (kind === 'rate-limit') return error(429, 'rate_limit_exceeded', 'API rate limit was exceeded. Please try again later.');
    if (kind === 'revoked') return error(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
    if (kind === 'unavailable') return error(503, 'internal_error', 'Something is wrong with our server. Please try again later.');
    return error(500, 'internal_error', 'Something is wrong with our server. Please try again later.');
  }

  protected answer(req: FakeRequest): FakeReply | Promise<FakeReply> {
    if (req.method === 'GET' && req.path === '/v2/auth/authorize/') return this.consent(req);
    if (req.method === 'POST' && req.path === '/v2/oauth/token/') return this.token(req);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const scope = bearer ? this.access.get(bearer) : undefined;
    if (!bearer || scope === undefined) return error(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
    if (req.method === 'GET' && req.path === '/v2/user/info/')
      return ok({ user: { open_id: this.creator.open_id, display_name: this.creator.nickname, avatar_url: 'https://p16.tiktokcdn.example/a.jpeg' } });
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.method !== 'POST') return error(404, 'invalid_params', 'Not found');
    if (req.path === '/v2/post/publish/creator_info/query/') {
      if (!scope.includes('video.publish'))
        return error(401, 'scope_not_authorized', 'The user did not authorize the scope required for completing this request.');
      if (this.postsLeftToday <= 0) return error(403, 'spam_risk_too_many_posts', 'The daily post cap from the API is reached for the current user.');
      return ok({
        creator_avatar_url: 'https://p16.tiktokcdn.example/a.jpeg',
        creator_username: this.creator.username,
        creator_nickname: this.creator.nickname,
        privacy_level_options: this.privacyOptions,
        comment_disabled: false,
        duet_disabled: true,
        stitch_disabled: false,
        max_video_post_duration_sec: this.maxVideoPostDurationSec,
      });
    }
    if (req.path === '/v2/post/publish/video/init/' || req.path === '/v2/post/publish/content/init/') return this.init(req, bearer, body);
    if (req.path === '/v2/post/publish/status/fetch/') return this.status(String(body.publish_id ?? ''));
    if (req.path === '/v2/video/query/') {
      if (!scope.includes('video.list'))
        return error(401, 'scope_not_authorized', 'The user did not authorize the scope required for completing this request.');
      const ids = ((body.filters as { video_ids?: string[] } | undefined)?.video_ids ?? []).map(String);
      const videos = this.posts
        .filter((p) => p.post_id && ids.includes(p.post_id))
        .map((p) => ({ id: p.post_id, title: p.title, view_count: 120, like_count: 9, comment_count: 2, share_count: 1 }));
      return ok({ videos, cursor: 0, has_more: false });
    }
    return error(404, 'invalid_params', 'Not found');
  }

  private async init(req: FakeRequest, token: string, body: Record<string, unknown>): Promise<FakeReply> {
    const now = Date.now();
    const recent = (this.inits.get(token) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= this.initPerMinute) return error(429, 'rate_limit_exceeded', 'API rate limit was exceeded. Please try again later.');
    this.inits.set(token, [...recent, now]);
    const info = (body.post_info ?? {}) as Record<string, unknown>;
    const source = (body.source_info ?? {}) as Record<string, unknown>;
    const privacy = info.privacy_level as TikTokPrivacy;
    const photo = req.path === '/v2/post/publish/content/init/';
    if (this.postsLeftToday <= 0) return error(403, 'spam_risk_too_many_posts', 'The daily post cap from the API is reached for the current user.');
    if (!this.audited && privacy !== 'SELF_ONLY')
      return error(403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post to a private account.');
    if (!this.privacyOptions.includes(privacy)) return error(403, 'privacy_level_option_mismatch', 'privacy_level is not one of the privacy_level_options.');
    if (source.source !== 'PULL_FROM_URL' && source.source !== 'FILE_UPLOAD') return error(400, 'invalid_params', 'source_info.source is invalid');
    if (source.source === 'FILE_UPLOAD') return error(400, 'invalid_params', 'this fake takes PULL_FROM_URL only');
    let urls: string[];
    let title: string;
    let description: string | null = null;
    if (photo) {
      if (body.post_mode !== 'DIRECT_POST' || body.media_type !== 'PHOTO') return error(400, 'invalid_params', 'post_mode and media_type are required');
      urls = Array.isArray(source.photo_images) ? source.photo_images.map(String) : [];
      if (urls.length < 1 || urls.length > 35) return error(400, 'invalid_params', 'photo_images must hold 1 to 35 URLs');
      title = String(info.title ?? '');
      description = String(info.description ?? '');
      if ([...title].length > 90) return error(400, 'invalid_params', 'title is longer than 90 characters');
      if ([...description].length > 4000) return error(400, 'invalid_params', 'description is longer than 4000 characters');
    } else {
      if (typeof source.video_url !== 'string') return error(400, 'invalid_params', 'video_url is required for PULL_FROM_URL');
      urls = [source.video_url];
      title = String(info.title ?? '');
      if ([...title].length > 2200) return error(400, 'invalid_params', 'title is longer than 2200 characters');
    }
    if (this.verifiedPrefixes.length > 0 && !urls.every((u) => this.verifiedPrefixes.some((p) => u.startsWith(p))))
      return error(403, 'url_ownership_unverified', 'The URL prefix or domain of the media is not verified by the app.');
    this.postsLeftToday -= 1;
    const p: FakeTikTokPublish = {
      publish_id: `${photo ? 'p_pub_url' : 'v_pub_url'}~v2.${Date.now()}${this.seq++}`,
      kind: photo ? 'photo' : 'video',
      title,
      description,
      privacy_level: privacy,
      urls,
      pulled: [],
      status: 'PROCESSING_DOWNLOAD',
      fail_reason: null,
      post_id: null,
      pollsLeft: this.processingPolls,
      pull: Promise.resolve(),
    };
    p.pull = this.pull(p);
    this.publishes.push(p);
    return ok({ publish_id: p.publish_id });
  }

  /** TikTok pulls the media at its own pace: a refused URL or bytes of the wrong type fail the publish. */
  private async pull(p: FakeTikTokPublish): Promise<void> {
    for (const url of p.urls) {
      const bytes = await download(url);
      if (!bytes) return this.refuse(p, p.kind === 'photo' ? 'photo_pull_failed' : 'video_pull_failed');
      const type = sniffMime(bytes) ?? 'unknown';
      p.pulled.push(type);
      if (!(p.kind === 'photo' ? PHOTO_TYPES : VIDEO_TYPES).has(type)) return this.refuse(p, 'file_format_check_failed');
      // An MP4 or MOV whose movie box can be read is held to the video restrictions; the contract
      // spec's stand-ins (an ftyp box, then noise) are taken by their type alone.
      const movie = p.kind === 'video' ? readMovie(bytes) : null;
      if (movie) {
        if (movie.durationS > this.maxVideoPostDurationSec) return this.refuse(p, 'duration_check_failed');
        if (movie.fps < VIDEO_FPS.min || movie.fps > VIDEO_FPS.max) return this.refuse(p, 'frame_rate_check_failed');
        const sides = [movie.width, movie.height];
        if (sides.some((x) => x < VIDEO_SIDE.min || x > VIDEO_SIDE.max)) return this.refuse(p, 'picture_size_check_failed');
      }
    }
    p.status = 'PROCESSING_UPLOAD';
  }

  private refuse(p: FakeTikTokPublish, reason: string): void {
    p.status = 'FAILED';
    p.fail_reason = reason;
  }

  /** Completes a publish that is still processing (as TikTok would, later). */
  async complete(publishId: string): Promise<void> {
    const p = this.publishes.find((x) => x.publish_id === publishId);
    if (!p) throw new Error(`no publish ${publishId}`);
    await p.pull;
    if (p.status === 'PROCESSING_UPLOAD') this.finish(p);
  }

  private finish(p: FakeTikTokPublish): void {
    p.status = 'PUBLISH_COMPLETE';
    p.post_id = p.privacy_level === 'PUBLIC_TO_EVERYONE' ? String(7400000000000000000n + BigInt(this.seq++)) : null;
  }

  private async status(publishId: string): Promise<FakeReply> {
    const p = this.publishes.find((x) => x.publish_id === publishId);
    if (!p) return error(400, 'invalid_publish_id', 'The publish_id does not exist.');
    await p.pull;
    if (p.status === 'PROCESSING_UPLOAD') {
      if (p.pollsLeft > 0) p.pollsLeft -= 1;
      else this.finish(p);
    }
    // post ids are int64 beyond JavaScript's exact integers: written as TikTok does, bare digits.
    const data = JSON.stringify({
      status: p.status,
      ...(p.fail_reason ? { fail_reason: p.fail_reason } : {}),
      publicaly_available_post_id: [],
      uploaded_bytes: 0,
    });
    const text = `{"data":${p.post_id ? data.replace('"publicaly_available_post_id":[]', `"publicaly_available_post_id":[${p.post_id}]`) : data},"error":{"code":"ok","message":"","log_id":"${logId()}"}}`;
    return { status: 200, body: text, headers: { 'content-type': 'application/json' } };
  }

  private consent(req: FakeRequest): FakeReply {
    if (req.query.get('client_key') !== this.clientKey || req.query.get('response_type') !== 'code')
      return { status: 400, body: { error: 'invalid_request', error_description: 'client_key or response_type is invalid', log_id: logId() } };
    const code = randomBytes(20).toString('hex');
    const redirect = req.query.get('redirect_uri') ?? '';
    this.codes.set(code, `${redirect} ${req.query.get('scope') ?? ''}`);
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('scopes', req.query.get('scope') ?? '');
    back.searchParams.set('state', req.query.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: FakeRequest): FakeReply {
    const f = req.body as Record<string, string>;
    const refuse = (e: string, d: string): FakeReply => ({ status: 400, body: { error: e, error_description: d, log_id: logId() } });
    if (f.client_key !== this.clientKey || f.client_secret !== this.clientSecret) return refuse('invalid_client', 'Client key or secret is incorrect.');
    if (f.grant_type === 'authorization_code') {
      const granted = this.codes.get(f.code);
      this.codes.delete(f.code);
      const [redirect, scope] = (granted ?? ' ').split(' ');
      if (granted === undefined || redirect !== f.redirect_uri) return refuse('invalid_grant', 'Authorization code is expired.');
      return { status: 200, body: this.issue(scope) };
    }
    if (f.grant_type === 'refresh_token') {
      const scope = [...this.refreshScopes.entries()].find(([t]) => t === f.refresh_token)?.[1];
      if (!this.refresh.delete(f.refresh_token) || scope === undefined) return refuse('invalid_grant', 'Refresh token is invalid or expired.');
      return { status: 200, body: this.issue(scope) };
    }
    return refuse('unsupported_grant_type', `Unsupported grant_type: ${f.grant_type}`);
  }

  private readonly refreshScopes = new Map<string, string>();

  /** A 24-hour access token and a 365-day refresh token, rotated on every refresh. */
  private issue(scope: string) {
    const access = `act.${randomBytes(16).toString('hex')}`;
    const refresh = `rft.${randomBytes(16).toString('hex')}`;
    this.access.set(access, scope);
    this.refresh.add(refresh);
    this.refreshScopes.set(refresh, scope);
    return {
      access_token: access,
      expires_in: 86_400,
      open_id: this.creator.open_id,
      refresh_expires_in: 31_536_000,
      refresh_token: refresh,
      scope,
      token_type: 'Bearer',
    };
  }
}

/** TikTok pulls the media at the time of the publish: loopback only in tests; a refused or unreachable URL is no media. */
async function download(url: string): Promise<Buffer | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') return null;
  try {
    const res = await fetch(u, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    if (res.status !== 200) return null;
    return Buffer.from(await res.arrayBuffer());
  } catch {
    return null;
  }
}

interface Box {
  type: string;
  /** The box's payload: from after its header to its end. */
  start: number;
  end: number;
}

/** The ISO BMFF boxes between `start` and `end` (a size of 1 is a 64-bit size, 0 runs to the end); stops at a box that does not fit. */
function* boxes(b: Buffer, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = b.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return;
      size = Number(b.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) return;
    yield { type: b.toString('latin1', at + 4, at + 8), start: at + header, end: at + size };
    at += size;
  }
}

/** The box at `path` below `parent` (the first of each type), or null. */
function child(b: Buffer, parent: { start: number; end: number }, ...path: string[]): Box | null {
  let box: Box | null = null;
  let within = parent;
  for (const type of path) {
    box = [...boxes(b, within.start, within.end)].find((x) => x.type === type) ?? null;
    if (!box) return null;
    within = box;
  }
  return box;
}

/**
 * What TikTok's processing reads of an MP4 or MOV: the video track's duration, frame rate (its
 * samples over their total time, from mdhd and stts) and picture size (tkhd). Null when the bytes
 * hold no readable movie box with a video track.
 */
function readMovie(b: Buffer): { durationS: number; fps: number; width: number; height: number } | null {
  const moov = child(b, { start: 0, end: b.length }, 'moov');
  if (!moov) return null;
  for (const trak of boxes(b, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue;
    const hdlr = child(b, trak, 'mdia', 'hdlr');
    if (!hdlr || hdlr.end - hdlr.start < 12 || b.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    const tkhd = child(b, trak, 'tkhd');
    const mdhd = child(b, trak, 'mdia', 'mdhd');
    const stts = child(b, trak, 'mdia', 'minf', 'stbl', 'stts');
    if (!tkhd || !mdhd || !stts || tkhd.end - tkhd.start < 84 || mdhd.end - mdhd.start < 24 || stts.end - stts.start < 8) return null;
    const v1 = b[mdhd.start] === 1;
    const timescale = b.readUInt32BE(mdhd.start + (v1 ? 20 : 12));
    let samples = 0;
    let ticks = 0;
    const entries = b.readUInt32BE(stts.start + 4);
    for (let i = 0; i < entries && stts.start + 16 + i * 8 <= stts.end; i++) {
      const count = b.readUInt32BE(stts.start + 8 + i * 8);
      samples += count;
      ticks += count * b.readUInt32BE(stts.start + 12 + i * 8);
    }
    if (timescale === 0 || ticks === 0) return null;
    // tkhd ends with the width and height, 16.16 fixed point.
    return {
      durationS: ticks / timescale,
      fps: (samples * timescale) / ticks,
      width: b.readUInt32BE(tkhd.end - 8) / 65536,
      height: b.readUInt32BE(tkhd.end - 4) / 65536,
    };
  }
  return null;
}
