/** Tests run the TypeScript sources through swc (with decorator metadata, which type-graphql needs). */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
    '/node_modules/uuid/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  // uuid 14 (thrift's, under the Parquet writer) ships only ES modules, which jest's CommonJS runtime cannot load.
  transformIgnorePatterns: ['/node_modules/(?!(thrift/node_modules/)?uuid/)'],
  setupFiles: ['reflect-metadata'],
  testMatch: ['<rootDir>/test/{unit,integration,http,browser}/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  // A worker whose heap a heavy suite left large (the 100 MB streaming and 10,000-package import
  // tests) is replaced before the next file, so that its collector pauses do not land in the
  // timing-sensitive tests (the event-loop bounds of the hostile-input suites).
  workerIdleMemoryLimit: '400MB',
};
