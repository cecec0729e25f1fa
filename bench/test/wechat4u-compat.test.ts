/**
 * Proof for issue 3's "done when": a Web WeChat client we did not write — wechat4u 0.7.14, unmodified,
 * only its request URLs rewritten to the simulator (bench/lib/wechat4u-adapter.mjs) — logs in, syncs,
 * receives every message kind the phone can send, downloads media, sends text/image/file, and stops.
 *
 * Assertions are on what wechat4u reports (its message objects after its own decoding). Where
 * wechat4u itself mis-decodes something, the test asserts what it actually does and says why: the
 * point is that our simulator speaks the protocol, not that wechat4u is perfect.
 */
import { createSimulator, type DeliveredMessage, mentionText, type Simulator } from '@wxbot/simulator';
import { createWechat4u, stopWechat4u } from '../lib/wechat4u-adapter.mjs';

/** The parts of a wechat4u message object this test reads. */
interface W4uMessage {
  MsgId: string;
  MsgType: number;
  SubMsgType: number;
  AppMsgType: number;
  FromUserName: string;
  ToUserName: string;
  Content: string;
  OriginalContent: string;
  OriContent: string;
  FileName: string;
  FileSize: string;
  MediaId: string;
  Url: string;
  VoiceLength: number;
  PlayLength: number;
  Status: number;
  StatusNotifyCode: number;
  StatusNotifyUserName: string;
  RecommendInfo: { UserName: string; NickName: string; Ticket: string; Content: string };
  isSendBySelf: boolean;
}

/** The parts of a wechat4u bot this test uses. */
interface W4uBot {
  state: string;
  user: { UserName: string; NickName: string };
  contacts: Record<string, { UserName: string; MemberList?: Array<{ UserName: string }>; NickName: string }>;
  on(event: string, fn: (arg: never) => void): void;
  once(event: string, fn: (arg: never) => void): void;
  start(): Promise<void>;
  sendMsg(
    msg: string | { file: Buffer; filename: string } | { emoticonMd5: string },
    to: string,
  ): Promise<unknown>;
  getMsgImg(msgId: string): Promise<{ data: Buffer; type: string }>;
  getVoice(msgId: string): Promise<{ data: Buffer; type: string }>;
  getVideo(msgId: string): Promise<{ data: Buffer; type: string }>;
  getDoc(from: string, mediaId: string, fileName: string): Promise<{ data: Buffer; type: string }>;
  verifyUser(userName: string, ticket: string): Promise<{ BaseResponse: { Ret: number } }>;
  revokeMsg(msgId: string, to: string): Promise<{ BaseResponse: { Ret: number } }>;
}

const HOLD_MS = 60;
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const bytes = (n: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 7) & 255));

let sim: Simulator;
let bot: W4uBot;
const received: W4uMessage[] = [];
const errors: unknown[] = [];
const hosts = new Set<string>();
let avatarSeen = false;
let alice: { wxid: string; userName: string };
let carol: { wxid: string; userName: string };
let group: { wxid: string; userName: string };
let official: { wxid: string; userName: string };

/** Waits (polling, short) for a message wechat4u emitted. */
async function messageWith(msgId: string, timeoutMs = 3000): Promise<W4uMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = received.find((x) => x.MsgId === msgId);
    if (m) return m;
    if (Date.now() > deadline) {
      throw new Error(`wechat4u did not emit message ${msgId}; errors: ${errors.map(String).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

const got = (d: DeliveredMessage): Promise<W4uMessage> => messageWith(d.msgId);

beforeAll(async () => {
  sim = await createSimulator({ loginHoldMs: HOLD_MS, syncHoldMs: HOLD_MS });
  const a = sim.phone.addFriend({
    wxid: 'wxid_alice',
    nickName: 'Alice 小明',
    sex: 2,
    province: '浙江',
    city: '杭州',
  });
  sim.phone.addFriend({ wxid: 'wxid_bob', nickName: 'Bob 李' });
  const c = sim.phone.addStranger({ wxid: 'wxid_carol', nickName: '卡萝' });
  const g = sim.phone.addGroup({
    wxid: '1234567890@chatroom',
    topic: '周末爬山群',
    members: ['wxid_alice', 'wxid_bob', 'wxid_carol'],
    displayNames: { wxid_alice: '山顶见' },
  });
  const o = sim.phone.addOfficial({ wxid: 'gh_0123456789ab', nickName: '示例服务号' });

  bot = createWechat4u({
    serverUrl: sim.url,
    onRequest: (r: { host: string }) => hosts.add(r.host),
  }) as W4uBot;
  bot.on('uuid', (uuid: never) => sim.phone.scan(uuid));
  // wechat4u emits 'user-avatar' on the 201 answer; confirming then proves it handled the scan step.
  bot.on('user-avatar', () => {
    avatarSeen = true;
    sim.phone.confirm();
  });
  bot.on('message', (m: never) => received.push(m));
  bot.on('error', (e: never) => errors.push(e));
  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  void bot.start();
  await loggedIn;

  alice = { wxid: a.wxid, userName: a.userName };
  carol = { wxid: c.wxid, userName: c.userName };
  group = { wxid: g.wxid, userName: g.userName };
  official = { wxid: o.wxid, userName: o.userName };
  // wechat4u loads the address book after 'login' (getcontact, then batchgetcontact for empty groups).
  const deadline = Date.now() + 5000;
  while ((bot.contacts[group.userName]?.MemberList?.length ?? 0) < 4) {
    if (Date.now() > deadline)
      throw new Error(`wechat4u never loaded the group: ${errors.map(String).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
});

afterAll(async () => {
  if (bot && bot.state !== 'logout') await stopWechat4u(bot);
  await sim?.close();
});

describe('wechat4u 0.7.14 against the simulator', () => {
  test('logs in through jslogin → 201 → 200 → webwxnewloginpage (UOS, 301) → webwxinit, on the real host names', () => {
    expect(avatarSeen).toBe(true);
    expect(bot.state).toBe('login');
    expect(bot.user.NickName).toBe('测试机器人');
    expect(bot.user.UserName).toBe(sim.phone.self.userName);
    expect(sim.phone.loggedIn).toBe(true);
    // wechat4u derives login/push/file hosts from redirect_uri's host (wx2.qq.com).
    expect([...hosts].sort()).toEqual(['login.wx.qq.com', 'webpush.wx2.qq.com', 'wx2.qq.com'].sort());
  });

  test('loads friends, the group with its members, and the official account', () => {
    expect(bot.contacts[alice.userName]?.NickName).toBe('Alice 小明');
    expect(bot.contacts[official.userName]?.NickName).toBe('示例服务号');
    const members = bot.contacts[group.userName]?.MemberList?.map((m) => m.UserName) ?? [];
    expect(members).toEqual(
      expect.arrayContaining([sim.phone.self.userName, alice.userName, carol.userName]),
    );
  });

  test('text with emoji, newline and HTML-escapable characters', async () => {
    const d = sim.phone.say(alice.wxid, 'Tom & Jerry <3 😀 [微笑]\nline 2');
    const m = await got(d);
    expect(m.MsgType).toBe(1);
    expect(m.FromUserName).toBe(alice.userName);
    expect(m.ToUserName).toBe(bot.user.UserName);
    expect(m.isSendBySelf).toBe(false);
    // wechat4u decodes &lt; &gt; <br/> and emoji spans but never &amp; (its known bug): `&` stays `&amp;`.
    expect(m.Content).toBe('Tom &amp; Jerry <3 😀 [微笑]\nline 2');
    expect(m.OriginalContent).toBe(
      'Tom &amp; Jerry &lt;3 <span class="emoji emoji1f600"></span> [微笑]<br/>line 2',
    );
  });

  test('group text with an @mention (U+2005): the sender prefix becomes the group display name', async () => {
    const d = sim.phone.sayInGroup(group.wxid, 'wxid_alice', `${mentionText('测试机器人')}到山顶了吗`);
    const m = await got(d);
    expect(m.MsgType).toBe(1);
    expect(m.FromUserName).toBe(group.userName);
    expect(m.OriginalContent).toBe(`${alice.userName}:<br/>@测试机器人\u2005到山顶了吗`);
    expect(m.Content).toBe('山顶见:\n@测试机器人\u2005到山顶了吗');
  });

  test('a group member who is not a friend', async () => {
    const d = sim.phone.sayInGroup(group.wxid, 'wxid_carol', 'hi');
    const m = await got(d);
    expect(m.Content).toBe('卡萝:\nhi');
  });

  test('quote / reply (text rendering)', async () => {
    const d = sim.phone.say(alice.wxid, {
      kind: 'quote',
      quotedName: 'Bob 李',
      quotedText: '几点出发',
      reply: '八点',
    });
    const m = await got(d);
    expect(m.MsgType).toBe(1);
    expect(m.Content).toBe(`「Bob 李：几点出发」\n${'- '.repeat(14)}-\n八点`);
  });

  test('image: XML content, and webwxgetmsgimg returns the phone’s bytes', async () => {
    const data = bytes(3000, 13);
    const d = sim.phone.say(alice.wxid, { kind: 'image', data, thumbWidth: 90, thumbHeight: 120 });
    const m = await got(d);
    expect(m.MsgType).toBe(3);
    expect(m.Content.startsWith('<?xml version="1.0"?>\n<msg>\n\t<img ')).toBe(true);
    expect(m.Content).toContain(`length="${data.length}"`);
    const img = await bot.getMsgImg(m.MsgId);
    expect(Buffer.from(img.data).equals(data)).toBe(true);
  });

  test('voice: VoiceLength in ms, webwxgetvoice returns the bytes', async () => {
    const data = bytes(1589, 5);
    const d = sim.phone.say(alice.wxid, { kind: 'voice', durationMs: 960, data });
    const m = await got(d);
    expect(m.MsgType).toBe(34);
    expect(m.VoiceLength).toBe(960);
    expect(m.Content).toContain('<voicemsg ');
    const voice = await bot.getVoice(m.MsgId);
    expect(Buffer.from(voice.data).equals(data)).toBe(true);
  });

  test('video and micro video: webwxgetvideo (with Range) returns the bytes', async () => {
    const data = bytes(5000, 29);
    const d = sim.phone.say(alice.wxid, { kind: 'video', durationSec: 24, data });
    const m = await got(d);
    expect(m.MsgType).toBe(43);
    expect(m.PlayLength).toBe(24);
    expect(m.Content).toContain('<videomsg ');
    const video = await bot.getVideo(m.MsgId);
    expect(Buffer.from(video.data).equals(data)).toBe(true);
    const micro = await got(sim.phone.say(alice.wxid, { kind: 'video', durationSec: 5, micro: true }));
    expect(micro.MsgType).toBe(62);
  });

  test('emoticon (custom and store)', async () => {
    const m = await got(sim.phone.say(alice.wxid, { kind: 'emoticon', md5: 'a'.repeat(32) }));
    expect(m.MsgType).toBe(47);
    expect(m.Content).toContain(`md5="${'a'.repeat(32)}"`);
    const store = await got(sim.phone.say(alice.wxid, { kind: 'emoticon', store: true }));
    expect(store.MsgType).toBe(47);
    expect(store.Content).toBe('');
  });

  test('contact card: RecommendInfo names the carded contact', async () => {
    const m = await got(sim.phone.say(alice.wxid, { kind: 'card', target: official.userName }));
    expect(m.MsgType).toBe(42);
    expect(m.RecommendInfo.UserName).toBe(official.userName);
    expect(m.RecommendInfo.NickName).toBe('示例服务号');
    expect(m.Content).toContain('nickname="示例服务号"');
  });

  test('link (AppMsgType 5): FileName = title, Url = link', async () => {
    const url = 'https://example.com/a?x=1&y=2';
    const m = await got(sim.phone.say(alice.wxid, { kind: 'link', title: 'A & B', url, description: 'd' }));
    expect(m.MsgType).toBe(49);
    expect(m.AppMsgType).toBe(5);
    // FileName is plain text (wechat4u passes it through untouched).
    expect(m.FileName).toBe('A & B');
    expect(m.Url).toBe('https://example.com/a?x=1&amp;y=2');
    // The XML inside Content is escaped once more by the server; wechat4u only undoes &lt;/&gt;.
    expect(m.Content).toContain('<title>A &amp;amp; B</title>');
  });

  test('file (AppMsgType 6): webwxgetmedia on the file host returns the bytes', async () => {
    const data = bytes(4096, 3);
    const m = await got(sim.phone.say(alice.wxid, { kind: 'file', name: 'report.pdf', data }));
    expect(m.MsgType).toBe(49);
    expect(m.AppMsgType).toBe(6);
    expect(m.FileName).toBe('report.pdf');
    expect(m.FileSize).toBe(String(data.length));
    const doc = await bot.getDoc(m.FromUserName, m.MediaId, m.FileName);
    expect(Buffer.from(doc.data).equals(data)).toBe(true);
    expect(hosts.has('file.wx2.qq.com')).toBe(true);
  });

  test('location (MsgType 1, SubMsgType 48)', async () => {
    const m = await got(
      sim.phone.say(alice.wxid, { kind: 'location', lat: 31.2, lng: 121.5, label: '上海市浦东新区' }),
    );
    expect(m.MsgType).toBe(1);
    expect(m.SubMsgType).toBe(48);
    expect(m.Content.startsWith('上海市浦东新区:\n/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?')).toBe(true);
    expect(m.OriContent).toContain('<location x="31.2" y="121.5"');
  });

  test('mini program, transfer, music, chat history, real-time location (MsgType 49)', async () => {
    const mini = await got(
      sim.phone.say(alice.wxid, { kind: 'miniProgram', title: '小程序', displayName: '示例' }),
    );
    expect([mini.MsgType, mini.AppMsgType]).toEqual([49, 33]);
    expect(mini.Content).toContain('<weappinfo>');
    const transfer = await got(sim.phone.say(alice.wxid, { kind: 'transfer', amount: '0.10' }));
    expect([transfer.MsgType, transfer.AppMsgType, transfer.FileName]).toEqual([49, 2000, '微信转账']);
    expect(transfer.Content).toContain('<paysubtype>1</paysubtype>');
    const music = await got(
      sim.phone.say(alice.wxid, { kind: 'music', title: '晴天', url: 'https://m.example/1' }),
    );
    expect([music.MsgType, music.AppMsgType, music.FileName]).toEqual([49, 3, '晴天']);
    const history = await got(sim.phone.say(alice.wxid, { kind: 'chatHistory' }));
    expect([history.MsgType, history.AppMsgType]).toEqual([49, 0]);
    expect(history.Content).toBe('该类型暂不支持，请在手机上查看');
    const share = await got(sim.phone.say(alice.wxid, { kind: 'realtimeLocation' }));
    expect([share.MsgType, share.AppMsgType, share.FileName]).toEqual([49, 17, '我发起了位置共享']);
  });

  test('official-account article push (mmreader)', async () => {
    const m = await got(
      sim.phone.say(official.wxid, {
        kind: 'article',
        items: [
          { title: '第一篇', url: 'https://mp.example/s?a=1&b=2', digest: '摘要' },
          { title: '第二篇', url: 'https://mp.example/s?a=2' },
        ],
      }),
    );
    expect([m.MsgType, m.AppMsgType]).toEqual([49, 5]);
    expect(m.FromUserName).toBe(official.userName);
    expect(m.Content).toContain('<mmreader>');
    expect(m.Content).toContain('<category type="20" count="2">');
  });

  test('red packet and other system notices (MsgType 10000)', async () => {
    const red = await got(sim.phone.say(alice.wxid, { kind: 'redPacket' }));
    expect([red.MsgType, red.Content]).toEqual([10000, '收到红包，请在手机上查看']);
    const pat = await got(sim.phone.say(alice.wxid, { kind: 'pat', name: 'Alice 小明' }));
    expect([pat.MsgType, pat.Content]).toEqual([10000, '"Alice 小明" 拍了拍我']);
    const ended = await got(sim.phone.say(alice.wxid, { kind: 'locationShareEnded' }));
    expect([ended.MsgType, ended.Content, ended.Status]).toEqual([10000, '位置共享已经结束', 4]);

    const before = received.length;
    sim.phone.rename(group.wxid, '周末爬山群2', { by: 'wxid_alice' });
    const deadline = Date.now() + 3000;
    let rename: W4uMessage | undefined;
    while (!rename && Date.now() < deadline) {
      rename = received.slice(before).find((x) => x.MsgType === 10000 && x.FromUserName === group.userName);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(rename?.Content).toBe('"Alice 小明"修改群名为“周末爬山群2”');
  });

  test('friend request (MsgType 37) and accepting it with webwxverifyuser', async () => {
    const req = sim.phone.friendRequest({ wxid: 'wxid_newbie', nickName: '新朋友' }, '我是新朋友 & 你好');
    const m = await got(req.message);
    expect(m.MsgType).toBe(37);
    expect(m.FromUserName).toBe('fmessage');
    expect(m.RecommendInfo.NickName).toBe('新朋友');
    expect(m.RecommendInfo.Ticket).toBe(req.ticket);
    const res = await bot.verifyUser(m.RecommendInfo.UserName, m.RecommendInfo.Ticket);
    expect(res.BaseResponse.Ret).toBe(0);
  });

  test('recall (MsgType 10002) names the recalled MsgId', async () => {
    const original = sim.phone.say(alice.wxid, 'oops');
    await got(original);
    const m = await got(sim.phone.recall(alice.wxid, original.msgId));
    expect(m.MsgType).toBe(10002);
    expect(m.Content).toContain(`<msgid>${original.msgId}</msgid>`);
    expect(m.Content).toContain('<replacemsg><![CDATA["Alice 小明" 撤回了一条消息]]></replacemsg>');
  });

  test('a message sent from the phone itself is seen as sent by self', async () => {
    const m = await got(sim.phone.sendFromPhone(alice.wxid, 'from my phone'));
    expect(m.FromUserName).toBe(bot.user.UserName);
    expect(m.ToUserName).toBe(alice.userName);
    expect(m.isSendBySelf).toBe(true);
  });

  test('status notify: the conversation list after init, and entering a chat on the phone', async () => {
    const init = received.find((x) => x.MsgType === 51 && x.StatusNotifyCode === 4);
    expect(init?.StatusNotifyUserName.split(',')).toContain(group.userName);
    const m = await got(sim.phone.enterChat(alice.wxid));
    expect([m.MsgType, m.StatusNotifyCode, m.StatusNotifyUserName]).toEqual([51, 2, alice.userName]);
  });

  test('sends a text; the phone sees it byte-equal, and it comes back in sync as sent by self', async () => {
    const text = 'pong <b>&amp; 😀 [微笑]\nsecond line';
    const since = sim.phone.sent.length;
    await bot.sendMsg(text, alice.userName);
    const sent = await sim.phone.waitForSent((s) => s.kind === 'text', 3000, since);
    expect(sent.text).toBe(text);
    expect(sent.toUserName).toBe(alice.userName);
    const echo = await messageWith(sent.msgId);
    expect(echo.isSendBySelf).toBe(true);
  });

  test('sends a text to the group', async () => {
    const since = sim.phone.sent.length;
    await bot.sendMsg('大家好', group.userName);
    const sent = await sim.phone.waitForSent(() => true, 3000, since);
    expect([sent.kind, sent.text, sent.to.wxid]).toEqual(['text', '大家好', group.wxid]);
  });

  test('sends an image (upload on the file host, webwxsendmsgimg); the phone gets the same bytes', async () => {
    const since = sim.phone.sent.length;
    await bot.sendMsg({ file: PNG, filename: 'dot.png' }, alice.userName);
    const sent = await sim.phone.waitForSent(() => true, 3000, since);
    expect(sent.kind).toBe('image');
    expect(Buffer.from(sent.media?.bytes ?? []).equals(PNG)).toBe(true);
  });

  test('sends a file in 512 KiB chunks (webwxsendappmsg); the phone gets the same bytes', async () => {
    const data = bytes(600 * 1024, 17);
    const since = sim.phone.sent.length;
    await bot.sendMsg({ file: data, filename: 'big.bin' }, alice.userName);
    const sent = await sim.phone.waitForSent(() => true, 3000, since);
    expect(sent.kind).toBe('file');
    expect(sent.title).toBe('big.bin');
    expect(Buffer.from(sent.media?.bytes ?? []).equals(data)).toBe(true);
  });

  test('sends a sticker by md5, and revokes a sent message', async () => {
    const since = sim.phone.sent.length;
    await bot.sendMsg({ emoticonMd5: 'b'.repeat(32) }, alice.userName);
    const sticker = await sim.phone.waitForSent(() => true, 3000, since);
    expect([sticker.kind, sticker.emoticonMd5]).toEqual(['emoticon', 'b'.repeat(32)]);
    const res = await bot.revokeMsg(sticker.msgId, alice.userName);
    expect(res.BaseResponse.Ret).toBe(0);
    expect(sim.phone.sent.find((s) => s.msgId === sticker.msgId)?.revoked).toBe(true);
  });

  test('stops cleanly: webwxlogout ends the session', async () => {
    await stopWechat4u(bot);
    expect(bot.state).toBe('logout');
    const deadline = Date.now() + 2000;
    while (sim.phone.loggedIn && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(sim.phone.loggedIn).toBe(false);
    // Nothing went wrong on wechat4u's side during the whole session.
    expect(errors.map(String)).toEqual([]);
  });
});
