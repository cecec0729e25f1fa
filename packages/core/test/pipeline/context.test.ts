import { BotError } from '../../src/errors.js';
import { Context } from '../../src/pipeline/context.js';
import { alice, bob, fakeApi, hikers, me, msg, text } from './helpers.js';

describe('Context getters', () => {
  test('a private text', () => {
    const ctx = new Context(text('hello'), fakeApi());
    expect(ctx.text).toBe('hello');
    expect(ctx.sender).toBe(alice);
    expect(ctx.room).toBeUndefined();
    expect(ctx.isGroup).toBe(false);
    expect(ctx.isMentioned).toBe(false);
    expect(ctx.self).toBe(false);
  });

  test('a group text that mentions the bot', () => {
    const ctx = new Context(text('hi', { chat: hikers, isMentioned: true }), fakeApi());
    expect(ctx.room).toBe(hikers);
    expect(ctx.sender).toBe(bob);
    expect(ctx.isGroup).toBe(true);
    expect(ctx.isMentioned).toBe(true);
  });

  test('quote text counts as text; other kinds have none', () => {
    expect(new Context(msg('quote', { text: 'reply' }), fakeApi()).text).toBe('reply');
    expect(new Context(msg('image'), fakeApi()).text).toBeUndefined();
    expect(new Context(msg('image'), fakeApi()).isMentioned).toBe(false);
  });
});

describe('ctx.reply', () => {
  test('answers a private message in the private chat, marking what it replies to', async () => {
    const api = fakeApi();
    const message = text('ping');
    await new Context(message, api).reply('pong');
    expect(api.sent).toEqual([
      {
        message: { kind: 'text', to: '@alice', text: 'pong' },
        options: { replyTo: { id: message.id, self: false } },
      },
    ]);
  });

  test('answers a group message in the group, @-mentioning by group nickname when asked', async () => {
    const api = fakeApi();
    const ctx = new Context(text('hi', { chat: hikers }), api);
    await ctx.reply('plain');
    await ctx.reply('hello', { mention: true });
    expect(api.sent.map((s) => s.message)).toEqual([
      { kind: 'text', to: '@@hikers', text: 'plain' },
      { kind: 'text', to: '@@hikers', text: '@Bob the Hiker hello', mentions: ['@bob'] },
    ]);
  });

  test('mention is ignored in private chats', async () => {
    const api = fakeApi();
    await new Context(text('hi'), api).reply('yo', { mention: true });
    expect(api.sent[0]?.message).toEqual({ kind: 'text', to: '@alice', text: 'yo' });
  });

  test('replies with media of each kind', async () => {
    const api = fakeApi();
    const ctx = new Context(text('hi'), api);
    await ctx.reply({ image: { path: '/tmp/a.jpg' } });
    await ctx.reply({ file: { data: new Uint8Array([1]), name: 'a.bin' } });
    await ctx.reply({ video: { path: '/tmp/v.mp4' } });
    await ctx.reply({ emoticon: { md5: 'abc' } });
    await ctx.reply({ emoticon: { path: '/tmp/e.gif' } });
    expect(api.sent.map((s) => s.message)).toEqual([
      { kind: 'image', to: '@alice', media: { path: '/tmp/a.jpg' } },
      { kind: 'file', to: '@alice', media: { data: new Uint8Array([1]), name: 'a.bin' } },
      { kind: 'video', to: '@alice', media: { path: '/tmp/v.mp4' } },
      { kind: 'emoticon', to: '@alice', md5: 'abc' },
      { kind: 'emoticon', to: '@alice', media: { path: '/tmp/e.gif' } },
    ]);
  });

  test('the bot’s own message is marked self, so the outbox can refuse to answer it', async () => {
    const api = fakeApi();
    const message = text('mine', { sender: me, self: true });
    await new Context(message, api).reply('echo');
    expect(api.sent[0]?.options?.replyTo).toEqual({ id: message.id, self: true });
  });

  test('fails clearly when there is nowhere to reply', async () => {
    const api = fakeApi();
    const notice = new Context(msg('statusNotify', { code: 4, userNames: [] }), api);
    await expect(notice.reply('x')).rejects.toThrow(
      /cannot reply to this statusNotify message: it is a client status notice.*use ctx.bot.send\(\)/,
    );
    const request = new Context(
      msg('friendRequest', { chat: { ...alice, userName: 'fmessage', kind: 'special' } }),
      api,
    );
    await expect(request.reply('x')).rejects.toThrow(/accept the request first/);
    const news = new Context(text('n', { chat: { ...alice, userName: 'newsapp', kind: 'special' } }), api);
    await expect(news.reply('x')).rejects.toThrow(/system account "newsapp"/);
    const media = new Context(text('hi', { chat: hikers }), api);
    const error = await media.reply({ image: { path: 'a' } }, { mention: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).code).toBe('CANNOT_REPLY');
    expect(api.sent).toEqual([]);
  });

  test('filehelper can be answered', async () => {
    const api = fakeApi();
    await new Context(text('x', { chat: { ...alice, userName: 'filehelper', kind: 'special' } }), api).reply(
      'ok',
    );
    expect(api.sent[0]?.message.to).toBe('filehelper');
  });
});
