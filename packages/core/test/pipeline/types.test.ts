// Type-level tests: `tsc -p tsconfig.test.json` checks them; each `@ts-expect-error` must stay an error.

import * as z from 'zod';
import type { ImageMessage, TextMessage } from '../../src/message/types.js';
import { Composer } from '../../src/pipeline/composer.js';
import type { Context } from '../../src/pipeline/context.js';
import { isGroup, isKind, isMentioned, isText } from '../../src/pipeline/filters.js';
import { definePlugin } from '../../src/pipeline/plugin.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_proof: T): void {}

const bot = new Composer();

bot.on('text', (ctx) => {
  const body: string = ctx.message.text; // no cast, no `?.`
  const clean: string = ctx.text; // text kinds give a string ctx.text
  expectType<Equal<typeof ctx.message, TextMessage>>(true);
  return body + clean;
});

bot.on(['image', 'video'], (ctx) => {
  const size: number = ctx.message.size;
  // @ts-expect-error images and videos have no text
  ctx.message.text;
  return size;
});

bot.on(isText, (ctx) => ctx.message.text.length);
bot.on(isKind('image'), (ctx) => {
  expectType<Equal<typeof ctx.message.kind, ImageMessage['kind']>>(true);
  return ctx.message.md5;
});
bot.on(isMentioned, (ctx) => ctx.text.trim());
bot.filter(isGroup, (ctx) => ctx.room.name);
bot.filter(
  (ctx) => ctx.isGroup,
  (ctx) => {
    // @ts-expect-error a boolean predicate does not narrow
    ctx.room.name;
  },
);

bot.hears(/^hi (\w+)$/, (ctx) => ctx.match[1]?.toUpperCase() ?? ctx.text);
bot.command('weather', (ctx) => ctx.command.args.join(' '));

// Routes chain: the narrowed type carries on.
bot.on('text').hears('x', (ctx) => ctx.message.fullText);

// @ts-expect-error not a message kind
bot.on('txt', () => undefined);

bot.use((ctx) => {
  // @ts-expect-error ctx.text may be undefined before narrowing
  ctx.text.length;
});

// Flavors by intersection.
interface SessionFlavor {
  session: { count: number };
}
const flavored = new Composer<Context & SessionFlavor>();
flavored.on('text', (ctx) => {
  ctx.session.count += ctx.message.text.length;
});

// Plugin options are typed from the schema.
const typed = definePlugin({
  name: 'typed',
  schema: z.object({ greeting: z.string().default('hi'), times: z.number() }),
  setup(pluginBot, options) {
    expectType<Equal<typeof options, { greeting: string; times: number }>>(true);
    pluginBot.on('text', (ctx) => ctx.reply(options.greeting.repeat(options.times)));
  },
});
const untyped = definePlugin({ name: 'untyped', setup: () => undefined });

test('type-level checks compile (this file is checked by tsc)', () => {
  expect(typed.name).toBe('typed');
  expect(untyped.schema).toBeUndefined();
});
