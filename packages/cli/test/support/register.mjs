// Runs the CLI from its TypeScript sources without a build (used by the pseudo-terminal test):
//   node --import ./packages/cli/test/support/register.mjs packages/cli/src/bin.ts chat --sandbox
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
