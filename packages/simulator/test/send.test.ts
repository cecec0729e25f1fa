import { randomBytes } from 'node:crypto';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { call, loginFlow, sync, type TestSession } from './helpers/login-flow.js';
import { upload } from './helpers/upload.js';

const ret = (json: Record<string, unknown>): number => (json.BaseResponse as { Ret: number }).Ret;
let seq = 0;
const localId = (): string => `${Date.now()}0${String(seq++ % 1000).padStart(3, '0')}`;

describe('sending', () => {
  let sim: Simulator;
  let t: TestSession;
  let now = 1_716_881_300_000;
  beforeEach(async () => {
    now = 1_716_881_300_000;
    sim = await createSimulator({ loginHoldMs: 40, syncHoldMs: 40, now: () => now });
    sim.phone.addFriend({ wxid: 'wxid_alice', nickName: '小明' });
    sim.phone.addFriend({ wxid: 'wxid_bob', nickName: 'Bob 李' });
    sim.phone.addStranger({ wxid: 'wxid_carol', nickName: '卡萝' });
    sim.phone.addGroup({
      wxid: '1234567890@chatroom',
      topic: '周末爬山群',
      members: ['wxid_alice', 'wxid_bob', 'wxid_carol'],
    });
    t = await loginFlow(sim);
    await sync(t);
  });
  afterEach(() => sim.close());

  function send(endpoint: string, msg: Record<string, unknown>, query = '') {
    const id = localId();
    return call(
      t,
      endpoint,
      { Msg: { FromUserName: t.userName, LocalID: id, ClientMsgId: id, ...msg }, Scene: 0 },
      query,
    );
  }

  test('text: MsgID returned, echoed in the next sync with that MsgId, visible to the phone', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const { json } = await send('webwxsendmsg', {
      Type: 1,
      Content: '第一行\n第二行 😀 [微笑] a/b',
      ToUserName: alice.userName,
    });
    expect(ret(json)).toBe(0);
    expect(json.MsgID).toMatch(/^\d{19}$/);
    const { msgs } = await sync(t);
    const echo = msgs.find((m) => m.MsgId === json.MsgID);
    expect(echo?.FromUserName).toBe(t.userName);
    expect(echo?.ToUserName).toBe(alice.userName);
    expect(echo?.Content).toBe('第一行<br/>第二行 <span class="emoji emoji1f600"></span> [微笑] a/b');
    const sent = await sim.phone.waitForSent((m) => m.to.wxid === 'wxid_alice', 100);
    expect(sent).toMatchObject({
      kind: 'text',
      text: '第一行\n第二行 😀 [微笑] a/b',
      msgId: json.MsgID,
      timeMs: now,
    });
  });

  test('group mention: MsgSource atusername becomes mentions; echo has no sender prefix', async () => {
    const group = sim.phone.contact('1234567890@chatroom');
    const alice = sim.phone.contact('wxid_alice');
    const { json } = await send('webwxsendmsg', {
      Type: 1,
      Content: '@小明 周六八点集合',
      ToUserName: group.userName,
      MsgSource: `<msgsource><atusername>${alice.userName}</atusername><atchatroomname>${group.userName}</atchatroomname></msgsource>`,
    });
    expect(ret(json)).toBe(0);
    const sent = sim.phone.sent.at(-1);
    expect(sent?.mentions.map((h) => h.wxid)).toEqual(['wxid_alice']);
    const { msgs } = await sync(t);
    expect(msgs.at(-1)?.Content).toBe('@小明 周六八点集合');
  });

  test('sending to a non-friend is refused with 1204; rate limit answers 1205', async () => {
    const carol = sim.phone.contact('wxid_carol');
    const { json } = await send('webwxsendmsg', { Type: 1, Content: 'hi', ToUserName: carol.userName });
    expect(ret(json)).toBe(1204);
    const s2 = await createSimulator({ sendRateLimit: { max: 2, perMs: 60_000 } });
    const t2 = await loginFlow(s2);
    const results: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = localId();
      const r = await call(t2, 'webwxsendmsg', {
        Msg: {
          Type: 1,
          Content: 'x',
          FromUserName: t2.userName,
          ToUserName: 'filehelper',
          LocalID: id,
          ClientMsgId: id,
        },
      });
      results.push(ret(r.json));
    }
    expect(results).toEqual([0, 0, 1205]);
    await s2.close();
  });

  test('2 MB file uploaded in 512 KiB chunks, MediaId only on the last, sent as file appmsg, bytes equal', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 123);
    const chunks = await upload(t, data, { name: '季度报告.pdf', type: 'application/pdf', mediatype: 'doc' });
    expect(chunks).toHaveLength(5);
    expect(chunks.slice(0, 4).every((c) => ret(c) === 0 && c.MediaId === '')).toBe(true);
    const last = chunks[4] ?? {};
    expect(last.MediaId).toMatch(/^@crypt_/);
    expect(last.StartPos).toBe(data.length);
    expect(last.EncryFileName).toBe('%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A%2Epdf');
    const alice = sim.phone.contact('wxid_alice');
    const content = `<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''><title>季度报告.pdf</title><des></des><action></action><type>6</type><content></content><url></url><lowurl></lowurl><appattach><totallen>${data.length}</totallen><attachid>${last.MediaId}</attachid><fileext>pdf</fileext></appattach><extinfo></extinfo></appmsg>`;
    const { json } = await send(
      'webwxsendappmsg',
      { Type: 6, Content: content, ToUserName: alice.userName },
      'fun=async&f=json',
    );
    expect(ret(json)).toBe(0);
    const sent = sim.phone.sent.at(-1);
    expect(sent?.kind).toBe('file');
    expect(Buffer.from(sent?.media?.bytes ?? []).equals(data)).toBe(true);
    const { msgs } = await sync(t);
    const echo = msgs.find((m) => m.MsgId === json.MsgID);
    expect(echo?.MsgType).toBe(49);
    expect(echo?.AppMsgType).toBe(6);
    expect(echo?.FileSize).toBe(String(data.length));
  });

  test('image and video by MediaId; unknown MediaId refused; 0-byte upload refused', async () => {
    const img = randomBytes(40_000);
    const [up] = await upload(t, img);
    const alice = sim.phone.contact('wxid_alice');
    const r = await send(
      'webwxsendmsgimg',
      { Type: 3, MediaId: up?.MediaId, Content: '', ToUserName: alice.userName },
      'fun=async&f=json',
    );
    expect(ret(r.json)).toBe(0);
    expect(Buffer.from(sim.phone.sent.at(-1)?.media?.bytes ?? []).equals(img)).toBe(true);
    const [vup] = await upload(t, randomBytes(1000), {
      name: 'v.mp4',
      type: 'video/mp4',
      mediatype: 'video',
    });
    const v = await send('webwxsendvideomsg', {
      Type: 43,
      MediaId: vup?.MediaId,
      Content: '',
      ToUserName: alice.userName,
    });
    expect(ret(v.json)).toBe(0);
    expect(sim.phone.sent.at(-1)?.kind).toBe('video');
    const bad = await send('webwxsendmsgimg', {
      Type: 3,
      MediaId: '@crypt_nope',
      Content: '',
      ToUserName: alice.userName,
    });
    expect(ret(bad.json)).not.toBe(0);
    const [zero] = await upload(t, Buffer.alloc(0));
    expect(ret(zero ?? {})).not.toBe(0);
    const { msgs } = await sync(t);
    expect(msgs.find((m) => m.MsgId === r.json.MsgID)?.MsgType).toBe(3);
  });

  test('emoticon by md5 and by MediaId', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const md5 = 'e68363487d8f0519c4e1047de403b2e7';
    const a = await send(
      'webwxsendemoticon',
      { Type: 47, EmojiFlag: 2, EMoticonMd5: md5, ToUserName: alice.userName },
      'fun=sys',
    );
    expect(ret(a.json)).toBe(0);
    expect(sim.phone.sent.at(-1)?.emoticonMd5).toBe(md5);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const [up] = await upload(t, gif, { name: 'a.gif', type: 'image/gif', mediatype: 'doc' });
    const b = await send('webwxsendemoticon', {
      Type: 47,
      EmojiFlag: 2,
      MediaId: up?.MediaId,
      ToUserName: alice.userName,
    });
    expect(ret(b.json)).toBe(0);
    expect(Buffer.from(sim.phone.sent.at(-1)?.media?.bytes ?? []).equals(gif)).toBe(true);
  });

  test('location and card forwards via webwxsendmsg', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const loc =
      '<?xml version="1.0"?>\n<msg>\n\t<location x="22.540503" y="113.934528" scale="16" label="深圳市南山区" maptype="0" poiname="腾讯大厦" poiid="" />\n</msg>\n';
    const r = await send('webwxsendmsg', { Type: 48, Content: loc, ToUserName: alice.userName });
    expect(ret(r.json)).toBe(0);
    expect(sim.phone.sent.at(-1)?.kind).toBe('location');
    const c = await send('webwxsendmsg', {
      Type: 42,
      Content: '<msg username="gh_x" nickname="n" />',
      ToUserName: alice.userName,
    });
    expect(ret(c.json)).toBe(0);
    expect(sim.phone.sent.at(-1)?.kind).toBe('card');
  });

  test('revoke within 2 minutes succeeds, later or twice fails', async () => {
    const alice = sim.phone.contact('wxid_alice');
    const a = await send('webwxsendmsg', { Type: 1, Content: 'oops', ToUserName: alice.userName });
    const clientMsgId = (sim.phone.sent.at(-1)?.clientMsgId ?? '') as string;
    now += 60_000;
    const ok = await call(t, 'webwxrevokemsg', {
      SvrMsgId: a.json.MsgID,
      ToUserName: alice.userName,
      ClientMsgId: clientMsgId,
    });
    expect(ret(ok.json)).toBe(0);
    expect(ok.json.Introduction).toBe('你可以撤回2分钟内发送的消息（部分旧版本微信不支持这个功能）。');
    expect(sim.phone.sent.at(-1)?.revoked).toBe(true);
    const twice = await call(t, 'webwxrevokemsg', {
      SvrMsgId: a.json.MsgID,
      ToUserName: alice.userName,
      ClientMsgId: clientMsgId,
    });
    expect(ret(twice.json)).not.toBe(0);
    const b = await send('webwxsendmsg', { Type: 1, Content: 'late', ToUserName: alice.userName });
    now += 120_001;
    const late = await call(t, 'webwxrevokemsg', {
      SvrMsgId: b.json.MsgID,
      ToUserName: alice.userName,
      ClientMsgId: 'x',
    });
    expect(ret(late.json)).not.toBe(0);
  });

  test('checkupload: a known md5 gives the MediaId back', async () => {
    const data = randomBytes(5000);
    const [up] = await upload(t, data, { name: 'x.bin', type: 'application/octet-stream', mediatype: 'doc' });
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update(data).digest('hex');
    const r = await call(t, 'webwxcheckupload', {
      FromUserName: t.userName,
      ToUserName: 'filehelper',
      FileSize: data.length,
      FileMd5: md5,
      FileName: 'x.bin',
      FileType: 7,
    });
    expect(r.json.MediaId).toBe(up?.MediaId);
    const r2 = await call(t, 'webwxcheckupload', {
      FromUserName: t.userName,
      ToUserName: 'filehelper',
      FileSize: 30_000_000,
      FileMd5: 'ff'.repeat(16),
      FileName: 'big.zip',
      FileType: 7,
    });
    expect(r2.json.MediaId).toBe('');
    expect(r2.json.Signature).toMatch(/^v1_/);
  });
});
