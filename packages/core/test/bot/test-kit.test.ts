import { createTestBot } from '@wxbot/testing';

test('a friend says ping and the bot answers pong through the real client and simulator', async () => {
  const kit = await createTestBot({
    cast: { friends: ['alice'], groups: [{ topic: 'Hikers', members: ['alice', 'bob'] }] },
    setup: (bot) => {
      bot.hears('ping', (ctx) => ctx.reply('pong'));
      bot.on('text', (ctx) =>
        ctx.isGroup && ctx.isMentioned ? ctx.reply(`hi ${ctx.sender.name}`, { mention: true }) : undefined,
      );
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('ping');
    await alice.expectsReply('pong');
    const hikers = kit.group('Hikers');
    hikers.member('bob').says('@bot hello');
    const reply = await hikers.expectsReply(/hi bob$/);
    expect(reply.mentions.map((m) => m.nickName)).toEqual(['bob']);
    hikers.member('bob').says('no mention here');
    await hikers.expectNoReply();
  } finally {
    await kit.stop();
  }
});

test('when no reply comes, the failure shows the error the handler threw', async () => {
  const kit = await createTestBot({
    cast: { friends: ['alice'] },
    setup: (bot) => {
      bot.hears('weather', () => {
        throw new Error('the weather service key is missing');
      });
    },
  });
  try {
    const alice = kit.friend('alice');
    alice.says('weather');
    await expect(alice.expectsReply('sunny', { timeoutMs: 500 })).rejects.toThrow(
      /but it sent nothing; meanwhile a handler failed[\s\S]*the weather service key is missing/,
    );
  } finally {
    await kit.stop();
  }
});
