// Run the workspace's TypeScript sources with plain Node, no build:
//   node --import ./tools/ts-run/register.mjs packages/cli/src/bin.ts start --sandbox
// Used by the tests that spawn child processes (kill -9, pseudo-terminal) and by small benches.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
