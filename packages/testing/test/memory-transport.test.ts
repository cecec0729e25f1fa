import { CapabilityError } from '@wxbot/core';
import { createAutoreplyPlugin } from '@wxbot/plugin-autoreply';
import { createLoggerPlugin } from '@wxbot/plugin-logger';
import { createTestBot, type MemoryTestBot, MemoryWorld } from '@wxbot/testing';
import { LogLines } from './helpers.js';

// The same plugins and the same test kit on a second transport: proof that the runtime knows no
// protocol. The memory transport is iLink-like (direct messages only, a reply window, 10 per turn).

describe('the memory transport through the test kit', () => {
  let kit: MemoryTestBot;
  const out = new LogLines();

  beforeAll(async () => {
    kit = await createTestBot({
      transport: 'memory',
      pacing: false,
      setup: async (bot) => {
        await bot.plugin(createAutoreplyPlugin(), {
          rules: [
            { name: 'ping', match: 'ping', reply: 'pong' },
            { name: 'hello', match: { startsWith: 'hello' }, reply: 'hello {sender}' },
          ],
        });
        await bot.plugin(createLoggerPlugin({ stream: out }), { level: 'info' });
        bot.hears('burst', async (ctx) => {
          for (let i = 1; i <= 11; i++) await ctx.reply(`part ${i}`);
        });
        bot.hears('video please', (ctx) => ctx.reply({ video: { data: new Uint8Array(4), name: 'v.mp4' } }));
      },
    });
  });
  afterAll(() => kit.stop());

  test('autoreply answers a private text, with the template filled from the sender', async () => {
    const alice = kit.friend('alice');
    alice.says('ping');
    await alice.expectsReply('pong');
    alice.says('hello there');
    await alice.expectsReply('hello alice');
  });

  test('the logger records what came in and what went out', async () => {
    const sent = kit.friend('bob').says('ping');
    const incoming = await out.waitFor((r) => r.msgId === sent.msgId);
    expect(incoming).toMatchObject({ direction: 'in', kind: 'text', text: 'ping', chatKind: 'private' });
    expect(incoming.chat).toEqual({ id: kit.friend('bob').handle.wxid, name: 'bob' });
    await kit.friend('bob').expectsReply('pong');
    await out.waitFor((r) => r.direction === 'out' && r.text === 'pong');
  });

  test('the bot knows the capabilities: no groups, no video, and the kit says so', () => {
    expect(kit.bot.capabilities).toMatchObject({ groups: false, proactiveSends: false, perTurnQuota: 10 });
    expect(() => kit.group('Hikers')).toThrow(/memory transport has no groups/);
  });

  test('a reply the transport cannot carry fails with an explained CapabilityError, nothing is sent', async () => {
    const errors: unknown[] = [];
    kit.bot.catch((err) => void errors.push(err.cause));
    const carol = kit.friend('carol');
    carol.says('video please');
    await carol.expectNoReply({ withinMs: 100 });
    expect(errors[0]).toBeInstanceOf(CapabilityError);
    expect(errors[0]).toMatchObject({ code: 'UNSUPPORTED', capability: 'media', transport: 'memory' });
  });

  test('the 11th message of one turn is refused (per-turn quota)', async () => {
    const dave = kit.friend('dave');
    dave.says('burst');
    for (let i = 1; i <= 10; i++) await dave.expectsReply(`part ${i}`);
    await dave.expectNoReply({ withinMs: 100 });
    // A new message of dave opens a new turn.
    dave.says('ping');
    await dave.expectsReply('pong');
  });

  test('writing first to someone who never wrote is refused (no proactive sends)', async () => {
    const erin = kit.world.person('erin');
    await expect(kit.bot.send({ kind: 'text', to: erin.userName, text: 'hi' })).rejects.toMatchObject({
      code: 'REPLY_WINDOW_CLOSED',
      message: expect.stringContaining('Wait for their next message'),
    });
    expect(kit.world.sent.filter((m) => m.to === erin)).toEqual([]);
  });
});

test('exactly once on the memory transport: a message left unhandled by a stopped bot is handled after restart, once', async () => {
  const world = new MemoryWorld();
  const handled: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const first = await createTestBot({
    transport: 'memory',
    world,
    bot: { deadlineMs: 60_000 },
    setup: (bot) => {
      bot.on('text', async (ctx) => {
        if (ctx.text === 'slow') await gate;
        handled.push(`first:${ctx.text}`);
      });
    },
  });
  first.friend('alice').says('fast');
  await first.bot.idle();
  first.friend('alice').says('slow');
  await new Promise((r) => setTimeout(r, 20));
  // Simulate a crash: the adapter stops receiving without the handler finishing.
  await first.bot.adapter.stop();
  expect(world.checkpoint).toBeDefined();
  const second = await createTestBot({
    transport: 'memory',
    world,
    setup: (bot) => {
      bot.on('text', (ctx) => {
        handled.push(`second:${ctx.text}`);
      });
    },
  });
  await second.bot.idle();
  release();
  await second.stop();
  await first.stop().catch(() => undefined);
  expect(handled.filter((h) => h.startsWith('second:'))).toEqual(['second:slow']);
  expect(handled).toContain('first:fast');
});
