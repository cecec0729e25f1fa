// `node --import ./register.mjs child-bot.ts`: runs core's TypeScript sources without a build
// (nobody may run the build while others edit): .ts compiled by swc on load, `./x.js` finds `./x.ts`,
// `@wxbot/core` is core's src/index.ts.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
