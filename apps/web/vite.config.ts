import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * One config for the build (served by the gateway at /) and the component tests.
 * JSX goes through Vite's own transform (no React plugin: see docs/adr/040); the build emits
 * no inline script, so the gateway's CSP (script-src 'self') holds.
 */
export default defineConfig({
  root,
  base: '/',
  resolve: {
    // Shapes shared with the API come from the libraries by name, never by a relative climb out of the app (ADR 169).
    alias: [
      { find: /^@mt\/contracts\//, replacement: fileURLToPath(new URL('../../libs/messages/src/contracts/', import.meta.url)) },
      { find: /^@mt\/platforms$/, replacement: fileURLToPath(new URL('../../libs/ai/src/platforms.ts', import.meta.url)) },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [
    {
      // The built-in engine notice links "how to connect a model": ship that page with the app.
      name: 'ship-ai-docs',
      apply: 'build',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: 'docs/ai.md', source: readFileSync(new URL('../../docs/ai.md', import.meta.url)) });
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The budget that matters is gzipped initial JS (npm run bench:web, ≤ 300 KB); this only quiets the raw-size hint.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // Mantine marks its modules "use client" (a React Server Components hint with no meaning in a SPA).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `vite --config apps/web/vite.config.ts` during development: the API comes from `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    pool: 'threads',
    isolate: false,
    maxWorkers: 2,
    // The machine is shared: a whole-app render can take seconds under load; a real hang still fails.
    testTimeout: 60_000,
  },
});
