import type { TestBot } from '@wxbot/testing';
import { type MemoryStream, startLogger } from './capture.js';

// Each message in and out is ONE pino record; asserted field by field.
describe('logger records through the simulator', () => {
  let kit: TestBot;
  let out: MemoryStream;
  // Stable ids improve once the bot learns wxids (after login): read them when asserting.
  const ids = {
    get: (name: string): string | undefined =>
      name === 'self' ? kit.bot.self?.id : kit.bot.contacts.find(name)[0]?.id,
  };

  beforeAll(async () => {
    ({ kit, out } = await startLogger(
      { level: 'info' },
      { setup: (bot) => void bot.hears('ping', (ctx) => ctx.reply('pong')) },
    ));
  });
  afterAll(() => kit.stop());

  test('an incoming private text', async () => {
    const delivered = kit.friend('alice').says('hello there');
    const r = await out.waitFor((x) => x.msgId === delivered.msgId);
    expect(r).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      name: 'wxbot:messages',
      direction: 'in',
      chat: { id: ids.get('alice'), name: 'alice' },
      chatKind: 'private',
      sender: { id: ids.get('alice'), name: 'alice' },
      kind: 'text',
      text: 'hello there',
      msgId: delivered.msgId,
      msgTime: new Date(delivered.record.CreateTime * 1000).toISOString(),
      msg: 'in  alice: hello there',
    });
  });

  test('a group text keeps the @mention as written and names the member', async () => {
    const delivered = kit.group('Hikers').member('bob').says('@bot are we hiking?');
    const r = await out.waitFor((x) => x.msgId === delivered.msgId);
    expect(r).toMatchObject({
      direction: 'in',
      chat: { id: ids.get('Hikers'), name: 'Hikers' },
      chatKind: 'group',
      sender: { name: 'bob' },
      kind: 'text',
      text: `@${kit.bot.self?.nickName}\u2005are we hiking?`,
      msg: `in  [Hikers] bob: @${kit.bot.self?.nickName}\u2005are we hiking?`,
    });
    expect((r.sender as { id: string }).id).not.toBe('');
  });

  test('an image is summarised', async () => {
    const delivered = kit.friend('alice').says({
      kind: 'image',
      data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
      thumbWidth: 120,
      thumbHeight: 90,
    });
    const r = await out.waitFor((x) => x.msgId === delivered.msgId);
    expect(r).toMatchObject({ direction: 'in', kind: 'image', text: '[image 120x90]', chatKind: 'private' });
  });

  test("the bot's reply is an outgoing record with its msgId and clientMsgId", async () => {
    const delivered = kit.friend('alice').says('ping');
    const sent = await kit.friend('alice').expectsReply('pong');
    const incoming = await out.waitFor((x) => x.msgId === delivered.msgId);
    const outgoing = await out.waitFor((x) => x.clientMsgId === sent.clientMsgId);
    expect(incoming.direction).toBe('in');
    expect(outgoing).toMatchObject({
      level: 30,
      direction: 'out',
      status: 'sent',
      chat: { id: ids.get('alice'), name: 'alice' },
      chatKind: 'private',
      sender: { id: ids.get('self'), name: kit.bot.self?.name },
      kind: 'text',
      text: 'pong',
      msgId: sent.msgId,
      clientMsgId: sent.clientMsgId,
      msg: 'out → alice: pong',
    });
    // Its time is the bot's (accelerated) clock, close to the simulator's send time.
    expect(Math.abs(Date.parse(outgoing.msgTime as string) - sent.timeMs)).toBeLessThan(60_000);
    // ONE record per message: the echo of the reply in sync is not logged again.
    await new Promise((r) => setTimeout(r, 100));
    expect(out.records.filter((x) => x.msgId === sent.msgId)).toHaveLength(1);
    expect(out.records.filter((x) => x.msgId === delivered.msgId)).toHaveLength(1);
  });

  test('a message typed on the phone by the bot account is logged as outgoing', async () => {
    const delivered = kit.sim.phone.sendFromPhone(kit.friend('alice').handle, 'typed on the phone');
    const r = await out.waitFor((x) => x.msgId === delivered.msgId);
    expect(r).toMatchObject({
      direction: 'out',
      chat: { id: ids.get('alice'), name: 'alice' },
      sender: { id: ids.get('self') },
      text: 'typed on the phone',
    });
  });

  test('a send the server refuses is a failed outgoing record', async () => {
    const stranger = kit.bot.contacts.member(
      kit.group('Hikers').handle.userName,
      kit.group('Hikers').member('bob').handle.userName,
    );
    await expect(
      kit.bot.send({ kind: 'text', to: stranger?.userName ?? '?', text: 'hi stranger' }),
    ).rejects.toThrow();
    const r = await out.waitFor((x) => x.status === 'failed');
    expect(r).toMatchObject({ direction: 'out', kind: 'text', text: 'hi stranger', msgId: '', level: 30 });
    expect(typeof r.error).toBe('string');
  });
});

test('by default the records go to the plugin logger (a child of the bot logger) at the configured level', async () => {
  const { pino } = await import('pino');
  const { MemoryStream } = await import('./capture.js');
  const botLog = new MemoryStream();
  const { kit } = await startLogger(
    { level: 'warn' },
    {
      bot: { logger: pino({ level: 'info' }, botLog) },
      runtime: { stream: undefined },
    },
  );
  try {
    const delivered = kit.friend('alice').says('through the bot logger');
    const r = await botLog.waitFor((x) => x.msgId === delivered.msgId);
    expect(r).toMatchObject({
      level: 40,
      component: 'plugin:logger',
      direction: 'in',
      text: 'through the bot logger',
    });
  } finally {
    await kit.stop();
  }
});
