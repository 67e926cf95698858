import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from './fastify-request';

/** The caller, as the access-token guard found it. */
export interface CurrentUserInfo {
  id: string;
  email: string;
  /** The session (refresh-token family) the access token belongs to; `pat:<id>` for a personal access token. */
  sessionId: string;
  /** Set when the caller authenticated with a personal access token (ADR 117). */
  token?: {
    id: string;
    scopes: readonly ('read' | 'write' | 'publish' | 'ai')[];
    brandIds: string[] | null;
    /** The token's own monthly AI budget (USD); null or absent: none. */
    aiBudgetUsd?: number | null;
  };
}

/** Routes anyone may call (register, login, refresh, health). Every other route needs a valid access token. */
export const IS_PUBLIC = 'mt:public';
/** Marks a public operation in the OpenAPI document; `withProblemResponses` turns it into `security: []`. */
export const PUBLIC_OPERATION_EXTENSION = 'x-mt-public';
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** Routes that run AI: their own, tighter rate limit. */
export const AI_ROUTE = 'mt:ai-route';
export const AiRoute = () => SetMetadata(AI_ROUTE, true);

/** Routes that publish or schedule posts: a personal access token needs the `publish` scope for them (ADR 117). */
export const PUBLISH_ROUTE = 'mt:publish-route';
export const PublishRoute = () => SetMetadata(PUBLISH_ROUTE, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUserInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
