import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessTokenVerifier } from '../services/access-token.verifier';
import { IS_PUBLIC } from './current-user';

/**
 * Global (APP_GUARD): every HTTP route needs a valid access token unless it is marked @Public().
 * Secure by default — a new route cannot be forgotten. Mesh handlers of the gateway are not HTTP
 * and pass through.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    req.user = await this.verifier.fromAuthorization(req.headers.authorization);
    if (req.logScope && req.user) req.logScope.userId = req.user.id;
    return true;
  }
}
