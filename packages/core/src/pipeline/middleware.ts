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

/** The settled promise `next()` returns when the rest of the chain finished synchronously. */
export const DONE: Promise<void> = Promise.resolve();

/** True for promises and promise-like values. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

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
 *
 * No promise is made on the way: when the rest of the chain finishes synchronously, `next()`
 * returns the shared settled promise {@link DONE}, so a chain of plain functions runs as plain calls.
 */
export function concat<C extends Context>(first: MiddlewareFn<C>, andThen: MiddlewareFn<C>): MiddlewareFn<C> {
  return (ctx, next) => {
    let called = false;
    return first(ctx, () => {
      if (called) {
        return Promise.reject(
          new BotError(
            'next() was called twice in one middleware: the rest of the chain would run twice; ' +
              'call next() once (and await it)',
            { code: 'NEXT_TWICE', messageId: ctx.message.id },
          ),
        );
      }
      called = true;
      if (ctx.aborted) return DONE;
      let result: unknown;
      try {
        result = andThen(ctx, next);
      } catch (error) {
        return Promise.reject(error);
      }
      if (!isThenable(result)) return DONE;
      return result instanceof Promise ? (result as Promise<void>) : Promise.resolve(result).then(ignore);
    });
  };
}

function ignore(): void {}

const END: NextFunction = () => DONE;

/** Fold a list of middleware into one function (done once, not per message). */
export function fold<C extends Context>(list: readonly Middleware<C>[]): MiddlewareFn<C> {
  return list.map((mw) => flatten(mw)).reduce<MiddlewareFn<C>>(concat, pass);
}

/**
 * Run middleware on a context with an empty tail. Returns a promise when some middleware was
 * asynchronous, `undefined` when the whole chain ran synchronously (it throws then, instead of
 * rejecting). Await it either way.
 */
export function runChain<C extends Context>(middleware: MiddlewareFn<C>, ctx: C): unknown {
  return middleware(ctx, END);
}

/** Run middleware on a context with an empty tail. */
export async function run<C extends Context>(middleware: MiddlewareFn<C>, ctx: C): Promise<void> {
  await concat(middleware, pass)(ctx, END);
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

/** What a {@link boundary} does with an error: report it, and call `next` to let the chain go on. */
export type BoundaryHandler<C extends Context> = (error: unknown, ctx: C, next: NextFunction) => unknown;

/**
 * The one error boundary of the pipeline (`composer.errorBoundary()` and every plugin's slot):
 * runs `inner`; a throw or rejection goes to `onError` instead of up the chain. The middleware
 * after the boundary runs only when `inner` (or `onError`) called its `next` and the message was
 * not abandoned. Plain functions stay plain calls: no promise is made unless `inner` returns one.
 *
 * @example
 * const safe = boundary(risky, (err, ctx, next) => { report(err); return next(); });
 */
export function boundary<C extends Context>(
  inner: MiddlewareFn<C>,
  onError: BoundaryHandler<C>,
  hooks: { readonly enter?: (ctx: C) => void; readonly exit?: (ctx: C) => void } = {},
): MiddlewareFn<C> {
  return (ctx, next) => {
    let proceed = false;
    const mark = () => {
      proceed = true;
      return DONE;
    };
    const onward = () => (proceed && !ctx.aborted ? next() : undefined);
    const finish = () => {
      hooks.exit?.(ctx);
      return onward();
    };
    const failed = (error: unknown) => {
      proceed = false;
      hooks.exit?.(ctx);
      const handled = onError(error, ctx, mark);
      return isThenable(handled) ? Promise.resolve(handled).then(onward) : onward();
    };
    hooks.enter?.(ctx);
    let result: unknown;
    try {
      result = inner(ctx, mark);
    } catch (error) {
      return failed(error);
    }
    // DONE: `inner` finished synchronously (its own `next()` returned the settled promise).
    return result === DONE || !isThenable(result) ? finish() : Promise.resolve(result).then(finish, failed);
  };
}
