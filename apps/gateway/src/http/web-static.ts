import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { pathOf } from './fastify-request';

/**
 * Where the web app's build is: beside the gateway's code (apps/web/dist from the sources; in the
 * container image the build is copied to dist/apps/web/dist). The compiled build run in a checkout
 * (`npm start`, ADR 192) has none beside it and serves the checkout's apps/web/dist, where
 * `npm run build:web` writes it.
 */
export function webDistDir(here: string = __dirname): string {
  const beside = path.resolve(here, '../../../web/dist');
  const compiledIn = /[\\/]dist[\\/]apps[\\/]gateway[\\/]src[\\/]http$/.exec(here);
  if (!compiledIn || existsSync(beside)) return beside;
  return path.resolve(here.slice(0, compiledIn.index), 'apps/web/dist');
}

export const WEB_DIST_DIR = webDistDir();

/** Paths that belong to the API, operations and short links (`/l/{code}`), never to the web app. */
const NOT_WEB = /^\/(api|health|metrics|l)(\/|$)/;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The file a request path names inside `root`, or null (none, a directory, a dotfile, or outside it). */
function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const full = path.join(root, decoded);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    return statSync(full).isFile() ? path.relative(root, full) : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built web app at `/`: hashed assets with a year-long immutable cache, index.html
 * (never cached, so a deploy is picked up at once) for every other GET that asks for text/html, so
 * client-side routes survive a reload. API, health and metrics paths pass through untouched.
 * A missing build is looked for again on each request, so building after start-up works.
 * An `onRequest` hook with @fastify/static's `sendFile` (ADR 165): no route, so the API's 404s stay problems.
 */
export function serveWebApp(app: INestApplication, distDir: string = WEB_DIST_DIR): void {
  const indexFile = path.join(distDir, 'index.html');
  const assetsDir = path.join(distDir, 'assets');
  void (app as NestFastifyApplication).register(fastifyStatic, { root: distDir, serve: false });
  const server = app.getHttpAdapter().getInstance() as FastifyInstance;
  server.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const urlPath = pathOf(req);
    if (NOT_WEB.test(urlPath) || (req.method !== 'GET' && req.method !== 'HEAD')) return done();
    if (urlPath.startsWith('/assets/')) {
      const asset = fileIn(assetsDir, urlPath.slice('/assets'.length));
      if (!asset) return done();
      void reply.sendFile(asset, assetsDir, { immutable: true, maxAge: YEAR_MS });
      return;
    }
    const file = fileIn(distDir, urlPath);
    if (file) {
      void reply.sendFile(file, distDir, { maxAge: 0 });
      return;
    }
    // Browsers navigating send text/html explicitly; API clients (Accept: */* or JSON) keep their 404 problem.
    if (!(req.headers.accept ?? '').includes('text/html') || !existsSync(indexFile)) return done();
    reply.header('Cache-Control', 'no-cache');
    void reply.sendFile('index.html', distDir, { cacheControl: false });
  });
}
