import type { z } from 'zod';
import type { BoardListShape, BoardShape, CONNECTION_STATUSES, ConnectionShape, UpdateConnectionShape } from '../shapes/connection.shapes';
import type { Actor, Page, PageQuery } from '../actor';
import type { Covers, Expect, TaskSpec } from '../task-map';
import type { MediaRules } from '@mt/platforms';

/** The channels part of publishing-agent: connections, OAuth and the platform catalogue (ADR 135). */

export const CHANNEL_TASKS = {
  platforms: 'publishing.platforms.list',
  listConnections: 'publishing.connections.list',
  createConnection: 'publishing.connections.create',
  deleteConnection: 'publishing.connections.delete',
  updateConnection: 'publishing.connections.update',
  listBoards: 'publishing.connections.boards',
  oauthStart: 'publishing.oauth.start',
  oauthCallback: 'publishing.oauth.callback',
} as const;

export const CHANNEL_EVENTS = {
  connectionChanged: 'connection.changed',
} as const;

/** Owned by publishing-agent: channels, schedules, publishing, analytics, ad sets, the inbox store. */

export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
/** A brand's account on a platform (credentials are never part of it): the shape in shapes/connection.shapes.ts. */
export type Connection = z.output<typeof ConnectionShape>;
export interface ConnectionChangedEvent {
  connection: Connection;
  /** e.g. 'needs_reconnect' after a revoked grant: tell the brand's users. */
  reason: string | null;
}
/** How a platform is connected: OAuth 2.0 (X, LinkedIn, Threads, Facebook, Instagram), a token or password (the others), or a signed webhook. */
export type PlatformAuthKind = 'oauth' | 'token' | 'webhook';
/** One entry of the platform catalogue (GET /platforms). */
export interface PlatformInfo {
  id: string;
  label: string;
  authKind: PlatformAuthKind;
  /** False when the deployment lacks what the platform needs (e.g. OAuth client id and secret). */
  configured: boolean;
  limits: {
    maxLength: number;
    lengthUnit: 'characters' | 'graphemes';
    hashtags: { min: number; max: number };
    links: 'inline' | 'discouraged' | 'none';
    longForm: boolean;
  };
  /** Fields POST /connections expects in `credentials` and `config` for this platform. */
  credentialFields: string[];
  configFields: string[];
  /**
   * The media a post of this platform may carry from this app (the catalogue's limits; a kind the
   * app's channel does not upload yet is null), checked before a post is scheduled.
   */
  media: PlatformMediaInfo;
}
/** The media a platform takes: the catalogue's rules (`@mt/platforms`), as served by GET /platforms. */
export type PlatformMediaInfo = MediaRules;
export interface ListPlatformsPayload {
  actor: Actor;
}
export interface ListConnectionsPayload {
  actor: Actor;
  brandId: string;
  page: PageQuery;
}
export type ConnectionPage = Page<Connection>;
export interface CreateConnectionPayload {
  actor: Actor;
  brandId: string;
  platform: string;
  displayName?: string;
  /** Secrets (tokens, passwords): encrypted at rest, never answered. */
  credentials?: Record<string, string>;
  /** Non-secret settings (instance URL, site URL, handle); the webhook channel's secret is moved to credentials. */
  config?: Record<string, string>;
}
export interface DeleteConnectionPayload {
  actor: Actor;
  connectionId: string;
}
/** PATCH /connections/{id}: the settings an editor may change (ADR 207). */
export interface UpdateConnectionPayload extends z.output<typeof UpdateConnectionShape> {
  actor: Actor;
  connectionId: string;
}
/** One board a Pinterest connection can see (ADR 207). */
export type Board = z.output<typeof BoardShape>;
export type BoardList = z.output<typeof BoardListShape>;
export interface ListBoardsPayload {
  actor: Actor;
  connectionId: string;
}
export interface OAuthStartPayload {
  actor: Actor;
  brandId: string;
  platform: string;
}
export interface OAuthStartResult {
  authorizeUrl: string;
}
/** From the platform's redirect: no actor, the state authenticates (it names who started it). */
export interface OAuthCallbackPayload {
  platform: string;
  state: string;
  code?: string;
  /** The platform's error (e.g. access_denied) when the user declined. */
  error?: string;
}
export type OAuthCallbackResult = { ok: true; platform: string; connection: Connection } | { ok: false; platform: string; error: string };

export interface ChannelTaskMap {
  [CHANNEL_TASKS.platforms]: TaskSpec<ListPlatformsPayload, PlatformInfo[]>;
  [CHANNEL_TASKS.listConnections]: TaskSpec<ListConnectionsPayload, ConnectionPage>;
  [CHANNEL_TASKS.createConnection]: TaskSpec<CreateConnectionPayload, Connection>;
  [CHANNEL_TASKS.deleteConnection]: TaskSpec<DeleteConnectionPayload, void>;
  [CHANNEL_TASKS.updateConnection]: TaskSpec<UpdateConnectionPayload, Connection>;
  [CHANNEL_TASKS.listBoards]: TaskSpec<ListBoardsPayload, BoardList>;
  [CHANNEL_TASKS.oauthStart]: TaskSpec<OAuthStartPayload, OAuthStartResult>;
  [CHANNEL_TASKS.oauthCallback]: TaskSpec<OAuthCallbackPayload, OAuthCallbackResult>;
}
export interface ChannelEventMap {
  [CHANNEL_EVENTS.connectionChanged]: ConnectionChangedEvent;
}
/** Fails to compile when a constant above has no entry in its map. */
export type ChannelMapsComplete = Expect<Covers<ChannelTaskMap, typeof CHANNEL_TASKS>> | Expect<Covers<ChannelEventMap, typeof CHANNEL_EVENTS>>;
