// Lets `node --import ./bench/register.mjs bench/x.ts` run this package's TypeScript sources
// without a build: .ts files are compiled with swc on load, `./x.js` imports find `./x.ts`.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
