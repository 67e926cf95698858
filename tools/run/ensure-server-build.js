#!/usr/bin/env node
'use strict';
/*
 * Before `npm start`, `npm run start:all` and `npm run start:<app>`: compiles the server (dist/) when
 * there is no build or a source is newer than it; a no-op otherwise (ADR 192). The apps then run
 * compiled, without a TypeScript compiler in every process.
 */
const { ensureServerBuild } = require('./server-build');

process.exit(ensureServerBuild() ? 0 : 1);
