import type { IlinkSimulator, IlinkUser } from '@wxbot/simulator';
import { boundWorld, type IlinkTestClient } from './helpers.js';

describe('iLink typing and lifecycle', () => {
  let sim: IlinkSimulator;
  let client: IlinkTestClient;
  let owner: IlinkUser;
  beforeEach(async () => {
    ({
      sim,
      client,
      user: owner,
    } = await boundWorld({ typingTicketTtlMs: 1000, now: () => 1_784_000_000_000 }));
  });
  afterEach(() => sim.close());

  test('getconfig before the user wrote: ret -4; afterwards a ticket that sendtyping accepts', async () => {
    expect((await client.call('getconfig', { ilink_user_id: owner.userId })).json).toEqual({
      ret: -4,
      errmsg: 'GetTypingTicket rpc failed',
    });
    const t = owner.says('hi').contextToken;
    const cfg = await client.call('getconfig', { ilink_user_id: owner.userId, context_token: t });
    expect(cfg.json).toEqual({
      ret: 0,
      errmsg: '',
      typing_ticket: expect.stringMatching(/^[A-Za-z0-9+/]{88}$/),
    });
    const ticket = cfg.json.typing_ticket as string;
    const typing = (status: number, tk = ticket) =>
      client.call('sendtyping', { ilink_user_id: owner.userId, typing_ticket: tk, status });
    expect((await typing(1)).json).toEqual({ ret: 0, errmsg: '' });
    expect(owner.typing).toBe(true);
    expect((await typing(2)).json).toEqual({ ret: 0, errmsg: '' });
    expect(owner.typing).toBe(false);
    expect(sim.typingEvents.map((e) => e.status)).toEqual([1, 2]);
    expect((await typing(1, 'bm9wZQ==')).json).toMatchObject({ ret: -1 });
    expect((await typing(3)).json).toMatchObject({ ret: -1 });
    expect(sim.typingEvents).toHaveLength(2);
  });

  test('the same ticket while valid; a new one after its TTL, and the old one then fails', async () => {
    owner.says('hi');
    const get = async () =>
      (await client.call('getconfig', { ilink_user_id: owner.userId })).json.typing_ticket as string;
    const a = await get();
    expect(await get()).toBe(a);
    sim.advanceTime(1000);
    const b = await get();
    expect(b).not.toBe(a);
    expect(
      (await client.call('sendtyping', { ilink_user_id: owner.userId, typing_ticket: a, status: 2 })).json,
    ).toMatchObject({ ret: -1 });
  });

  test('notifystart / notifystop mark the bot online and offline', async () => {
    expect((await client.call('msg/notifystart')).json).toEqual({ ret: 0, errmsg: '' });
    expect(sim.status().users[0]?.online).toBe(true);
    expect((await client.call('msg/notifystop')).json).toEqual({ ret: 0, errmsg: '' });
    expect(owner.bot?.online).toBe(false);
  });
});
