import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseEnumPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from '../http/fastify-request';
import { type BoardList, type Connection, type ConnectionPage, MeshClient, type OAuthStartResult, PUBLISHING_TASKS } from '@mt/messages';
import { uuidParam } from '../http/actor';
import { Public } from '../http/current-user';
import { ProblemError } from '../http/problem';
import {
  BoardListDto,
  ConnectionDto,
  ConnectionPageDto,
  CreateConnectionDto,
  ListConnectionsQuery,
  OAuthStartDto,
  OAuthStartQuery,
  UpdateConnectionDto,
} from '../dtos/connection.dto';
import { toPageQuery } from '../dtos/pagination.dto';
import { Caller } from '../http/caller';

/** Platforms that connect through OAuth 2.0 (authorization code; PKCE where the platform takes it, ADR 151). */
const OAUTH_PLATFORMS = {
  x: 'x',
  linkedin: 'linkedin',
  threads: 'threads',
  facebook: 'facebook',
  instagram: 'instagram',
  pinterest: 'pinterest',
  tiktok: 'tiktok',
  youtube: 'youtube',
} as const;
const oauthPlatform = () =>
  new ParseEnumPipe(OAUTH_PLATFORMS, {
    exceptionFactory: () =>
      new ProblemError('VALIDATION_FAILED', 'platform must be x, linkedin, threads, facebook, instagram, pinterest, tiktok or youtube', {
        errors: [{ field: 'platform', message: 'must be x, linkedin, threads, facebook, instagram, pinterest, tiktok or youtube' }],
      }),
  });

/** A short value from the platform's redirect (code, state, error), or undefined. */
function queryValue(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined;
}

/**
 * A brand's channels (publishing-agent): viewers list, owners connect and remove (ADR 102). Credentials go
 * in and never come out: no answer of these routes holds them.
 */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('connections')
export class ConnectionsController {
  constructor(private readonly mesh: MeshClient) {}

  @ApiOperation({ summary: 'Channel connections of a brand' })
  @Get()
  @ApiOkResponse({ type: ConnectionPageDto })
  list(@Caller() caller: Caller, @Query() q: ListConnectionsQuery): Promise<ConnectionPage> {
    return this.mesh.request(PUBLISHING_TASKS.listConnections, { actor: caller.actor, brandId: q.brandId, page: toPageQuery(q) }, caller);
  }

  @ApiOperation({ summary: 'Connect a channel with its settings (webhook, Mastodon, Bluesky, WordPress, Medium)' })
  @Post()
  @ApiCreatedResponse({
    type: ConnectionDto,
    description: 'token platforms and the webhook channel; credentials are verified with the platform where it allows',
  })
  create(@Caller() caller: Caller, @Body() dto: CreateConnectionDto): Promise<Connection> {
    return this.mesh.request(PUBLISHING_TASKS.createConnection, { actor: caller.actor, ...dto }, caller);
  }

  /** Members who read the brand see the boards; secret ones are listed, marked not selectable (ADR 207). */
  @ApiOperation({ summary: 'The boards a Pinterest connection can pin to' })
  @Get(':id/boards')
  @ApiOkResponse({ type: BoardListDto, description: "the account's boards on Pinterest; 422 BOARDS_NOT_SUPPORTED for another platform" })
  boards(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<BoardList> {
    return this.mesh.request(PUBLISHING_TASKS.listBoards, { actor: caller.actor, connectionId: id }, caller);
  }

  /** Editors choose where a Pinterest connection's Pins go, among the account's boards (ADR 207). */
  @ApiOperation({ summary: "Change a connection's settings: the board a Pinterest connection pins to" })
  @Patch(':id')
  @ApiOkResponse({
    type: ConnectionDto,
    description: '422 UNKNOWN_BOARD (not a board of the account), SECRET_BOARD, or BOARDS_NOT_SUPPORTED (not a Pinterest connection)',
  })
  update(@Caller() caller: Caller, @Param('id', uuidParam()) id: string, @Body() dto: UpdateConnectionDto): Promise<Connection> {
    return this.mesh.request(PUBLISHING_TASKS.updateConnection, { actor: caller.actor, connectionId: id, ...dto }, caller);
  }

  @ApiOperation({ summary: 'Disconnect a channel' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Caller() caller: Caller, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.mesh.request(PUBLISHING_TASKS.deleteConnection, { actor: caller.actor, connectionId: id }, caller);
  }

  /**
   * Starts an OAuth connection and binds it to this browser (ADR 104): an HttpOnly, SameSite=Lax
   * cookie holds the hash of the state, and the callback is refused without it. Someone who sends
   * another person the authorize URL cannot collect that person's account into their brand.
   */
  @ApiOperation({ summary: "Start connecting a channel through the platform's OAuth" })
  @Get(':platform/oauth/start')
  @ApiOkResponse({ type: OAuthStartDto })
  async oauthStart(
    @Req() req: Request,
    @Caller() caller: Caller,
    @Res({ passthrough: true }) res: Response,
    @Param('platform', oauthPlatform()) platform: string,
    @Query() q: OAuthStartQuery,
  ): Promise<OAuthStartResult> {
    const result = await this.mesh.request(PUBLISHING_TASKS.oauthStart, { actor: caller.actor, brandId: q.brandId, platform }, caller);
    const state = new URL(result.authorizeUrl).searchParams.get('state');
    if (state) {
      const secure = req.protocol === 'https' ? '; Secure' : '';
      const expires = new Date(Date.now() + OAUTH_COOKIE_MAX_AGE_MS).toUTCString();
      res.header(
        'Set-Cookie',
        `${oauthCookie(platform)}=${encodeURIComponent(stateHash(state))}; Max-Age=${Math.floor(OAUTH_COOKIE_MAX_AGE_MS / 1000)}; Path=${oauthCallbackPath(platform)}; Expires=${expires}; HttpOnly; SameSite=Lax${secure}`,
      );
    }
    return result;
  }

  /**
   * Public: the platform redirects the browser here, without our access token; the single-use
   * state (made by oauth/start for a signed-in owner) is what authenticates. Always answers with
   * a redirect to the web UI, `/channels?connected=<platform>` or `/channels?error=<reason>`.
   */
  @Public()
  @ApiOperation({ summary: "The platform's OAuth redirect back: finishes the connection" })
  @Get(':platform/oauth/callback')
  @ApiResponse({ status: 303, description: 'to /channels?connected=<platform> or /channels?error=<reason>' })
  async oauthCallback(
    @Req() req: Request,
    @Caller() caller: Caller,
    @Param('platform', oauthPlatform()) platform: string,
    @Res() res: Response,
  ): Promise<void> {
    let target: string;
    const state = queryValue(req, 'state') ?? '';
    const bound = cookieValue(req, oauthCookie(platform));
    res.header('Set-Cookie', `${oauthCookie(platform)}=; Path=${oauthCallbackPath(platform)}; Expires=${new Date(1).toUTCString()}`);
    try {
      // Not the browser that started it: refused before the state is looked at (nor spent).
      if (!state || !bound || !safeEqual(bound, stateHash(state))) throw new BrowserMismatch();
      const result = await this.mesh.request(
        PUBLISHING_TASKS.oauthCallback,
        { platform, state, code: queryValue(req, 'code'), error: queryValue(req, 'error') },
        caller,
      );
      target = result.ok ? `connected=${encodeURIComponent(platform)}` : `error=${encodeURIComponent(result.error)}`;
    } catch (err) {
      target = err instanceof BrowserMismatch ? 'error=browser_mismatch' : 'error=unavailable';
    }
    res.header('Cache-Control', 'no-store');
    res.header('Referrer-Policy', 'no-referrer');
    // Fastify 5: url first, then the status.
    res.redirect(`/channels?${target}`, 303);
  }
}

/** How long a started OAuth connection stays bound to its browser: OAUTH_STATE_TTL_MS's default. */
const OAUTH_COOKIE_MAX_AGE_MS = 10 * 60_000;

class BrowserMismatch extends Error {}

const oauthCookie = (platform: string) => `mt_oauth_${platform}`;
const oauthCallbackPath = (platform: string) => `/api/v1/connections/${platform}/oauth/callback`;
const stateHash = (state: string) => createHash('sha256').update(state).digest('base64url');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One cookie of the request (no cookie parser is installed: this is the only cookie the API reads). */
function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
