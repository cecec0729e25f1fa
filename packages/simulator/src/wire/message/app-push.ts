import { cdata, escapeXmlPayload, xmlText } from '../escape.js';
import { fakeDigits } from '../fake.js';
import type { ArticleSpec, ChatHistorySpec, RealtimeLocationSpec, TransferSpec } from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { makeRecord, UNSUPPORTED_PLACEHOLDER, withGroupPrefix } from './base.js';
import { el, LINES, raw, renderXml, txt } from './xml-tree.js';

const UPGRADE_URL =
  'https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/common_page__upgrade&text=text001&btn_text=btn_text_0';

/** Yuan text with two decimals. */
function yuan(amount: string | number): string {
  return typeof amount === 'number' ? amount.toFixed(2) : amount;
}

/**
 * MsgType 49 / AppMsgType 2000 transfer (微信转账): one element per line, CDATA values, the blank line
 * before `</wcpayinfo>` of the capture. `invalidtime` = CreateTime + 1 day.
 */
export function buildTransfer(spec: TransferSpec, env: BuildEnv): WireMessageRecord {
  const amount = yuan(spec.amount);
  const subType = spec.paySubType ?? 1;
  const des = subType === 3 ? `已收钱${amount}元` : `收到转账${amount}元。如需收钱，请点此升级至最新版本`;
  const c = (name: string, value: string | number): string => `<${name}>${cdata(String(value))}</${name}>`;
  const lines = [
    '<msg>',
    '<appmsg appid="" sdkver="">',
    c('title', '微信转账'),
    c('des', des),
    '<action></action>',
    '<type>2000</type>',
    c('content', ''),
    c('url', UPGRADE_URL),
    c('thumburl', UPGRADE_URL),
    '<lowurl></lowurl>',
    '<extinfo>',
    '</extinfo>',
    '<wcpayinfo>',
    `<paysubtype>${subType}</paysubtype>`,
    c('feedesc', `￥${amount}`),
    c('transcationid', spec.transactionId ?? `1000050201${fakeDigits(26)}`),
    c('transferid', spec.transferId ?? `1000050201${fakeDigits(21)}`),
    c('invalidtime', env.createTime + 86_400),
    c('begintransfertime', env.createTime),
    c('effectivedate', 1),
    c('pay_memo', spec.memo ?? ''),
    '',
    '</wcpayinfo>',
    '</appmsg>',
    '</msg>',
  ];
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(lines.join('\n'))),
    FileName: '微信转账',
    Url: xmlText(UPGRADE_URL),
    AppMsgType: 2000,
  });
}

/**
 * Official-account push (MsgType 49 / AppMsgType 5 with `<mmreader>`): one element per line, CDATA
 * text, one `<item>` per article. The account's wxid and nick come from the sender.
 */
export function buildArticle(spec: ArticleSpec, env: BuildEnv): WireMessageRecord {
  const account = env.lookup(env.fromUserName);
  const accountName = account?.nickName ?? '';
  const ghId = account?.wxid ?? env.senderWxid;
  const first = spec.items[0] ?? { title: '', url: '' };
  const items = spec.items.map((item) => {
    const cover = item.cover ? `${item.cover}|${item.coverWidth ?? 0}|${item.coverHeight ?? 0}` : '';
    return el('item', [
      raw('title', cdata(item.title)),
      raw('url', cdata(item.url)),
      txt('pub_time', item.pubTime ?? env.createTime),
      raw('cover', cdata(cover)),
      raw('digest', cdata(item.digest ?? '')),
    ]);
  });
  const tree = el('msg', [
    el(
      'appmsg',
      [
        raw('title', cdata(first.title)),
        raw('des', cdata(first.digest ?? '')),
        txt('action', ''),
        txt('type', 5),
        txt('showtype', 1),
        raw('content', cdata('')),
        txt('contentattr', 0),
        raw('url', cdata(first.url)),
        raw('lowurl', cdata('')),
        el('appattach', [txt('totallen', 0), txt('attachid', ''), txt('fileext', '')]),
        txt('extinfo', ''),
        el('mmreader', [
          el(
            'category',
            [raw('name', cdata(accountName)), ...items],
            [
              ['type', 20],
              ['count', spec.items.length],
            ],
          ),
          el('publisher', [raw('username', cdata(ghId)), raw('nickname', cdata(accountName))]),
        ]),
      ],
      [
        ['appid', ''],
        ['sdkver', '0'],
      ],
    ),
    raw('fromusername', cdata(ghId)),
    el('appinfo', [txt('version', 0), raw('appname', cdata(accountName))]),
  ]);
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(renderXml(tree, LINES))),
    ImgStatus: 2,
    FileName: first.title,
    Url: xmlText(first.url),
    AppMsgType: 5,
  });
}

/** Merged chat history: the web gets AppMsgType 0 and the "unsupported" placeholder. */
export function buildChatHistory(_spec: ChatHistorySpec, env: BuildEnv): WireMessageRecord {
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, UNSUPPORTED_PLACEHOLDER),
    AppMsgType: 0,
  });
}

/** Real-time location sharing start: AppMsgType 17, FileName `我发起了位置共享`, placeholder Content. */
export function buildRealtimeLocation(_spec: RealtimeLocationSpec, env: BuildEnv): WireMessageRecord {
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, UNSUPPORTED_PLACEHOLDER),
    FileName: '我发起了位置共享',
    AppMsgType: 17,
  });
}
