import { createSimulator, type Simulator } from '@wxbot/simulator';
import { loginFlow, sync, type TestSession } from './helpers/login-flow.js';

// "At once" is checked against a hold far longer than any scheduling delay of a loaded machine:
// an answer well before the hold expired can only come from the wake-up under test.
const LONG_HOLD_MS = 30_000;

async function longHoldSession(): Promise<{ sim: Simulator; t: TestSession }> {
  const sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: LONG_HOLD_MS, syncBatchSize: 3 });
  sim.phone.addFriend({ wxid: 'wxid_alice', nickName: 'Alice' });
  const t = await loginFlow(sim);
  await sync(t);
  return { sim, t };
}

describe('synccheck and webwxsync', () => {
  let sim: Simulator;
  let t: TestSession;
  beforeEach(async () => {
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 150, syncBatchSize: 3 });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: 'Alice' });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterEach(() => sim.close());

  test('holds for syncHoldMs and answers selector 0', async () => {
    const t0 = Date.now();
    const res = await t.client.request(t.synccheckUrl());
    expect(res.text).toBe('window.synccheck={retcode:"0",selector:"0"}');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  test('a held synccheck answers at once when a message arrives', async () => {
    const long = await longHoldSession();
    try {
      const held = long.t.client.request(long.t.synccheckUrl());
      setTimeout(() => long.sim.phone.say('wxid_alice', 'hi'), 5);
      const t0 = Date.now();
      expect((await held).text).toBe('window.synccheck={retcode:"0",selector:"2"}');
      expect(Date.now() - t0).toBeLessThan(LONG_HOLD_MS / 2);
    } finally {
      await long.sim.close();
    }
  });

  test('sync delivers the message with exact NewMsgId digits and advances both keys', async () => {
    const d = sim.phone.say('wxid_alice', 'a < b & c\nnext');
    const { json, text, msgs } = await sync(t);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.MsgId).toBe(d.msgId);
    expect(msgs[0]?.Content).toBe('a &lt; b &amp; c<br/>next');
    expect(text).toContain(`"NewMsgId":${d.msgId}`);
    expect((json.SyncKey as { Count: number }).Count).toBe(10);
    expect(json.SyncCheckKey).toEqual(json.SyncKey);
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"0",selector:"0"}',
    );
  });

  test('a stale key spins: synccheck answers at once and sync re-delivers the same messages', async () => {
    const { sim: longSim, t: lt } = await longHoldSession();
    try {
      const stale = lt.syncKey;
      const d = longSim.phone.say('wxid_alice', 'once');
      const first = await sync(lt);
      expect(first.msgs.map((m) => m.MsgId)).toEqual([d.msgId]);
      const t0 = Date.now();
      expect((await lt.client.request(lt.synccheckUrl(stale))).text).toBe(
        'window.synccheck={retcode:"0",selector:"2"}',
      );
      expect(Date.now() - t0).toBeLessThan(LONG_HOLD_MS / 2);
      const again = await sync(lt, stale);
      expect(again.msgs.map((m) => m.MsgId)).toEqual([d.msgId]);
    } finally {
      await longSim.close();
    }
  });

  test('ContinueFlag 1 while more than syncBatchSize events are pending', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => sim.phone.say('wxid_alice', `m${i}`).msgId);
    const got: string[] = [];
    const flags: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sync(t);
      got.push(...r.msgs.map((m) => String(m.MsgId)));
      flags.push(Number(r.json.ContinueFlag));
    }
    expect(flags).toEqual([1, 1, 0]);
    expect(got).toEqual(ids);
  });

  test('phone activity gives selector 7; profile changes arrive with BitFlag 190', async () => {
    sim.phone.enterChat('wxid_alice');
    expect((await t.client.request(t.synccheckUrl())).text).toBe(
      'window.synccheck={retcode:"0",selector:"7"}',
    );
    const r = await sync(t);
    expect(r.msgs[0]?.StatusNotifyCode).toBe(2);
    sim.phone.setSelfNickName('测试机器人2号');
    const p = await sync(t);
    const profile = p.json.Profile as { BitFlag: number; NickName: { Buff: string } };
    expect(profile.BitFlag).toBe(190);
    expect(profile.NickName.Buff).toBe('测试机器人2号');
  });

  test('a garbage SyncKey is refused with the full body shape, and synccheck does not claim news for it', async () => {
    const { json } = await t.client.postJson(t.api('webwxsync'), {
      BaseRequest: t.baseRequest,
      SyncKey: { Count: 1, List: [{ Key: 2, Val: 1 }] },
    });
    expect((json.BaseResponse as { Ret: number }).Ret).not.toBe(0);
    expect(json.AddMsgList).toEqual([]);
    expect(json.AddMsgCount).toBe(0);
    expect(json.SyncKey).toEqual({ Count: 0, List: [] });
    expect(json.SyncCheckKey).toEqual({ Count: 0, List: [] });
    expect(json).toHaveProperty('ContinueFlag', 0);
    sim.phone.say('wxid_alice', 'pending');
    const check = await t.client.request(t.synccheckUrl({ List: [{ Key: 2, Val: 1 }] }));
    expect(check.text).toBe('window.synccheck={retcode:"0",selector:"0"}');
  });

  test('an error answer of webwxsync (dead session) keeps the full body shape', async () => {
    sim.phone.expireSession();
    const { json } = await t.client.postJson(t.api('webwxsync'), {
      BaseRequest: t.baseRequest,
      SyncKey: t.syncKey,
    });
    expect(json.BaseResponse).toEqual({ Ret: 1102, ErrMsg: '' });
    expect(json.AddMsgList).toEqual([]);
    expect(json.SyncKey).toEqual({ Count: 0, List: [] });
    expect(json.SyncCheckKey).toEqual({ Count: 0, List: [] });
  });

  test('SyncKeys are account-wide counters: a new login continues them and accepts the old key', async () => {
    sim.phone.say('wxid_alice', 'one');
    await sync(t);
    const oldKey = t.syncKey;
    const oldK2 = oldKey.List.find((k) => k.Key === 2)?.Val ?? 0;
    const t2 = await loginFlow(sim);
    const k2 = t2.syncKey.List.find((k) => k.Key === 2)?.Val ?? 0;
    expect(k2).toBeGreaterThanOrEqual(oldK2);
    sim.phone.say('wxid_alice', 'two');
    // synccheck and webwxsync agree on the previous session's key: news, and here it is.
    const check = await t2.client.request(t2.synccheckUrl(oldKey));
    expect(check.text).toBe('window.synccheck={retcode:"0",selector:"2"}');
    const { json } = await t2.client.postJson(t2.api('webwxsync'), {
      BaseRequest: t2.baseRequest,
      SyncKey: oldKey,
    });
    expect((json.BaseResponse as { Ret: number }).Ret).toBe(0);
    const texts = (json.AddMsgList as Array<{ Content: string }>).map((m) => m.Content);
    expect(texts).toContain('two');
    expect(texts).not.toContain('one');
  });

  test('close() ends held long-polls immediately', async () => {
    const s2 = await createSimulator({ loginHoldMs: LONG_HOLD_MS, syncHoldMs: LONG_HOLD_MS });
    const t2 = await loginFlow(s2);
    const held = t2.client.request(t2.synccheckUrl()).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 10));
    const t0 = Date.now();
    await s2.close();
    await held;
    expect(Date.now() - t0).toBeLessThan(LONG_HOLD_MS / 2);
  });
});
