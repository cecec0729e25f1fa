import type { IlinkSimulator, IlinkUser } from '@wxbot/simulator';
import { boundWorld, firstMsg, type IlinkTestClient } from './helpers.js';

const texts = (msgs: unknown): string[] =>
  (msgs as Array<{ item_list: Array<{ text_item?: { text: string } }> }>).map(
    (m) => m.item_list[0]?.text_item?.text ?? '',
  );

describe('iLink getupdates', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  let owner: IlinkUser;
  beforeEach(async () => {
    ({ sim, client, user: owner } = await boundWorld({ updatesHoldMs: 80, longPollTimeoutMs: 1234 }));
  });
  afterEach(() => sim.close());

  test('nothing queued: held for the hold time, then an empty answer with the suggested timeout', async () => {
    const t0 = Date.now();
    const a = await client.poll();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
    expect(a.json).toEqual({
      ret: 0,
      msgs: [],
      get_updates_buf: expect.stringMatching(/^ChAI[A-Za-z0-9+/]{82}==$/),
      longpolling_timeout_ms: 1234,
    });
  });

  test('a message arriving while the poll is held is answered at once', async () => {
    const held = client.poll();
    setTimeout(() => owner.says('ping'), 10);
    const a = await held;
    expect(texts(a.json.msgs)).toEqual(['ping']);
    expect(firstMsg(a)).toMatchObject({
      from_user_id: owner.userId,
      to_user_id: owner.bot?.botId,
      message_type: 1,
      message_state: 2,
    });
  });

  test('message_id is a bare uint64 JSON number written with every digit', async () => {
    const d = owner.says('x');
    const a = await client.poll();
    expect(d.messageId > 2n ** 53n).toBe(true);
    expect(a.res.text).toContain(`"message_id":${d.messageId.toString()},`);
    expect(firstMsg(a).message_id).toBe(d.messageId.toString());
    expect((firstMsg(a).item_list as Array<{ msg_id: string }>)[0]?.msg_id).toMatch(/^v1:\d+$/);
  });

  test('messages sent between polls are never lost, and come in order with increasing seq', async () => {
    owner.says('one');
    await client.poll();
    owner.says('two');
    owner.says('three');
    const a = await client.poll();
    expect(texts(a.json.msgs)).toEqual(['two', 'three']);
    const seqs = (a.json.msgs as Array<{ seq: number }>).map((m) => m.seq);
    expect(seqs[1]).toBeGreaterThan(seqs[0] ?? 0);
  });

  test('an old cursor re-delivers; an empty one starts from the first message; a foreign one too', async () => {
    owner.says('a');
    const first = await client.poll('');
    const afterA = client.cursor;
    owner.says('b');
    await client.poll();
    expect(texts((await client.poll(afterA)).json.msgs)).toEqual(['b']);
    expect(texts((await client.poll('')).json.msgs)).toEqual(['a', 'b']);
    expect(texts((await client.poll('ChAIgarbage')).json.msgs)).toEqual(['a', 'b']);
    expect(texts(first.json.msgs)).toEqual(['a']);
  });

  test('a cursor of an earlier binding of the same bot id starts over', async () => {
    await sim.close();
    ({ sim, client, user: owner } = await boundWorld({ updatesHoldMs: 40, newBotIdOnRebind: false }));
    owner.says('old');
    await client.poll();
    const oldCursor = client.cursor;
    const oldBot = owner.bot?.botId;
    await client.login('owner');
    expect(owner.bot?.botId).toBe(oldBot);
    owner.says('new');
    expect(texts((await client.poll(oldCursor)).json.msgs)).toEqual(['new']);
  });

  test('at most updatesBatchSize messages per answer; the rest come with the next cursor', async () => {
    await sim.close();
    ({ sim, client, user: owner } = await boundWorld({ updatesHoldMs: 40, updatesBatchSize: 2 }));
    for (const t of ['1', '2', '3']) owner.says(t);
    expect(texts((await client.poll()).json.msgs)).toEqual(['1', '2']);
    expect(texts((await client.poll()).json.msgs)).toEqual(['3']);
  });
});
