import base from './jest.config.js';

/**
 * The pack-and-install tests (`pnpm test:pack`): every package packed, installed from the tarballs
 * with npm outside the repository, and run there; `create-wxbot`'s project tested the same way.
 * They need `pnpm build` first and the npm registry, so they are not part of `pnpm test`.
 */
export default {
  ...base,
  testMatch: ['<rootDir>/tools/pack-test/**/*.test.ts'],
  testTimeout: 600_000,
};
