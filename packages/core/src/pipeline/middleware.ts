import { BotError } from '../errors.js';
import type { Context } from './context.js';

/** Calls the rest of the chain; resolves when it is done. Call it at most once. */
export type NextFunction = () => Promise<void>;

/**
 * The one middleware shape: do something with `ctx`, call `next()` to let the rest of the
 * chain run (or don't, to stop here).
 *
 * @example
 * const timing: MiddlewareFn<Context> = async (ctx, next) => {
 *   const start = Date.now();
 *   await next();
 *   ctx.bot.logger.debug({ ms: Date.now() - start }, 'handled');
 * };
 */
export type MiddlewareFn<C extends Context = Context> = (ctx: C, next: NextFunction) => unknown;

/** Anything that can hand out a middleware function, such as a {@link Composer}. */
export interface MiddlewareObj<C extends Context = Context> {
  middleware(): MiddlewareFn<C>;
}

/** A middleware function or an object that has one. */
export type Middleware<C extends Context = Context> = MiddlewareFn<C> | MiddlewareObj<C>;

/** Middleware that only calls `next`. */
export const pass: MiddlewareFn<Context> = (_ctx, next) => next();

/** The function behind a middleware (or middleware object). */
export function flatten<C extends Context>(middleware: Middleware<C>): MiddlewareFn<C> {
  return typeof middleware === 'function' ? middleware : middleware.middleware();
}

/**
 * `first`, then (when it calls `next`) `andThen`. The single fold step of the pipeline:
 * it is where "`next` called twice" is caught, and where work stops once a message
 * has been abandoned (its deadline passed).
 */
export function concat<C extends Context>(first: MiddlewareFn<C>, andThen: MiddlewareFn<C>): MiddlewareFn<C> {
  return async (ctx, next) => {
    let called = false;
    await first(ctx, async () => {
      if (called) {
        throw new BotError(
          'next() was called twice in one middleware: the rest of the chain would run twice; ' +
            'call next() once (and await it)',
          { code: 'NEXT_TWICE', messageId: ctx.message.id },
        );
      }
      called = true;
      if (ctx.signal.aborted) return;
      await andThen(ctx, next);
    });
  };
}

/** Fold a list of middleware into one function (done once, not per message). */
export function fold<C extends Context>(list: readonly Middleware<C>[]): MiddlewareFn<C> {
  return list.map((mw) => flatten(mw)).reduce<MiddlewareFn<C>>(concat, pass);
}

/** Run middleware on a context with an empty tail. */
export async function run<C extends Context>(middleware: MiddlewareFn<C>, ctx: C): Promise<void> {
  await concat(middleware, pass)(ctx, () => Promise.resolve());
}

/** Wrap anything thrown by middleware as a {@link BotError} (kept as is if it already is one). */
export function toBotError(error: unknown, ctx: Context | undefined, plugin?: string): BotError {
  if (error instanceof BotError && (plugin === undefined || error.plugin !== undefined)) return error;
  const what = error instanceof Error ? error.message : String(error);
  const where = plugin === undefined ? 'middleware' : `plugin "${plugin}"`;
  const base = { cause: error, code: error instanceof BotError ? error.code : 'MIDDLEWARE' };
  return new BotError(`${where} failed: ${what}`, {
    ...base,
    ...(plugin === undefined ? {} : { plugin }),
    ...(ctx === undefined ? {} : { messageId: ctx.message.id }),
  });
}
