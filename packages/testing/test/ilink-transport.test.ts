import { createAutoreplyPlugin } from '@wxbot/plugin-autoreply';
import { createLoggerPlugin } from '@wxbot/plugin-logger';
import { createTestBot, type IlinkTestBot } from '@wxbot/testing';
import { LogLines } from './helpers.js';

// The same plugins and test kit on iLink: the real iLink adapter against the iLink simulator over
// real HTTP (QR login by the simulated owner, getupdates long-poll, sendmessage with context tokens).

describe('createTestBot({ transport: "ilink" })', () => {
  let kit: IlinkTestBot;
  const out = new LogLines();

  beforeAll(async () => {
    kit = await createTestBot({
      transport: 'ilink',
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
      },
    });
  });
  afterAll(() => kit.stop());

  test('autoreply answers the owner over iLink, unchanged', async () => {
    const alice = kit.friend('alice');
    alice.says('ping');
    const reply = await alice.expectsReply('pong', { timeoutMs: 8000 });
    // Delivered by the simulator with the context token of alice's turn.
    expect(reply.raw.outcome).toBe('delivered');
    expect(reply.raw.contextToken).toBeDefined();
  });

  test('the logger records what came in and what went out', async () => {
    const alice = kit.friend('alice');
    alice.says('ping from the logger test');
    const incoming = await out.waitFor((r) => r.direction === 'in' && r.text === 'ping from the logger test');
    expect(incoming).toMatchObject({ kind: 'text', chatKind: 'private' });
    await alice.expectsReply(/^pong$/, { timeoutMs: 8000 });
    await out.waitFor((r) => r.direction === 'out' && r.text === 'pong');
  });

  test('the 11th reply of one turn is not thrown at the server (per-turn quota)', async () => {
    const alice = kit.friend('alice');
    alice.says('burst');
    for (let i = 1; i <= 10; i++) await alice.expectsReply(`part ${i}`, { timeoutMs: 8000 });
    await alice.expectNoReply({ withinMs: 200 });
    expect(kit.sim.sendLog.filter((m) => m.outcome !== 'delivered')).toEqual([]);
  });

  test('no groups and no other people on iLink: the kit says so', () => {
    expect(kit.bot.capabilities).toMatchObject({ groups: false, perTurnQuota: 10 });
    expect(() => kit.group('Hikers')).toThrow(/iLink has no groups/);
    expect(() => kit.friend('bob')).toThrow(/only to the person who scanned its QR \("alice"\)/);
  });
});
