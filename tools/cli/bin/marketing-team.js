#!/usr/bin/env node
'use strict';
// The `marketing-team` command (package.json "bin").
// - In a checkout (dev dependencies installed): the TypeScript sources through the workspace's own
//   compiler hook, with the workspace's tsconfig wherever the command is started from.
// - In a production install or the container image (no dev dependencies, `npm run build` done): the
//   compiled build in dist/, with the workspace aliases mapped as the apps' own start does.
// MT_CLI_COMPILED=1 picks the compiled build even where the hook is installed (ADR 139).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const compiled = path.join(root, 'dist/tools/cli/marketing-team.js');

function hookInstalled() {
  try {
    require.resolve('@swc-node/register', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

if (process.env.MT_CLI_COMPILED !== '1' && hookInstalled()) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  require('../marketing-team.ts');
} else if (fs.existsSync(compiled)) {
  require(path.join(root, 'dist/tools/run/dist-paths.js'));
  require(compiled);
} else {
  process.stderr.write(`marketing-team: no compiled build at ${compiled}; run \`npm run build\` (or install the dev dependencies)\n`);
  process.exit(1);
}
