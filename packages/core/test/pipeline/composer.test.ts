import { runInNewContext } from 'node:vm';
import { BotError } from '../../src/errors.js';
import type { Message } from '../../src/message/types.js';
import { Composer } from '../../src/pipeline/composer.js';
import { Context } from '../../src/pipeline/context.js';
import { isMentioned } from '../../src/pipeline/filters.js';
import { run } from '../../src/pipeline/middleware.js';
import { fakeApi, hikers, msg, text } from './helpers.js';

async function handle(composer: Composer, message: Message): Promise<Context> {
  const ctx = new Context(message, fakeApi());
  await run(composer.middleware(), ctx);
  return ctx;
}

describe('Composer routing', () => {
  test('use runs middleware in order, and stops when next() is not called', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.use(async (_ctx, next) => {
      seen.push('a');
      await next();
      seen.push('a-after');
    });
    bot.use(() => {
      seen.push('b');
    });
    bot.use(() => {
      seen.push('never');
    });
    await handle(bot, text('hi'));
    expect(seen).toEqual(['a', 'b', 'a-after']);
  });

  test('on(kind) and on([kinds]) route by message kind', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.on('text', (ctx, next) => {
      seen.push(`text:${ctx.message.text}`);
      return next();
    });
    bot.on(['image', 'video'], (ctx) => {
      seen.push(`media:${ctx.message.kind}:${ctx.message.size}`);
    });
    await handle(bot, text('hello'));
    await handle(bot, msg('image', { size: 10 }));
    await handle(bot, msg('video', { size: 20 }));
    await handle(bot, msg('voice'));
    expect(seen).toEqual(['text:hello', 'media:image:10', 'media:video:20']);
  });

  test('on(guard) uses a type guard', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.on(isMentioned, (ctx) => {
      seen.push(ctx.text);
    });
    await handle(bot, text('not for me', { chat: hikers }));
    await handle(bot, text('for me', { chat: hikers, isMentioned: true }));
    expect(seen).toEqual(['for me']);
  });

  test('filter, drop and branch pick the right path and continue with next', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.filter(
      (ctx) => ctx.isGroup,
      (_ctx, next) => {
        seen.push('group');
        return next();
      },
    );
    bot.drop(
      (ctx) => ctx.isGroup,
      (_ctx, next) => {
        seen.push('private');
        return next();
      },
    );
    bot.branch(
      async (ctx) => ctx.text === 'yes',
      (_ctx, next) => {
        seen.push('yes');
        return next();
      },
      (_ctx, next) => {
        seen.push('no');
        return next();
      },
    );
    bot.use(() => {
      seen.push('end');
    });
    await handle(bot, text('yes', { chat: hikers }));
    await handle(bot, text('maybe'));
    expect(seen).toEqual(['group', 'yes', 'end', 'private', 'no', 'end']);
  });

  test('a filter that does not match passes the message on', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.filter(
      () => false,
      () => {
        seen.push('filtered');
      },
    );
    bot.use(() => {
      seen.push('after');
    });
    await handle(bot, text('x'));
    expect(seen).toEqual(['after']);
  });

  test('router methods return the route composer, so more can be added to it', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    const texts = bot.on('text');
    texts.use((ctx) => {
      seen.push(ctx.message.text);
    });
    await handle(bot, text('routed'));
    await handle(bot, msg('image'));
    expect(seen).toEqual(['routed']);
  });
});

describe('hears and command', () => {
  test('hears(string) matches the whole trimmed text only', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.hears('ping', (ctx) => {
      seen.push(ctx.match[0]);
    });
    await handle(bot, text('  ping '));
    await handle(bot, text('ping pong'));
    await handle(bot, msg('image'));
    expect(seen).toEqual(['ping']);
  });

  test('hears(RegExp) exposes the match; an array of triggers tries each', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.hears([/^weather (\w+)$/i, 'forecast'], (ctx) => {
      seen.push(ctx.match[1] ?? ctx.match[0]);
    });
    await handle(bot, text('Weather Paris'));
    await handle(bot, text('forecast'));
    expect(seen).toEqual(['Paris', 'forecast']);
  });

  test('hears takes a RegExp made in another realm (a plugin loaded by jiti or in a vm context)', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    const foreign = runInNewContext('/^ping (\\d+)$/') as RegExp;
    expect(foreign instanceof RegExp).toBe(false);
    bot.hears(foreign, (ctx) => {
      seen.push(ctx.match[1] ?? '');
    });
    await handle(bot, text('ping 42'));
    expect(seen).toEqual(['42']);
  });

  test('hears works on quote replies too, and a /g RegExp matches every time', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.hears(/hi/g, (ctx) => {
      seen.push(ctx.text);
    });
    await handle(bot, msg('quote', { text: 'hi there', quotedText: 'x', quotedName: 'A' }));
    await handle(bot, text('hi again'));
    expect(seen).toEqual(['hi there', 'hi again']);
  });

  test('command parses name, prefix, args (quotes kept together) and rest', async () => {
    const bot = new Composer();
    const got: unknown[] = [];
    bot.command('weather', (ctx) => {
      got.push(ctx.command);
    });
    await handle(bot, text('/weather beijing "new york"  tomorrow'));
    await handle(bot, text('/WEATHER'));
    await handle(bot, text('/weatherman x'));
    await handle(bot, text('weather x'));
    await handle(bot, text('#weather x'));
    expect(got).toEqual([
      {
        name: 'weather',
        prefix: '/',
        args: ['beijing', 'new york', 'tomorrow'],
        rest: 'beijing "new york"  tomorrow',
      },
      { name: 'weather', prefix: '/', args: [], rest: '' },
    ]);
  });

  test('a command name may carry its own prefix; several names share one handler', async () => {
    const bot = new Composer();
    const got: string[] = [];
    bot.command(['#天气', '!w', 'weather'], (ctx) => {
      got.push(`${ctx.command.prefix}${ctx.command.name}:${ctx.command.args.join(',')}`);
    });
    await handle(bot, text('#天气 北京'));
    await handle(bot, text('!w a\u3000b'));
    await handle(bot, text('/weather'));
    await handle(bot, text('/天气 x'));
    expect(got).toEqual(['#天气:北京', '!w:a,b', '/weather:']);
  });

  test('bad command names and empty trigger lists are refused at registration', () => {
    const bot = new Composer();
    expect(() => bot.command('two words')).toThrow('must be one word');
    expect(() => bot.hears([])).toThrow('at least one');
  });
});

describe('errors and guards', () => {
  test('next() called twice throws a BotError that says so', async () => {
    const bot = new Composer();
    let after = 0;
    bot.use(async (_ctx, next) => {
      await next();
      await next();
    });
    bot.use(() => {
      after += 1;
    });
    const error = await handle(bot, text('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).code).toBe('NEXT_TWICE');
    expect((error as BotError).message).toMatch(/next\(\) was called twice/);
    expect(after).toBe(1);
  });

  test('errorBoundary catches inside, reports a BotError, and the chain goes on only if the handler says so', async () => {
    const seen: string[] = [];
    const bot = new Composer();
    bot.errorBoundary(
      (err, ctx, next) => {
        seen.push(`caught:${err.message}:${err.messageId === ctx.message.id}`);
        if (ctx.text === 'continue') return next();
        return undefined;
      },
      () => {
        throw new Error('boom');
      },
    );
    bot.use(() => {
      seen.push('after');
    });
    await handle(bot, text('stop'));
    await handle(bot, text('continue'));
    expect(seen).toEqual([
      'caught:middleware failed: boom:true',
      'caught:middleware failed: boom:true',
      'after',
    ]);
  });

  test('errors after the boundary are not caught by it', async () => {
    const bot = new Composer();
    const caught: string[] = [];
    bot.errorBoundary(
      (err) => {
        caught.push(err.message);
      },
      (_ctx, next) => next(),
    );
    bot.use(() => {
      throw new Error('outside');
    });
    await expect(handle(bot, text('x'))).rejects.toThrow('outside');
    expect(caught).toEqual([]);
  });

  test('use() after freeze() throws an error that explains why and what to do', async () => {
    const bot = new Composer();
    const route = bot.on('text');
    bot.freeze();
    expect(bot.frozen).toBe(true);
    expect(() => bot.use(() => undefined)).toThrow(/Cannot add middleware: the bot has already started/);
    expect(() => bot.hears('x')).toThrow(
      /Register middleware before calling start\(\), or put it in a plugin/,
    );
    // Composers made from a frozen one are frozen too.
    expect(() => route.use(() => undefined)).toThrow(BotError);
  });

  test('the chain is folded once: middleware() is stable and new middleware is picked up before freeze', async () => {
    const bot = new Composer();
    const fn = bot.middleware();
    const seen: string[] = [];
    bot.use((_c, next) => {
      seen.push('a');
      return next();
    });
    await run(fn, new Context(text('x'), fakeApi()));
    bot.use(() => {
      seen.push('b');
    });
    await run(fn, new Context(text('x'), fakeApi()));
    expect(bot.middleware()).toBe(fn);
    expect(seen).toEqual(['a', 'a', 'b']);
  });

  test('mount() adds removable middleware even after freeze', async () => {
    const bot = new Composer();
    bot.freeze();
    const seen: string[] = [];
    const remove = bot.mount(() => {
      seen.push('mounted');
    });
    await handle(bot, text('x'));
    remove();
    await handle(bot, text('x'));
    expect(seen).toEqual(['mounted']);
  });

  test('once the message was abandoned (signal aborted), next() does not run the rest', async () => {
    const controller = new AbortController();
    const bot = new Composer();
    const seen: string[] = [];
    bot.use(async (_ctx, next) => {
      controller.abort();
      await next();
    });
    bot.use(() => {
      seen.push('late');
    });
    await run(bot.middleware(), new Context(text('x'), fakeApi(), { signal: controller.signal }));
    expect(seen).toEqual([]);
  });
});
