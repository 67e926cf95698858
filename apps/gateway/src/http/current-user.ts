import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** The caller, as the access-token guard found it. */
export interface CurrentUserInfo {
  id: string;
  email: string;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string;
}

declare module 'express' {
  interface Request {
    user?: CurrentUserInfo;
  }
}

/** Routes anyone may call (register, login, refresh, health). Every other route needs a valid access token. */
export const IS_PUBLIC = 'mt:public';
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Routes that run AI: their own, tighter rate limit. */
export const AI_ROUTE = 'mt:ai-route';
export const AiRoute = () => SetMetadata(AI_ROUTE, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUserInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
