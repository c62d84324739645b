/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // Rewriting the aliases at compile time also covers the global setup, which Jest's
      // moduleNameMapper does not reach.
      baseUrl: __dirname,
      paths: { '@app/cases/testing': ['libs/cases/src/testing/case-fixtures'], '@app/*': ['libs/*/src'] },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 and a few of its dependencies ship only ESM, which Jest's loader cannot require.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|token-types|strtok3|@borewit|uint8array-extras|@tokenizer|jose)/)',
  ],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
