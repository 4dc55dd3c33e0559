/**
 * One Jest run: unit specs beside the code (src/**\/*.spec.ts), services on PostgreSQL
 * (test/**\/*.service-spec.ts) and e2e over HTTP (test/**\/*.e2e-spec.ts),
 * all on a real PostgreSQL (TEST_DATABASE_URL, else an embedded server globalSetup starts).
 * Nest 12 ships ESM: @swc/jest transforms those packages too (docs/development.md §1).
 */
const esmPackages = [
  '@nestjs',
  'uid',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'load-esm',
  'toad-cache',
  '@standard-schema',
  'content-disposition',
];

const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const swcJs = {
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    // Services on PostgreSQL without HTTP (test/setup/test-services.ts).
    '<rootDir>/test/**/*.service-spec.ts',
    // The chaos soak's pure checks (npm run chaos).
    '<rootDir>/scripts/chaos/*.spec.ts',
    // The Toss sandbox package's own tests (also run alone: npm test -w toss-sandbox).
    '<rootDir>/packages/*/src/**/*.spec.ts',
    '<rootDir>/packages/*/test/**/*.e2e-spec.ts',
  ],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcTs],
    '^.+\\.m?js$': ['@swc/jest', swcJs],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // In-process the package runs from its sources (child processes run its dist/: npm test builds it first).
    '^toss-sandbox$': '<rootDir>/packages/toss-sandbox/src/index.ts',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
