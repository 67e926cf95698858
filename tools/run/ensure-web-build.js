#!/usr/bin/env node
/* Builds the web app (apps/web/dist) before `npm start` when no build is there yet; a no-op otherwise. */
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
if (existsSync(path.join(root, 'apps/web/dist/index.html'))) process.exit(0);
console.log('web: apps/web/dist is missing, building the web app (npm run build:web)…');
const r = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
