#!/usr/bin/env node
// A committed launcher, so package managers can link the `wxbot` command before dist/ is built.
import('../dist/bin.js').catch((err) => {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    console.error(
      'wxbot: this copy of @wxbot/cli is not built yet; run `pnpm build` in the repository first.',
    );
    process.exit(1);
  }
  throw err;
});
