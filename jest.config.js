/** Jest runs TypeScript sources directly (swc, native ESM); workspace packages resolve to their src. */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@wxbot/testing$': '<rootDir>/packages/testing/src/index.ts',
    '^@wxbot/simulator$': '<rootDir>/packages/simulator/src/index.ts',
    '^@wxbot/core/internal$': '<rootDir>/packages/core/src/internal.ts',
    '^@wxbot/core/zod$': '<rootDir>/packages/core/src/zod.ts',
    '^@wxbot/core$': '<rootDir>/packages/core/src/index.ts',
    '^@wxbot/ilink$': '<rootDir>/packages/ilink/src/index.ts',
    '^@wxbot/console$': '<rootDir>/packages/console/src/index.ts',
    '^@wxbot/cli$': '<rootDir>/packages/cli/src/index.ts',
    '^@wxbot/plugin-autoreply$': '<rootDir>/packages/plugin-autoreply/src/index.ts',
    '^@wxbot/plugin-logger$': '<rootDir>/packages/plugin-logger/src/index.ts',
    '^@wxbot/plugin-llm$': '<rootDir>/packages/plugin-llm/src/index.ts',
    '^create-wxbot$': '<rootDir>/packages/create-wxbot/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/examples/*/test/**/*.test.ts',
    '<rootDir>/bench/test/**/*.test.ts',
  ],
  // A cap for a hung test, not a speed goal: CI runs beside CPU-burning processes on 2 cores, where a
  // test that takes 3 s on a quiet machine can take 20.
  testTimeout: 60000,
  // A leaked keep-alive socket or timer in one suite must never hang CI; leaks are hunted with --detectOpenHandles.
  forceExit: true,
  // Each test file re-imports the sources in its worker and jest keeps the old module registries reachable
  // for a while: a worker reached 1.1 GB of heap mid-run in CI. Recycle a worker past 1 GB between files.
  workerIdleMemoryLimit: '1GB',
};
