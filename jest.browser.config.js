/**
 * `npm run test:browser`: the demo checkout driven in a real Chromium (Playwright), on the same
 * transform and PostgreSQL harness as jest.config.js. Not part of `npm test` (it needs a browser).
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
