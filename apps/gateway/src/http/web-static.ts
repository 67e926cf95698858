import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';

/** Where `npm run build:web` writes the web app (apps/web/dist). */
export const WEB_DIST_DIR = path.resolve(__dirname, '../../../web/dist');

/** Paths that belong to the API, operations and short links (`/l/{code}`), never to the web app. */
const NOT_WEB = /^\/(api|health|metrics|l)(\/|$)/;

/**
 * Serves the built web app at `/`: hashed assets with a year-long immutable cache, index.html
 * (never cached, so a deploy is picked up at once) for every other GET that asks for text/html, so
 * client-side routes survive a reload. API, health and metrics paths pass through untouched.
 * A missing build is looked for again on each request, so building after start-up works.
 */
export function serveWebApp(app: INestApplication, distDir: string = WEB_DIST_DIR): void {
  const server = app.getHttpAdapter().getInstance() as Express;
  const assets = express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true });
  const files = express.static(distDir, { index: false, maxAge: 0, fallthrough: true });
  const indexFile = path.join(distDir, 'index.html');

  server.use((req: Request, res: Response, next: NextFunction) => {
    if (NOT_WEB.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (req.path.startsWith('/assets/')) {
      req.url = req.url.slice('/assets'.length);
      return assets(req, res, () => {
        req.url = '/assets' + req.url;
        next();
      });
    }
    return files(req, res, () => {
      // Browsers navigating send text/html explicitly; API clients (Accept: */* or JSON) keep their 404 problem.
      if (!(req.headers.accept ?? '').includes('text/html') || !existsSync(indexFile)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexFile);
    });
  });
}
