import { createHash } from 'node:crypto';
import { normalize } from '../../src/adapters/web/message/normalize.js';
import type { Peer } from '../../src/message/types.js';
import {
  ALICE,
  BOB,
  CAROL,
  GROUP,
  ME,
  messages,
  NEWFRIEND,
  nameHash,
  OFFICIAL,
  sync,
  world,
} from './fixture-world.js';

// The expected uin ids are computed here, independently of the code under test.
const uinHash = (uin: number): string =>
  `uin:${createHash('sha256').update(`uin\n${uin}`).digest('hex').slice(0, 16)}`;

const T = 1716881300000;
const SELF: Peer = { userName: ME, id: uinHash(2912345678), name: '测试机器人', kind: 'self' };
const P_ALICE: Peer = { userName: ALICE, id: 'wxid_alice00demo12', name: '明哥', kind: 'friend' };
const P_ALICE_IN_GROUP: Peer = { ...P_ALICE, name: '山顶见' };
const P_BOB: Peer = { userName: BOB, id: 'wxid_bob000demo34', name: 'Bob 李', kind: 'friend' };
const P_CAROL_IN_GROUP: Peer = {
  userName: CAROL,
  id: nameHash('person', '卡萝'),
  name: '卡萝',
  kind: 'stranger',
};
const P_GROUP: Peer = { userName: GROUP, id: '1234567890@chatroom', name: '周末爬山群', kind: 'group' };
const P_OFFICIAL: Peer = { userName: OFFICIAL, id: 'gh_0123456789ab', name: '示例服务号', kind: 'official' };
const NOBODY: Peer = { userName: '', id: '', name: '', kind: 'stranger' };
const NO_MENTIONS = { mentions: [], isMentioned: false, mentionsAll: false };

function one(file: string, index = 0) {
  const raw = messages(file)[index];
  if (!raw) throw new Error(`${file} has no message ${index}`);
  return raw;
}

/** Normalizes with the login world, after applying the file's own contact lists like the client does. */
function run(file: string, index = 0) {
  const store = world();
  const s = sync(file);
  store.applyModContacts(s.ModContactList);
  store.remove(s.DelContactList.map((d) => d.UserName));
  const raw = one(file, index);
  return { raw, msg: normalize(raw, store) };
}

function privateFrom(peer: Peer, id: string, raw: unknown) {
  return { id, time: T, chat: peer, sender: peer, self: false, isGroup: false, raw };
}

function inGroup(sender: Peer, id: string, raw: unknown) {
  return { id, time: T, chat: P_GROUP, sender, self: false, isGroup: true, raw };
}

describe('text', () => {
  test('sync-text: entities, <br/>, emoji span, face code kept', () => {
    const { raw, msg } = run('sync-text.json');
    const text = 'if a < b && c > d\n第二行 😄[微笑] "quoted"';
    expect(msg).toStrictEqual({
      kind: 'text',
      ...privateFrom(P_ALICE, '7103418922431299178', raw),
      text,
      fullText: text,
      ...NO_MENTIONS,
    });
  });

  test('sync-self-sent-echo: sent by the bot', () => {
    const { raw, msg } = run('sync-self-sent-echo.json');
    expect(msg).toStrictEqual({
      kind: 'text',
      id: '2900000000000001234',
      time: T,
      chat: P_ALICE,
      sender: SELF,
      self: true,
      isGroup: false,
      raw,
      text: '收到，马上处理',
      fullText: '收到，马上处理',
      ...NO_MENTIONS,
    });
  });

  test('sync-continueflag', () => {
    const { raw, msg } = run('sync-continueflag.json');
    expect(msg).toStrictEqual({
      kind: 'text',
      ...privateFrom(P_ALICE, '7103418922431357096', raw),
      text: '第一批消息之一',
      fullText: '第一批消息之一',
      ...NO_MENTIONS,
    });
  });

  test('sync-group-text: real sender from the prefix, group display name', () => {
    const { raw, msg } = run('sync-group-text.json');
    expect(msg).toStrictEqual({
      kind: 'text',
      ...inGroup(P_ALICE_IN_GROUP, '7103418922431301936', raw),
      text: '明天早上八点集合👍',
      fullText: '明天早上八点集合👍',
      ...NO_MENTIONS,
    });
  });

  test('sync-group-text-mention: the bot is mentioned, its mention removed from text', () => {
    const a = run('sync-group-text-mention.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'text',
      ...inGroup(P_BOB, '7103418922431303315', a.raw),
      text: '帮我查一下明天的天气',
      fullText: '@测试机器人\u2005帮我查一下明天的天气',
      mentions: ['测试机器人'],
      isMentioned: true,
      mentionsAll: false,
    });
    const b = run('sync-group-text-mention.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'text',
      ...inGroup(P_CAROL_IN_GROUP, '7103418922431304694', b.raw),
      text: '@山顶见\u2005你们俩谁带水？',
      fullText: '@山顶见\u2005@测试机器人\u2005你们俩谁带水？',
      mentions: ['山顶见', '测试机器人'],
      isMentioned: true,
      mentionsAll: false,
    });
  });

  test('sync-group-self: the bot in a group from its phone (no prefix)', () => {
    const { raw, msg } = run('sync-group-self.json');
    expect(msg).toStrictEqual({
      kind: 'text',
      id: '7103418922431306073',
      time: T,
      chat: P_GROUP,
      sender: SELF,
      self: true,
      isGroup: true,
      raw,
      text: '我从手机发到群里的消息',
      fullText: '我从手机发到群里的消息',
      ...NO_MENTIONS,
    });
  });

  test('sync-quote: group and private replies', () => {
    const a = run('sync-quote.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'quote',
      ...inGroup(P_ALICE_IN_GROUP, '7103418922431307452', a.raw),
      quotedName: 'Bob 李',
      quotedText: '明天几点出发？',
      text: '八点，老地方',
      ...NO_MENTIONS,
    });
    const b = run('sync-quote.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'quote',
      ...privateFrom(P_BOB, '7103418922431308831', b.raw),
      quotedName: '测试机器人',
      quotedText: '文件已经发你了',
      text: '收到',
      ...NO_MENTIONS,
    });
  });

  test('sync-location: MsgType 1 + SubMsgType 48', () => {
    const { raw, msg } = run('sync-location.json');
    expect(msg).toStrictEqual({
      kind: 'location',
      ...privateFrom(P_ALICE, '7103418922431322621', raw),
      lat: 22.540503,
      lng: 113.934528,
      label: '广东省深圳市南山区科技园南区',
      poiName: '腾讯大厦',
      mapUrl: 'http://apis.map.qq.com/uri/v1/geocoder?coord=22.540503,113.934528',
    });
  });
});

describe('media', () => {
  const IMAGE = { width: 90, height: 120, size: 45956, md5: '5b2c8e1d4f6a7c9e0b3d5f7a9c1e3b5d' };

  test('sync-image', () => {
    const { raw, msg } = run('sync-image.json');
    expect(msg).toStrictEqual({
      kind: 'image',
      ...privateFrom(P_ALICE, '7103418922431310210', raw),
      ...IMAGE,
    });
  });

  test('sync-group-image: XML after the sender prefix', () => {
    const { raw, msg } = run('sync-group-image.json');
    expect(msg).toStrictEqual({ kind: 'image', ...inGroup(P_BOB, '7103418922431311589', raw), ...IMAGE });
  });

  test('sync-voice', () => {
    const { raw, msg } = run('sync-voice.json');
    expect(msg).toStrictEqual({
      kind: 'voice',
      ...privateFrom(P_ALICE, '7103418922431312968', raw),
      durationMs: 3215,
    });
  });

  test('sync-video and sync-microvideo', () => {
    const v = run('sync-video.json');
    expect(v.msg).toStrictEqual({
      kind: 'video',
      ...privateFrom(P_ALICE, '7103418922431314347', v.raw),
      durationSec: 24,
      thumbWidth: 224,
      thumbHeight: 398,
      size: 1764021,
      micro: false,
    });
    const m = run('sync-microvideo.json');
    expect(m.msg).toStrictEqual({
      kind: 'video',
      ...privateFrom(P_BOB, '7103418922431315726', m.raw),
      durationSec: 6,
      thumbWidth: 224,
      thumbHeight: 398,
      size: 1764021,
      micro: true,
    });
  });

  test('sync-emoticon: private and group', () => {
    const sticker = {
      md5: 'e68363487d8f0519c4e1047de403b2e7',
      url: 'http://emoji.qpic.cn/wx_emoji/EXAMPLEcdnurlEXAMPLEcdnurlEXAMPLEcdnurl/',
      fromStore: false,
    };
    const a = run('sync-emoticon.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'emoticon',
      ...privateFrom(P_ALICE, '7103418922431317105', a.raw),
      ...sticker,
    });
    const b = run('sync-emoticon.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'emoticon',
      ...inGroup(P_BOB, '7103418922431318484', b.raw),
      ...sticker,
    });
  });

  test('sync-emoticon-store: store sticker with empty Content', () => {
    const { raw, msg } = run('sync-emoticon-store.json');
    expect(msg).toStrictEqual({
      kind: 'emoticon',
      ...privateFrom(P_ALICE, '7103418922431319863', raw),
      md5: '',
      url: '',
      fromStore: true,
    });
  });

  test('sync-card', () => {
    const { raw, msg } = run('sync-card.json');
    expect(msg).toStrictEqual({
      kind: 'card',
      ...privateFrom(P_ALICE, '7103418922431321242', raw),
      userName: CAROL,
      nickName: '卡萝',
      alias: '',
      province: '浙江',
      city: '杭州',
      isOfficial: false,
    });
  });
});

describe('app messages (49)', () => {
  test('sync-link', () => {
    const { raw, msg } = run('sync-link.json');
    expect(msg).toStrictEqual({
      kind: 'link',
      ...privateFrom(P_ALICE, '7103418922431324000', raw),
      title: '示例文章：如何在周末爬山',
      description: '一篇虚构的分享文章摘要',
      url: 'https://example.com/article?id=42&from=appmessage',
      thumbUrl: 'https://example.com/thumb.jpg',
      sourceApp: '',
    });
  });

  test('sync-music', () => {
    const { raw, msg } = run('sync-music.json');
    expect(msg).toStrictEqual({
      kind: 'music',
      ...privateFrom(P_BOB, '7103418922431325379', raw),
      title: '示例歌曲',
      description: '示例歌手',
      url: 'http://c.y.qq.com/v8/playsong.html?songid=000000&source=yqq',
      dataUrl: 'http://ws.stream.qqmusic.qq.com/C100000000EXAMPLE.m4a?vkey=EXAMPLE&guid=0&fromtag=46',
      sourceApp: '摇一摇搜歌',
    });
  });

  test('sync-mp-article: every item', () => {
    const { raw, msg } = run('sync-mp-article.json');
    expect(msg).toStrictEqual({
      kind: 'article',
      ...privateFrom(P_OFFICIAL, '7103418922431326758', raw),
      articles: [
        {
          title: '示例文章标题',
          url: 'http://mp.weixin.qq.com/s?__biz=MzAxMDEwMTAxMA==&mid=2650000001&idx=1&sn=0123456789abcdef0123456789abcdef&scene=0#rd',
          digest: '示例摘要',
          cover: 'https://mmbiz.qpic.cn/mmbiz_jpg/EXAMPLEcover1/640?wxtype=jpeg&wxfrom=0',
          pubTime: 1716880800000,
        },
        {
          title: '第二篇文章',
          url: 'http://mp.weixin.qq.com/s?__biz=MzAxMDEwMTAxMA==&mid=2650000001&idx=2&sn=fedcba9876543210fedcba9876543210&scene=0#rd',
          digest: '',
          cover: 'https://mmbiz.qpic.cn/mmbiz_jpg/EXAMPLEcover2/300?wxtype=jpeg&wxfrom=0',
          pubTime: 1716880800000,
        },
      ],
    });
  });

  test('sync-file: group file', () => {
    const { raw, msg } = run('sync-file.json');
    expect(msg).toStrictEqual({
      kind: 'file',
      ...inGroup(P_BOB, '7103418922431328137', raw),
      name: '季度报告.pdf',
      size: 1048576,
      mediaId:
        '@crypt_7a3c9e1f_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      ext: 'pdf',
    });
  });

  test('sync-miniprogram', () => {
    const { raw, msg } = run('sync-miniprogram.json');
    expect(msg).toStrictEqual({
      kind: 'miniProgram',
      ...privateFrom(P_ALICE, '7103418922431329516', raw),
      title: '示例小程序：一起去爬山',
      appId: 'wx0123456789abcdef',
      pagePath: 'pages/index/index.html?trip=42',
      sourceName: '一起去爬山',
      url: 'https://mp.weixin.qq.com/mp/waerrpage?appid=wx0123456789abcdef&type=upgrade&upgradetype=3#wechat_redirect',
    });
  });

  test('sync-transfer', () => {
    const { raw, msg } = run('sync-transfer.json');
    expect(msg).toStrictEqual({
      kind: 'transfer',
      ...privateFrom(P_ALICE, '7103418922431330895', raw),
      amount: '￥0.10',
      description: '收到转账0.10元。如需收钱，请点此升级至最新版本',
      memo: '',
      transferId: '1000050201202405280100300000000',
      paySubType: 1,
    });
  });

  test('sync-chat-history: the unsupported placeholder', () => {
    const { raw, msg } = run('sync-chat-history.json');
    expect(msg).toStrictEqual({
      kind: 'chatHistory',
      ...privateFrom(P_BOB, '7103418922431339169', raw),
      title: '',
      text: '该类型暂不支持，请在手机上查看',
    });
  });

  test('sync-realtime-location: start (49/17) and end (10000)', () => {
    const a = run('sync-realtime-location.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'system',
      ...privateFrom(P_ALICE, '7103418922431336411', a.raw),
      text: '我发起了位置共享',
      event: { type: 'locationShareStarted' },
    });
    const b = run('sync-realtime-location.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'system',
      ...privateFrom(P_ALICE, '7103418922431337790', b.raw),
      text: '位置共享已经结束',
      event: { type: 'locationShareEnded' },
    });
  });
});

describe('system, money, recall, requests, notify', () => {
  test('sync-red-packet: received (private, group) and sent', () => {
    const a = run('sync-red-packet.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'redPacket',
      ...privateFrom(P_ALICE, '7103418922431332274', a.raw),
      direction: 'received',
      text: '收到红包，请在手机上查看',
    });
    const b = run('sync-red-packet.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'redPacket',
      ...inGroup(NOBODY, '7103418922431333653', b.raw),
      direction: 'received',
      text: '收到红包，请在手机上查看',
    });
    const c = run('sync-red-packet.json', 2);
    expect(c.msg).toStrictEqual({
      kind: 'redPacket',
      id: '7103418922431335032',
      time: T,
      chat: P_BOB,
      sender: SELF,
      self: true,
      isGroup: false,
      raw: c.raw,
      direction: 'sent',
      text: '发出红包，请在手机上查看',
    });
  });

  test('sync-friend-request: requester from RecommendInfo, wxid from the XML', () => {
    const { raw, msg } = run('sync-friend-request.json');
    expect(msg).toStrictEqual({
      kind: 'friendRequest',
      id: '7103418922431340548',
      time: T,
      chat: { userName: 'fmessage', id: 'fmessage', name: '', kind: 'special' },
      sender: { userName: NEWFRIEND, id: 'wxid_newfriend0001', name: '新朋友', kind: 'stranger' },
      self: false,
      isGroup: false,
      raw,
      userName: NEWFRIEND,
      nickName: '新朋友',
      greeting: '我是群聊"周末爬山群"的新朋友',
      ticket: 'v2_fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432@stranger',
      scene: 14,
      alias: '',
      province: '广东',
      city: '深圳',
    });
  });

  test('sync-friend-added: the new friend (from ModContactList) and the safety hint', () => {
    const newFriend: Peer = {
      userName: NEWFRIEND,
      id: nameHash('person', '新朋友'),
      name: '新朋友',
      kind: 'friend',
    };
    const a = run('sync-friend-added.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'system',
      ...privateFrom(newFriend, '7103418922431341927', a.raw),
      text: '你已添加了新朋友，现在可以开始聊天了。',
      event: { type: 'friendAdded', name: '新朋友', byMe: true },
    });
    const b = run('sync-friend-added.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'system',
      ...privateFrom(newFriend, '7103418922431343306', b.raw),
      text: '如果陌生人主动添加你为朋友，请谨慎核实对方身份。',
      event: { type: 'other' },
    });
  });

  test('sync-system-join', () => {
    const { raw, msg } = run('sync-system-join.json');
    expect(msg).toStrictEqual({
      kind: 'system',
      ...inGroup(NOBODY, '7103418922431344685', raw),
      text: '"Bob 李"邀请"大卫"加入了群聊',
      event: { type: 'join', inviter: 'Bob 李', members: ['大卫'], via: 'invite' },
    });
  });

  test('sync-system-misc: invite by me, QR join, kick, rename, pat, English invite', () => {
    const expected = [
      [
        '7103418922431346064',
        '你邀请"卡萝"加入了群聊',
        { type: 'join', inviter: '测试机器人', members: ['卡萝'], via: 'invite' },
      ],
      [
        '7103418922431347443',
        '"大卫"通过扫描"小明"分享的二维码加入群聊',
        { type: 'join', inviter: '小明', members: ['大卫'], via: 'qrcode' },
      ],
      ['7103418922431348822', '你将"大卫"移出了群聊', { type: 'leave', member: '大卫', by: '测试机器人' }],
      [
        '7103418922431350201',
        '"Bob 李"修改群名为“周末爬山二群”',
        { type: 'rename', by: 'Bob 李', topic: '周末爬山二群' },
      ],
      ['7103418922431351580', '"小明" 拍了拍我', { type: 'pat', from: '小明', to: '测试机器人' }],
      [
        '7103418922431352959',
        'Bob 李 invited 大卫、卡萝 to the group chat',
        { type: 'join', inviter: 'Bob 李', members: ['大卫', '卡萝'], via: 'invite' },
      ],
    ] as const;
    expect(messages('sync-system-misc.json')).toHaveLength(expected.length);
    expected.forEach(([id, text, event], i) => {
      const { raw, msg } = run('sync-system-misc.json', i);
      expect(msg).toStrictEqual({ kind: 'system', ...inGroup(NOBODY, id, raw), text, event });
    });
  });

  test('sync-recall: private and group', () => {
    const a = run('sync-recall.json', 0);
    expect(a.msg).toStrictEqual({
      kind: 'recall',
      ...privateFrom(P_ALICE, '7103418922431354338', a.raw),
      recalledId: '7103418922431299178',
      replaceText: '"小明" 撤回了一条消息',
    });
    const b = run('sync-recall.json', 1);
    expect(b.msg).toStrictEqual({
      kind: 'recall',
      ...inGroup(P_ALICE_IN_GROUP, '7103418922431355717', b.raw),
      recalledId: '7103418922431301936',
      replaceText: '"小明" 撤回了一条消息',
    });
  });

  test('sync-statusnotify-init: code 4 with index-aligned wxids', () => {
    const { raw, msg } = run('sync-statusnotify-init.json');
    expect(msg).toStrictEqual({
      kind: 'statusNotify',
      id: '7103418922431296420',
      time: T,
      chat: SELF,
      sender: SELF,
      self: true,
      isGroup: false,
      raw,
      code: 4,
      userNames: ['filehelper', GROUP, ALICE, BOB, OFFICIAL],
      wxids: [
        'filehelper',
        '1234567890@chatroom',
        'wxid_alice00demo12',
        'wxid_bob000demo34',
        'gh_0123456789ab',
      ],
    });
  });

  test('sync-statusnotify-enter: code 2', () => {
    const { raw, msg } = run('sync-statusnotify-enter.json');
    expect(msg).toStrictEqual({
      kind: 'statusNotify',
      id: '7103418922431297799',
      time: T,
      chat: P_ALICE,
      sender: SELF,
      self: true,
      isGroup: false,
      raw,
      code: 2,
      userNames: [ALICE],
      wxids: [],
    });
  });
});
