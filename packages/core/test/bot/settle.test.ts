import { EventEmitter } from 'eventemitter3';
import type { Adapter, AdapterEvents } from '../../src/adapter/adapter.js';
import { Bot } from '../../src/bot.js';
import type { Message } from '../../src/message/types.js';
import { alice, hikers, text } from '../pipeline/helpers.js';

// When a message counts as handled: once its chain finished and its replies are journaled. A
// message whose handler sent nothing has nothing to wait for, so it is marked handled in the same
// microtask its handler ran in — the ids of a whole batch reach the adapter (and so the handled
// log) together, before any later promise job, timer or I/O.

function fakeAdapter() {
  const handled: string[] = [];
  const adapter = Object.assign(new EventEmitter<AdapterEvents<Message>>(), {
    transport: 'fake',
    realServer: false,
    capabilities: {
      groups: true,
      contactList: false,
      mentions: false,
      revoke: false,
      friendRequests: false,
      media: {},
      pushLogin: false,
      proactiveSends: true,
      typing: false,
    },
    loggedIn: true,
    running: true,
    self: undefined,
    contacts: { self: undefined, get: () => undefined, find: () => [] },
    inboundStats: { received: 0, unhandled: 0, lastReceiveAt: undefined },
    login: async () => 'resume' as const,
    start: async () => undefined,
    stop: async () => undefined,
    logout: async () => undefined,
    normalize: (raw: Message) => raw,
    inboundId: (raw: Message) => raw.id,
    markHandled: (id: string) => void handled.push(id),
    isHandled: (id: string) => handled.includes(id),
    send: async () => ({ msgId: '1', localId: '1', to: '' }),
    download: async () => {
      throw new Error('no media');
    },
  });
  return { adapter: adapter as unknown as Adapter<Message> & EventEmitter<AdapterEvents<Message>>, handled };
}

test('messages answered with nothing are marked handled in the microtask their handlers ran in', async () => {
  const { adapter, handled } = fakeAdapter();
  const bot = new Bot({ adapter, outbox: { pacing: false } });
  const seen: string[] = [];
  bot.on('text', (ctx) => {
    seen.push(ctx.text);
  });
  const batch = Array.from({ length: 40 }, (_, i) => text(`t${i}`, { chat: i % 2 === 0 ? alice : hikers }));
  adapter.emit('inbound', { items: batch, changedContacts: [] });
  expect(handled).toEqual([]); // handlers start in a microtask, never inside the sync callback
  await Promise.resolve(); // the one microtask in which the batch's handlers run
  expect(seen).toHaveLength(40);
  expect([...handled].sort()).toEqual(batch.map((m) => m.id).sort());
  expect(bot.stats().messagesHandled).toBe(40);
});

test('a message whose handler replied is marked handled only once the reply is sent', async () => {
  const { adapter, handled } = fakeAdapter();
  const bot = new Bot({ adapter, outbox: { pacing: false } });
  let release!: () => void;
  const sending = new Promise<void>((resolve) => {
    release = resolve;
  });
  bot.on('text', async (ctx) => {
    await sending;
    await ctx.reply('pong');
  });
  const message = text('ping');
  adapter.emit('inbound', { items: [message], changedContacts: [] });
  await new Promise((resolve) => setImmediate(resolve));
  expect(handled).toEqual([]);
  release();
  await bot.idle();
  expect(handled).toContain(message.id); // (the reply's own id is remembered too: its echo is not new)
});
