import type { PhoneMessageSpec, WireMessageRecord } from '../../src/wire/index.js';
import { ALICE, BOB, CAROL, NEWFRIEND } from './helpers.js';

/** One fixture message and the phone spec that must reproduce it. */
export interface Case {
  file: string;
  index: number;
  spec: PhoneMessageSpec;
  /** XML attribute / element names whose values are invented (random) by the builder. */
  invented?: string[];
  /** Record fields whose values are invented. */
  inventedFields?: Array<keyof WireMessageRecord>;
}

const IMAGE_SPEC: PhoneMessageSpec = {
  kind: 'image',
  thumbWidth: 90,
  thumbHeight: 120,
  length: 45956,
  md5: '5b2c8e1d4f6a7c9e0b3d5f7a9c1e3b5d',
  aesKey: '6d1f3a9c2e4b5d7f8a0c1e3b5d7f9a1c',
  cdnThumbLength: 6660,
};
const VIDEO = {
  thumbWidth: 224,
  thumbHeight: 398,
  length: 1764021,
  md5: 'a110aae58f1aa4c292198e49a39d78da',
  aesKey: '33343031326433666531633863333264',
};
const EMOJI_SPEC: PhoneMessageSpec = {
  kind: 'emoticon',
  md5: 'e68363487d8f0519c4e1047de403b2e7',
  length: 86235,
  aesKey: 'a911cc2ec96ddb781b5ca85d24143642',
};
const EMOJI_INVENTED = ['cdnurl', 'encrypturl', 'externurl', 'externmd5'];
const APP_THUMB = ['cdnthumburl', 'cdnthumbmd5', 'cdnthumblength', 'cdnthumbaeskey', 'aeskey'];
const ARTICLE_URL = (idx: number, sn: string): string =>
  `http://mp.weixin.qq.com/s?__biz=MzAxMDEwMTAxMA==&mid=2650000001&idx=${idx}&sn=${sn}&scene=0#rd`;
const RECALL = { kind: 'recall', name: '小明', oldMsgId: 1660123456 } as const;

export const CASES: Case[] = [
  {
    file: 'sync-text.json',
    index: 0,
    spec: { kind: 'text', text: 'if a < b && c > d\n第二行 😄[微笑] "quoted"' },
  },
  { file: 'sync-self-sent-echo.json', index: 0, spec: { kind: 'text', text: '收到，马上处理' } },
  { file: 'sync-continueflag.json', index: 0, spec: { kind: 'text', text: '第一批消息之一' } },
  { file: 'sync-group-text.json', index: 0, spec: { kind: 'text', text: '明天早上八点集合👍' } },
  {
    file: 'sync-group-text-mention.json',
    index: 0,
    spec: { kind: 'text', text: '@测试机器人\u2005帮我查一下明天的天气' },
  },
  {
    file: 'sync-group-text-mention.json',
    index: 1,
    spec: { kind: 'text', text: '@山顶见\u2005@测试机器人\u2005你们俩谁带水？' },
  },
  { file: 'sync-group-self.json', index: 0, spec: { kind: 'text', text: '我从手机发到群里的消息' } },
  {
    file: 'sync-quote.json',
    index: 0,
    spec: { kind: 'quote', quotedName: 'Bob 李', quotedText: '明天几点出发？', reply: '八点，老地方' },
  },
  {
    file: 'sync-quote.json',
    index: 1,
    spec: { kind: 'quote', quotedName: '测试机器人', quotedText: '文件已经发你了', reply: '收到' },
  },
  { file: 'sync-image.json', index: 0, spec: IMAGE_SPEC, invented: ['cdnthumburl', 'cdnmidimgurl'] },
  { file: 'sync-group-image.json', index: 0, spec: IMAGE_SPEC, invented: ['cdnthumburl', 'cdnmidimgurl'] },
  {
    file: 'sync-voice.json',
    index: 0,
    spec: { kind: 'voice', durationMs: 3215, length: 5270, bufId: '144967399864926778' },
    invented: ['clientmsgid'],
  },
  {
    file: 'sync-video.json',
    index: 0,
    spec: { kind: 'video', durationSec: 24, ...VIDEO },
    invented: ['cdnvideourl', 'cdnthumburl', 'cdnthumblength', 'newmd5'],
  },
  {
    file: 'sync-microvideo.json',
    index: 0,
    spec: { kind: 'video', durationSec: 6, micro: true, ...VIDEO },
    // Sent by Bob but the fixture's XML names Alice's wxid (a forwarded video keeps its uploader).
    invented: ['cdnvideourl', 'cdnthumburl', 'cdnthumblength', 'newmd5', 'fromusername'],
  },
  { file: 'sync-emoticon.json', index: 0, spec: EMOJI_SPEC, invented: EMOJI_INVENTED },
  { file: 'sync-emoticon.json', index: 1, spec: EMOJI_SPEC, invented: EMOJI_INVENTED },
  { file: 'sync-emoticon-store.json', index: 0, spec: { kind: 'emoticon', store: true } },
  {
    file: 'sync-card.json',
    index: 0,
    spec: { kind: 'card', target: CAROL, regionCode: 'CN_Zhejiang_Hangzhou' },
    invented: ['bigheadimgurl', 'smallheadimgurl', 'username', 'antispamticket'],
  },
  {
    file: 'sync-location.json',
    index: 0,
    spec: {
      kind: 'location',
      lat: 22.540503,
      lng: 113.934528,
      label: '广东省深圳市南山区科技园南区',
      poiName: '腾讯大厦',
    },
  },
  {
    file: 'sync-link.json',
    index: 0,
    spec: {
      kind: 'link',
      title: '示例文章：如何在周末爬山',
      description: '一篇虚构的分享文章摘要',
      url: 'https://example.com/article?id=42&from=appmessage',
      thumbUrl: 'https://example.com/thumb.jpg',
    },
    invented: APP_THUMB,
  },
  {
    file: 'sync-music.json',
    index: 0,
    spec: {
      kind: 'music',
      title: '示例歌曲',
      singer: '示例歌手',
      url: 'http://c.y.qq.com/v8/playsong.html?songid=000000&source=yqq',
      dataUrl: 'http://ws.stream.qqmusic.qq.com/C100000000EXAMPLE.m4a?vkey=EXAMPLE&guid=0&fromtag=46',
      thumbUrl: 'http://imgcache.qq.com/music/photo/album/00/180_albumpic_000000_0.jpg',
    },
  },
  {
    file: 'sync-mp-article.json',
    index: 0,
    spec: {
      kind: 'article',
      items: [
        {
          title: '示例文章标题',
          url: ARTICLE_URL(1, '0123456789abcdef0123456789abcdef'),
          digest: '示例摘要',
          cover: 'https://mmbiz.qpic.cn/mmbiz_jpg/EXAMPLEcover1/640?wxtype=jpeg&wxfrom=0',
          pubTime: 1716880800,
        },
        {
          title: '第二篇文章',
          url: ARTICLE_URL(2, 'fedcba9876543210fedcba9876543210'),
          cover: 'https://mmbiz.qpic.cn/mmbiz_jpg/EXAMPLEcover2/300?wxtype=jpeg&wxfrom=0',
          pubTime: 1716880800,
        },
      ],
    },
  },
  {
    file: 'sync-file.json',
    index: 0,
    spec: {
      kind: 'file',
      name: '季度报告.pdf',
      size: 1048576,
      md5: '8d777f385d3dfec8815d20f7496026dc',
      mediaId:
        '@crypt_7a3c9e1f_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    },
    invented: ['attachid', 'cdnattachurl', 'aeskey'],
  },
  {
    file: 'sync-miniprogram.json',
    index: 0,
    spec: {
      kind: 'miniProgram',
      title: '示例小程序：一起去爬山',
      appId: 'wx0123456789abcdef',
      userName: 'gh_0a1b2c3d4e5f@app',
      displayName: '一起去爬山',
      pagePath: 'pages/index/index.html?trip=42',
      iconUrl: 'http://wx.qlogo.cn/mmhead/EXAMPLEweappicon/96',
    },
    invented: [...APP_THUMB, 'cdnthumbwidth', 'cdnthumbheight', 'shareId'],
  },
  {
    file: 'sync-transfer.json',
    index: 0,
    spec: {
      kind: 'transfer',
      amount: 0.1,
      transactionId: '100005020124052800012345678900000000',
      transferId: '1000050201202405280100300000000',
    },
  },
  { file: 'sync-red-packet.json', index: 0, spec: { kind: 'redPacket' } },
  { file: 'sync-red-packet.json', index: 1, spec: { kind: 'redPacket' } },
  { file: 'sync-red-packet.json', index: 2, spec: { kind: 'redPacket', sent: true } },
  { file: 'sync-realtime-location.json', index: 0, spec: { kind: 'realtimeLocation' } },
  { file: 'sync-realtime-location.json', index: 1, spec: { kind: 'locationShareEnded' } },
  { file: 'sync-chat-history.json', index: 0, spec: { kind: 'chatHistory' } },
  {
    file: 'sync-friend-request.json',
    index: 0,
    spec: {
      kind: 'friendRequest',
      requester: NEWFRIEND,
      greeting: '我是群聊"周末爬山群"的新朋友',
      ticket: 'v2_fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432@stranger',
      chatRoomWxid: '1234567890@chatroom',
      xmlProvince: 'Guangdong',
      xmlCity: 'Shenzhen',
      shortPy: 'XPY',
    },
    invented: [
      'encryptusername',
      'snsbgimgid',
      'snsbgobjectid',
      'mhash',
      'mfullhash',
      'bigheadimgurl',
      'smallheadimgurl',
      'ver',
    ],
  },
  { file: 'sync-friend-added.json', index: 0, spec: { kind: 'friendAdded', name: '新朋友' } },
  { file: 'sync-friend-added.json', index: 1, spec: { kind: 'strangerWarning' } },
  {
    file: 'sync-system-join.json',
    index: 0,
    spec: { kind: 'groupInvite', inviter: 'Bob 李', invitees: ['大卫'] },
  },
  { file: 'sync-system-misc.json', index: 0, spec: { kind: 'groupInvite', invitees: ['卡萝'] } },
  { file: 'sync-system-misc.json', index: 1, spec: { kind: 'groupQrJoin', joiner: '大卫', sharer: '小明' } },
  { file: 'sync-system-misc.json', index: 2, spec: { kind: 'groupRemove', member: '大卫' } },
  {
    file: 'sync-system-misc.json',
    index: 3,
    spec: { kind: 'groupRename', by: 'Bob 李', topic: '周末爬山二群' },
  },
  { file: 'sync-system-misc.json', index: 4, spec: { kind: 'pat', name: '小明' } },
  {
    file: 'sync-system-misc.json',
    index: 5,
    spec: { kind: 'groupInvite', inviter: 'Bob 李', invitees: ['大卫', '卡萝'], lang: 'en_US' },
  },
  { file: 'sync-recall.json', index: 0, spec: { ...RECALL, msgId: '7103418922431299178' } },
  { file: 'sync-recall.json', index: 1, spec: { ...RECALL, msgId: '7103418922431301936' } },
  {
    file: 'sync-statusnotify-init.json',
    index: 0,
    spec: {
      kind: 'statusNotify',
      code: 4,
      chats: [
        'filehelper',
        '@@9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716059c8b7a6f5e4d3c2b1a0f9e8d',
        ALICE,
        BOB,
        '@3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88',
      ],
      unread: [
        { wxid: '1234567890@chatroom', lastReadTime: 1716880011 },
        { wxid: 'MomentsUnreadMsgStatus', lastReadTime: 1716800000 },
      ],
    },
  },
  { file: 'sync-statusnotify-enter.json', index: 0, spec: { kind: 'statusNotify', code: 2, chat: ALICE } },
];
