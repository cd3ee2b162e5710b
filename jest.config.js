/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Each test file gets its own database (test/helpers/database.ts), so workers run in parallel.
  maxWorkers: 2,
  testTimeout: 60000,
};
