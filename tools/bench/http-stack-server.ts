/**
 * The servers `npm run bench:http-stack` compares, one per process, each answering
 * GET /health/live with {"status":"ok"} and printing its port on stdout:
 *   node tools/bench/http-stack-server.ts raw       plain node:http
 *   … express | fastify                             a minimal Nest 11 app, one controller, on that adapter
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller('health')
class LiveController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [LiveController] })
class LiveModule {}

async function main(kind: string) {
  if (kind === 'raw') {
    const body = JSON.stringify({ status: 'ok' });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
    return;
  }
  if (kind === 'express') {
    const app = await NestFactory.create(LiveModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    process.stdout.write(`${(app.getHttpServer().address() as AddressInfo).port}\n`);
    return;
  }
  if (kind === 'fastify') {
    // Loaded only here: the gateway itself runs on Express.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { FastifyAdapter } = require('@nestjs/platform-fastify') as typeof import('@nestjs/platform-fastify');
    const app = await NestFactory.create(LiveModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    process.stdout.write(`${(app.getHttpServer().address() as AddressInfo).port}\n`);
    return;
  }
  throw new Error(`unknown server kind ${kind}: raw, express or fastify`);
}

// A normal exit on SIGTERM / SIGINT, so that `--cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));

main(process.argv[2] ?? 'raw').catch((err) => {
  process.stderr.write(`http-stack-server failed: ${(err as Error).message}\n`);
  process.exit(1);
});
