import { md5Hex } from '@wxbot/simulator';
import { boundWorld, IlinkTestClient, startSim } from './helpers.js';

type Item = Record<string, unknown> & { ref_msg?: Record<string, unknown>; text_item?: { text: string } };
const item = (json: Record<string, unknown>): Item => (json.item_list as Item[])[0] ?? {};

describe('the scripted iLink user', () => {
  test('a full quote carries title and the quoted text; the quoted id is the message_id as a string', async () => {
    const { sim, user } = await boundWorld();
    const q1 = user.says('第三季度营收同比增长 12%');
    const q = user.send({ kind: 'quote', text: '这个数字对吗？', quotedId: q1.messageId });
    expect(item(q.json).ref_msg).toEqual({
      title: '第三季度营收同比增长 12%',
      message_item: {
        type: 1,
        text_item: { text: '第三季度营收同比增长 12%' },
        msg_id: q1.messageId.toString(),
        create_time_ms: q1.json.create_time_ms,
        update_time_ms: q1.json.create_time_ms,
        is_completed: true,
      },
    });
    await sim.close();
  });

  test('an id-only quote with a partial selection, and a quote without ref_msg', async () => {
    const { sim, user } = await boundWorld();
    const q1 = user.says('营收增长很快');
    const q = user.send({
      kind: 'quote',
      text: '再详细说说',
      quotedId: q1.messageId,
      idOnly: true,
      partial: { start: '营收', end: '增长', selected: '营收增长' },
    });
    expect(item(q.json).ref_msg).toMatchObject({
      svr_id: q1.messageId.toString(),
      message_item: { type: 0, msg_id: q1.messageId.toString() },
      partial_text: {
        start: '营收',
        end: '增长',
        startindex: 0,
        endindex: 0,
        quotemd5: md5Hex(Buffer.from('营收增长')),
      },
    });
    expect(
      item(user.send({ kind: 'quote', text: 'x', quotedId: '1', noRef: true }).json).ref_msg,
    ).toBeUndefined();
    await sim.close();
  });

  test('voice without a transcript has no text field', async () => {
    const { sim, user } = await boundWorld();
    const v = user.send({ kind: 'voice', data: Buffer.from('#!SILK_V3') });
    expect(item(v.json).voice_item).not.toHaveProperty('text');
    await sim.close();
  });

  test('a duplicate has a new message_id and the same content and token; an echo is a BOT message', async () => {
    const { sim, user, client } = await boundWorld();
    const d = user.says('twice');
    const dup = user.duplicate(d);
    expect(dup.messageId).not.toBe(d.messageId);
    expect(dup.contextToken).toBe(d.contextToken);
    const echo = user.says('from the bot', { messageType: 2 });
    expect(echo.json).toMatchObject({
      message_type: 2,
      from_user_id: user.bot?.botId,
      to_user_id: user.userId,
    });
    expect(echo.contextToken).toBe(d.contextToken);
    const a = await client.poll('');
    expect((a.json.msgs as unknown[]).length).toBe(3);
    await sim.close();
  });

  test('a user can be given a fixed ilink_user_id; a different id for the same name is refused', async () => {
    const sim = await startSim();
    const u = sim.user('fx', { userId: 'o9cq80Tq3xV7bLmN2pRs8dKf4hWc@im.wechat' });
    expect(u.userId).toBe('o9cq80Tq3xV7bLmN2pRs8dKf4hWc@im.wechat');
    expect(sim.user('fx').userId).toBe(u.userId);
    expect(() => sim.user('fx', { userId: 'o9cq80other@im.wechat' })).toThrow(/already has id/);
    await sim.close();
  });

  test('group_id appears only when a test asks for it', async () => {
    const { sim, user } = await boundWorld();
    expect(user.says('dm').json).not.toHaveProperty('group_id');
    expect(user.says('in a group', { groupId: 'g1@chatroom' }).json).toMatchObject({
      group_id: 'g1@chatroom',
    });
    await sim.close();
  });

  test('autoConfirm scans and confirms every new QR as the configured user', async () => {
    const sim = await startSim({ autoConfirm: { delayMs: 5, user: 'sandbox' } });
    const c = new IlinkTestClient(sim);
    const { qrcode } = await c.getQr();
    let status = await c.qrStatus(qrcode);
    while (status.status !== 'confirmed') status = await c.qrStatus(qrcode);
    expect(status.ilink_user_id).toBe(sim.user('sandbox').userId);
    expect(sim.owner.name).toBe('sandbox');
    await sim.close();
  });

  test('talking needs a binding; errors say what to do', async () => {
    const { sim } = await boundWorld();
    expect(() => sim.user('bob').says('hi')).toThrow(/not bound.*scan a QR first/);
    expect(() => sim.user('bob').scan()).toThrow(/no QR code is waiting/);
    await sim.close();
  });

  test('several users bind their own bots; each bot only sees its own user', async () => {
    const { sim, client } = await boundWorld({}, 'alice');
    const other = new IlinkTestClient(sim);
    await other.login('bob');
    sim.user('alice').says('from alice');
    sim.user('bob').says('from bob');
    const texts = async (c: typeof client) =>
      ((await c.poll('')).json.msgs as Item[]).map((m) => item(m).text_item?.text);
    expect(await texts(client)).toEqual(['from alice']);
    expect(await texts(other)).toEqual(['from bob']);
    await sim.close();
  });
});
