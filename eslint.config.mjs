import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The dependency rules of docs/architecture.md ("Dependencies"). ESLint's flat config replaces a rule's
 * options rather than merging them, so each directory below gets one entry naming all its bans.
 */
const HTTP_EXCEPTIONS = {
  group: ['@nestjs/common'],
  importNamePattern: '^(HttpException|HttpStatus|[A-Za-z]+Exception)$',
  message:
    'Throw a domain error (@app/event-sourcing: DomainError, Forbidden, NotFound, InvalidRequest…); the error filter in @app/platform maps it to HTTP.',
};
const NO_PLATFORM = {
  group: ['@app/platform', '@app/platform/*', '**/platform/src', '**/platform/src/**'],
  message:
    '@app/platform is the HTTP kit and the composition root: take Actor, Role, RequestContext, dates and ids from @app/kernel, executeOptions and domain errors from @app/event-sourcing.',
};
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  // apps/api/src/metadata.ts is written by the @nestjs/swagger plugin's generator (npm run openapi:metadata).
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', '**/*.js', '**/*.mjs', 'apps/api/src/metadata.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The shared kernel is the bottom of the house: it imports nothing but its own files.
    files: ['libs/kernel/**/*.ts'],
    rules: restrictImports({
      regex: '^(?!\\./)',
      message: '@app/kernel imports nothing: not the repository, not a framework.',
    }),
  },
  {
    files: [
      'libs/agencies/**/*.ts',
      'libs/cases/**/*.ts',
      'libs/audit/**/*.ts',
      'libs/statistics/**/*.ts',
      'libs/personal-data/**/*.ts',
      'libs/event-sourcing/**/*.ts',
      'libs/event-store/**/*.ts',
      'libs/read-store/**/*.ts',
    ],
    rules: restrictImports(HTTP_EXCEPTIONS, NO_PLATFORM),
  },
);
