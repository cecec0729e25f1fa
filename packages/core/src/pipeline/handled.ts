import type { Context } from './context.js';

// Keyed by the context object: the mark lives exactly as long as the message's context.
const marks = new WeakMap<Context, string>();

/**
 * Marks a message as answered by a plugin, so plugins that only answer what nobody else did
 * (an AI fallback) can stay out. The first mark wins.
 *
 * @example
 * await ctx.reply('pong');
 * markHandled(ctx, 'autoreply');
 */
export function markHandled(ctx: Context, by: string): void {
  if (!marks.has(ctx)) marks.set(ctx, by);
}

/**
 * The name of the plugin that answered this message, or `undefined` when none said so.
 *
 * @example
 * await next();
 * if (handledBy(ctx) === undefined) await ctx.reply(await askModel(ctx.text));
 */
export function handledBy(ctx: Context): string | undefined {
  return marks.get(ctx);
}
