// ESLint (flat config): typescript-eslint's recommended rules for the server code, tools and tests,
// and the boundaries between apps as lint rules (ADR 136). Formatting is Prettier's (eslint-config-prettier
// turns off every rule that would argue with it). `npm run lint`; .ci/run runs it before the tests.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['gateway', 'auth-agent', 'brand-agent', 'strategy-agent', 'creation-agent', 'publishing-agent'];

/** An app talks to another only through the mesh contracts in libs/messages: never by importing its code. */
const appBoundaries = APPS.map((app) => ({
  files: [`apps/${app}/src/**/*.ts`],
  ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: APPS.filter((other) => other !== app).flatMap((other) => [`**/apps/${other}/**`, `**/${other}/src/**`]),
            message: 'Apps do not import each other: send a task or publish an event through the contracts in libs/messages (ADR 134).',
          },
          { group: ['**/test/**', '**/testing/**'], message: 'Production code does not import test support.' },
        ],
      },
    ],
  },
}));

/** The libraries are below the apps: they never import an app. */
const libBoundaries = {
  files: ['libs/*/src/**/*.ts'],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**'], message: 'Libraries do not import apps (ADR 134).' }] }],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/web/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // The code base uses `any` at library seams (raw SQL rows, decorators' metadata); each is local.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // NestJS modules and DTOs are classes with decorators and no members of their own.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  ...appBoundaries,
  libBoundaries,
  prettier,
);
