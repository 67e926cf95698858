import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import Fastify from 'fastify';
import { installProtection, ProtectionGuard } from './protection.guard';

describe('installProtection (ADR 219)', () => {
  class BrandsController {
    list() {
      return [];
    }
  }
  const checked: string[] = [];
  const guard = {
    check: (ctx: { getClass(): unknown; getHandler(): unknown; switchToHttp(): { getRequest(): { url: string } } }) => {
      checked.push(`${(ctx.getClass() as { name: string }).name}.${(ctx.getHandler() as { name: string }).name} ${ctx.switchToHttp().getRequest().url}`);
      return true as const;
    },
  };
  const app = {
    get: (token: unknown) => (token === ModulesContainer ? new Map() : token === ProtectionGuard ? guard : undefined),
  } as unknown as INestApplication;
  const server = Fastify();
  installProtection(app, server);
  const target = { 'mt:route-target': { controller: BrandsController, handler: BrandsController.prototype.list } };
  server.get('/api/v1/brands', { config: target }, async () => ({ ok: true }));
  server.get('/api/v1/escaped', async () => ({ served: true }));
  server.get('/api/docs-json', async () => ({ openapi: '3.0.0' }));
  // As @fastify/cors registers its preflight route: a wildcard, whose handler sends a 404 when CORS is off.
  server.options('*', async (_req, reply) => reply.code(404).send({ status: 404 }));
  beforeAll(() => server.ready());
  afterAll(() => server.close());

  it('checks a controller route with its controller and method before the handler', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/brands' });
    expect(res.statusCode).toBe(200);
    expect(checked).toEqual(['BrandsController.list /api/v1/brands']);
  });

  it('refuses a route under /api/v1/ that has no controller target instead of serving it unchecked', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/escaped' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('"served":true');
  });

  it('leaves routes outside the API (the OpenAPI document) and unmatched requests alone', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/docs-json' })).statusCode).toBe(200);
    expect((await server.inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
  });

  it("lets a plugin's wildcard route answer a request under /api/v1/ (a preflight gets its 404, not a 500)", async () => {
    expect((await server.inject({ method: 'OPTIONS', url: '/api/v1/brands' })).statusCode).toBe(404);
  });
});
