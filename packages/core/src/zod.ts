/**
 * `@wxbot/core/zod`: the copy of zod that the wxbot packages use at run time, bundled into one file
 * (zod's own build is ~95 modules, a third of the CLI's module loading). The CLI, the console and
 * the bundled plugins import it from here, so they load zod once; a plugin may too, to share that
 * copy. A plugin that imports `zod` itself works the same: zod v4 keeps its registry and config on
 * `globalThis` and checks `instanceof` by traits, so schemas from either copy mix.
 *
 * @example
 * import { z } from '@wxbot/core/zod';
 * const schema = z.object({ greeting: z.string().default('hi') });
 */
export * from 'zod';
