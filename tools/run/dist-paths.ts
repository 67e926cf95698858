/**
 * For the compiled build (`npm run build` → dist/): maps the workspace aliases (@mt/messages,
 * @mt/ai, @mt/platforms, @mt/runtime, @mt/replicas) to their compiled entry points. Used by the container image:
 *   node -r ./dist/tools/run/dist-paths.js dist/apps/<app>/src/main.js
 */
import path from 'node:path';
import { register } from 'tsconfig-paths';

const distRoot = path.resolve(__dirname, '../..');
register({
  baseUrl: distRoot,
  paths: {
    '@mt/messages': ['libs/messages/src/index.js'],
    '@mt/ai': ['libs/ai/src/index.js'],
    '@mt/platforms': ['libs/ai/src/platforms.js'],
    '@mt/runtime': ['libs/runtime/src/index.js'],
    '@mt/replicas': ['libs/replicas/src/index.js'],
    '@mt/runtime/telemetry': ['libs/runtime/src/telemetry/index.js'],
  },
});
