import type { IlinkSimulator, IlinkSimulatorOptions, IlinkUser } from '@wxbot/simulator';
import { boundWorld, type IlinkTestClient } from './helpers.js';

const HOUR = 3_600_000;

describe('iLink sendmessage and the conversation rules', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  let owner: IlinkUser;
  const start = async (opts: IlinkSimulatorOptions = {}): Promise<void> => {
    ({ sim, client, user: owner } = await boundWorld(opts));
  };
  afterEach(() => sim.close());

  test('a reply with the context token is delivered, recorded with its token, in order', async () => {
    await start();
    const turn = owner.says('hi');
    expect((await client.sendText(owner.userId, 'one', turn.contextToken)).json).toEqual({ ret: 0 });
    expect((await client.sendText(owner.userId, 'two', turn.contextToken)).json).toEqual({ ret: 0 });
    expect(owner.received.map((m) => [m.text, m.contextToken, m.kind])).toEqual([
      ['one', turn.contextToken, 'text'],
      ['two', turn.contextToken, 'text'],
    ]);
    expect(sim.sent[1]?.index).toBeGreaterThan(sim.sent[0]?.index ?? 0);
    expect((await owner.waitForReply(() => true, 100, 1)).text).toBe('two');
  });

  test('each user message has a new context token; older tokens stay usable unless switched off', async () => {
    await start();
    const t1 = owner.says('a').contextToken;
    const t2 = owner.says('b').contextToken;
    expect(t1).not.toBe(t2);
    expect(t1).toMatch(/^AARzJWAF[A-Za-z0-9+/]{136}$/);
    expect((await client.sendText(owner.userId, 'x', t1)).json).toEqual({ ret: 0 });
    await sim.close();
    await start({ acceptOlderTokens: false });
    const o1 = owner.says('a').contextToken;
    owner.says('b');
    expect((await client.sendText(owner.userId, 'x', o1)).json).toEqual({ ret: -2 });
  });

  test('before the user ever wrote, without a token, or with a foreign token: ret -2', async () => {
    await start();
    expect((await client.sendText(owner.userId, 'x', undefined)).json).toEqual({ ret: -2 });
    const t = owner.says('hi').contextToken;
    expect((await client.sendText(owner.userId, 'x', undefined)).json).toEqual({ ret: -2 });
    expect((await client.sendText(owner.userId, 'x', `${t.slice(0, -4)}AAAA`)).json).toEqual({ ret: -2 });
    expect(sim.sendLog.map((m) => m.reason)).toEqual([
      'the user has not written to the bot yet',
      'no context_token',
      'context_token does not belong to this conversation',
    ]);
    expect(sim.sent).toHaveLength(0);
  });

  test('the reply window closes 24 h after the user’s last message; a new message reopens it', async () => {
    await start({ now: () => 1_784_422_288_000 });
    const t = owner.says('hi').contextToken;
    sim.advanceTime(24 * HOUR);
    expect((await client.sendText(owner.userId, 'still ok', t)).json).toEqual({ ret: 0 });
    sim.advanceTime(1);
    expect((await client.sendText(owner.userId, 'late', t)).json).toEqual({ ret: -2 });
    expect(sim.sendLog.at(-1)?.reason).toBe('reply window closed');
    const t2 = owner.says('again').contextToken;
    expect((await client.sendText(owner.userId, 'ok', t2)).json).toEqual({ ret: 0 });
  });

  test('the window is configurable, and silent-drop mode answers ret 0 and delivers nothing', async () => {
    await start({ replyWindowMs: 1000, refusal: 'silent-drop' });
    const t = owner.says('hi').contextToken;
    sim.advanceTime(1001);
    expect((await client.sendText(owner.userId, 'late', t)).json).toEqual({ ret: 0 });
    expect(sim.sent).toHaveLength(0);
    expect(sim.sendLog[0]).toMatchObject({ outcome: 'dropped', reason: 'reply window closed' });
  });

  test('at most 10 bot messages per user turn; the next user message resets the quota', async () => {
    await start();
    const t = owner.says('hi').contextToken;
    for (let i = 0; i < 10; i++) expect((await client.sendText(owner.userId, `m${i}`, t)).json.ret).toBe(0);
    expect((await client.sendText(owner.userId, 'eleventh', t)).json).toEqual({ ret: -2 });
    expect(sim.sendLog.at(-1)?.reason).toMatch(/quota/);
    const t2 = owner.says('more').contextToken;
    expect((await client.sendText(owner.userId, 'ok', t2)).json).toEqual({ ret: 0 });
    expect(owner.received).toHaveLength(11);
  });

  test('maxTurnLatencyMs: a late send on an old turn gets "prepare failed"; a fresh turn is fine', async () => {
    await start({ maxTurnLatencyMs: 120_000, now: () => 1_784_422_288_000 });
    const t = owner.says('hi').contextToken;
    sim.advanceTime(120_001);
    expect((await client.sendText(owner.userId, 'slow', t)).json).toEqual({
      ret: -2,
      errmsg: 'prepare failed',
    });
    const t2 = owner.says('again').contextToken;
    expect((await client.sendText(owner.userId, 'quick', t2)).json).toEqual({ ret: 0 });
  });

  test('quotaPerTurn is configurable', async () => {
    await start({ quotaPerTurn: 1 });
    const t = owner.says('hi').contextToken;
    expect((await client.sendText(owner.userId, 'a', t)).json).toEqual({ ret: 0 });
    expect((await client.sendText(owner.userId, 'b', t)).json).toEqual({ ret: -2 });
  });

  test('one item per message; BOT message_type; a known recipient (case-sensitive)', async () => {
    await start();
    const t = owner.says('hi').contextToken;
    const msg = (over: Record<string, unknown>) => ({
      msg: {
        from_user_id: '',
        to_user_id: owner.userId,
        client_id: `c${Math.random()}`,
        message_type: 2,
        message_state: 2,
        item_list: [{ type: 1, text_item: { text: 'x' } }],
        context_token: t,
        ...over,
      },
    });
    const two = [
      { type: 1, text_item: { text: 'a' } },
      { type: 1, text_item: { text: 'b' } },
    ];
    expect((await client.call('sendmessage', msg({ item_list: two }))).json).toMatchObject({ ret: -1 });
    expect((await client.call('sendmessage', msg({ item_list: [] }))).json).toMatchObject({ ret: -1 });
    expect((await client.call('sendmessage', msg({ message_type: 1 }))).json).toMatchObject({ ret: -1 });
    expect((await client.call('sendmessage', msg({ to_user_id: owner.userId.toLowerCase() }))).json).toEqual({
      ret: -2,
    });
    expect(sim.sent).toHaveLength(0);
  });

  test('a retried client_id is acknowledged once: no second delivery, no second quota unit', async () => {
    await start({ quotaPerTurn: 2 });
    const t = owner.says('hi').contextToken;
    await client.sendText(owner.userId, 'once', t, 'cid-1');
    expect((await client.sendText(owner.userId, 'once', t, 'cid-1')).json).toEqual({ ret: 0 });
    expect(owner.received).toHaveLength(1);
    expect((await client.sendText(owner.userId, 'second', t, 'cid-2')).json).toEqual({ ret: 0 });
  });

  test('sendReturnsMessageId: the uint64 message_id comes back exact, and the user can quote it', async () => {
    await start({ sendReturnsMessageId: true });
    const t = owner.says('hi').contextToken;
    const a = await client.sendText(owner.userId, 'answer', t);
    const id = sim.sent[0]?.messageId.toString();
    expect(a.res.text).toBe(`{"ret":0,"message_id":${id}}`);
    const q = owner.send({ kind: 'quote', text: 'why?', quotedId: sim.sent[0]?.messageId ?? 0n });
    const ref = (
      q.json.item_list as Array<{ ref_msg: { title: string; message_item: { msg_id: string } } }>
    )[0]?.ref_msg;
    expect(ref?.title).toBe('answer');
    expect(ref?.message_item.msg_id).toBe(id);
  });

  test('the sendRateLimit option answers "rate limited" and delivers nothing', async () => {
    await start({ sendRateLimit: { max: 2, perMs: 60_000 } });
    const t = owner.says('hi').contextToken;
    await client.sendText(owner.userId, 'a', t);
    await client.sendText(owner.userId, 'b', t);
    expect((await client.sendText(owner.userId, 'c', t)).json).toEqual({ ret: -2, errmsg: 'rate limited' });
    sim.advanceTime(60_000);
    expect((await client.sendText(owner.userId, 'd', t)).json).toEqual({ ret: 0 });
    expect(owner.received.map((m) => m.text)).toEqual(['a', 'b', 'd']);
  });
});
