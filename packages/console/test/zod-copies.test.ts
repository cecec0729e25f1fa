import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';
import { z } from 'zod';
import { jsonSchemaOf } from '../src/index.js';

// The built wxbot packages share the zod bundled in core (`@wxbot/core/zod`, scripts/bundle.mjs);
// a user's plugin may bring its own copy of zod. The console draws a plugin's form from the plugin's
// schema with its own copy's toJSONSchema: a schema made by the other copy must give the same form.
// Uses core's build (`pnpm build`), like the CLI tests that run dist/bin.js.
const BUNDLED_ZOD = fileURLToPath(new URL('../../core/dist/zod.js', import.meta.url));

const optionsOf = (zod: typeof z) =>
  zod.object({
    greeting: zod.string().min(2).describe('what to say'),
    times: zod.number().int().min(1).default(1),
    mode: zod.enum(['private', 'group']).optional(),
  });

test('a plugin schema made by another copy of zod draws the same form', async () => {
  const other = ((await import(pathToFileURL(BUNDLED_ZOD).href)) as typeof import('zod')).z;
  // Really two copies, each with its own classes.
  expect(other).not.toBe(z);
  expect(other.ZodObject).not.toBe(z.ZodObject);

  const own = jsonSchemaOf(optionsOf(z));
  expect(own).toMatchObject({
    type: 'object',
    properties: {
      greeting: { type: 'string', minLength: 2, description: 'what to say' },
      times: { type: 'integer', default: 1 },
      mode: { enum: ['private', 'group'] },
    },
    required: ['greeting'],
  });
  expect(jsonSchemaOf(optionsOf(other))).toEqual(own);
});
