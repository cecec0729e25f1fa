import { randomBytes } from 'node:crypto';
import { createTestBot, type TestBot } from '@wxbot/testing';

// Transcripts: what a user sees when their routes (on / hears / command / mentions) answer.

let kit: TestBot;

beforeAll(async () => {
  kit = await createTestBot({
    pacing: false,
    cast: {
      friends: ['alice'],
      groups: [{ topic: 'Hikers', members: ['alice', 'bob'], displayNames: { bob: 'Bobby' } }],
    },
    setup: (bot) => {
      bot.on('image', (ctx) => ctx.reply(`nice ${ctx.message.width}x${ctx.message.height} picture`));
      bot.hears('ping', (ctx) => ctx.reply('pong'));
      bot.hears(/^weather in (\w+)$/i, (ctx) => ctx.reply(`sunny in ${ctx.match?.[1]}`));
      bot.command('add', (ctx) => {
        const numbers = ctx.command.args.map(Number);
        return ctx.reply(`${numbers.join(' + ')} = ${numbers.reduce((a, b) => a + b, 0)}`);
      });
      bot.command('say', (ctx) => ctx.reply(`args=${JSON.stringify(ctx.command.args)}`));
      bot.command('hi', (ctx) => ctx.reply('hello', { mention: true }));
      // Only answers when mentioned (by name or @all) in groups.
      bot.on('text', (ctx, next) => {
        if (ctx.isGroup && ctx.isMentioned) return ctx.reply(`you said "${ctx.text}"`, { mention: true });
        return next();
      });
      bot.on('text', (ctx) => (ctx.isGroup ? undefined : ctx.reply(`text: ${ctx.text}`)));
    },
  });
});

afterAll(() => kit.stop());

test('routing by kind: the image route answers images, texts never reach it', async () => {
  const alice = kit.friend('alice');
  alice.says({ kind: 'image', data: randomBytes(64), thumbWidth: 90, thumbHeight: 120 });
  await alice.expectsReply('nice 90x120 picture');
  alice.says('a plain text');
  await alice.expectsReply('text: a plain text');
  alice.says({ kind: 'voice', durationMs: 1000 });
  await alice.expectNoReply({ withinMs: 100 });
});

test('hears: an exact string, and a RegExp whose groups are in ctx.match', async () => {
  const alice = kit.friend('alice');
  alice.says('  ping ');
  await alice.expectsReply('pong');
  alice.says('ping pong');
  await alice.expectsReply('text: ping pong');
  alice.says('Weather in Hangzhou');
  await alice.expectsReply('sunny in Hangzhou');
});

test('command: arguments are parsed, quoted parts stay together', async () => {
  const alice = kit.friend('alice');
  alice.says('/add 1 2 39');
  await alice.expectsReply('1 + 2 + 39 = 42');
  alice.says('/say "hello world" “你 好” x');
  await alice.expectsReply('args=["hello world","你 好","x"]');
  alice.says('add 1 2');
  await alice.expectsReply('text: add 1 2');
});

test('a reply to a group message goes to the group, and { mention: true } @-mentions the sender', async () => {
  const hikers = kit.group('Hikers');
  const bob = hikers.member('bob');
  bob.says('/hi');
  const reply = await hikers.expectsReply('@Bobby hello');
  expect(reply.to.wxid).toBe(hikers.handle.wxid);
  expect(reply.mentions.map((m) => m.wxid)).toEqual([bob.handle.wxid]);
  expect(kit.sent.filter((m) => m.text.endsWith(' hello'))).toEqual([reply]);
});

test('mention-only handling: a real mention is answered, plain text and look-alikes are not', async () => {
  const hikers = kit.group('Hikers');
  const alice = hikers.member('alice');
  alice.says('@bot how far is the summit?');
  const reply = await hikers.expectsReply('@alice you said "how far is the summit?"');
  expect(reply.mentions.map((m) => m.nickName)).toEqual(['alice']);
  alice.says('no mention here');
  // The bot's name without the @, or followed by more letters, is not a mention.
  const botName = kit.bot.self?.nickName ?? '';
  alice.says(`${botName} is quiet today`);
  alice.says(`@${botName}xyz is someone else`);
  await hikers.expectNoReply({ withinMs: 150 });
});

test('@所有人 counts as a mention of the bot', async () => {
  const hikers = kit.group('Hikers');
  hikers.member('alice').says('@所有人\u2005leaving at 7');
  await hikers.expectsReply('@alice you said "@所有人\u2005leaving at 7"');
});
