// Shared jest settings: ESM mode (yargs 18 is ESM-only, see style-and-deps.md),
// swc strips types, NodeNext-style "./x.js" imports map back to the .ts source.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      require.resolve('@swc/jest'),
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  reporters: ['default', path.join(__dirname, 'results-reporter.cjs')],
};
