/**
 * A shop assistant plugin that runs unchanged on every transport: `order <number>` looks up an
 * order, `/help` says what the bot can do. It only answers the person who wrote (`ctx.reply`), so
 * it fits iLink's rules (direct messages, replies within the window) as well as Web WeChat's.
 * Use it from a config file:
 *
 *   plugins:
 *     - path: ./examples/shop-assistant/src/index.ts
 *       options: { orders: { "1001": shipped } }
 */
import { definePlugin } from '@wxbot/core';
import { z } from 'zod';

/** The plugin's options: order number → status (a real shop would call its order system). */
export const shopOptions = z.strictObject({
  orders: z.record(z.string().regex(/^\d+$/, 'order numbers are digits'), z.string().min(1)).default({}),
});

const ORDER = /^order\s+#?(\d{1,12})$/i;

/**
 * The shop assistant.
 *
 * @example
 * await bot.plugin(shopAssistant, { orders: { '1001': 'shipped' } });
 */
export const shopAssistant = definePlugin({
  name: 'shop-assistant',
  schema: shopOptions,
  setup(bot, options) {
    bot.command('help', async (ctx) => {
      await ctx.reply('Ask me: "hours", "returns", or "order <number>".');
    });
    bot.on('text', async (ctx, next) => {
      const number = ORDER.exec(ctx.text?.trim() ?? '')?.[1];
      if (number === undefined) return next();
      const status = options.orders[number];
      await ctx.reply(
        status === undefined
          ? `I can't find order ${number}; check the number on your receipt.`
          : `Order ${number}: ${status}.`,
      );
    });
  },
});

export default shopAssistant;
