import type { Article, Message } from '../../../message/types.js';
import { common, unknown } from './base.js';
import type { ParseOptions } from './media.js';
import type { Envelope } from './peers.js';
import { cleanText, decodeXmlText } from './text.js';
import { child, children, parseXmlPayload, textAt, toNumber, type XmlNode } from './xml.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The `ext` of a file name (`report.pdf` → `pdf`), '' if none. */
function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

function articles(appmsg: unknown): Article[] {
  const out: Article[] = [];
  for (const category of children(child(appmsg, 'mmreader'), 'category')) {
    for (const item of children(category, 'item')) {
      const pub = toNumber(textAt(item, 'pub_time'));
      out.push({
        title: textAt(item, 'title'),
        url: textAt(item, 'url'),
        digest: textAt(item, 'digest'),
        // `cover` is `url|width|height`.
        cover: textAt(item, 'cover').split('|')[0] ?? '',
        pubTime: pub > 0 ? pub * 1000 : 0,
      });
    }
  }
  return out;
}

/** MsgType 49 whose Content is not XML (the "unsupported, view on phone" placeholder). */
function placeholder(env: Envelope, type: number): Message {
  const title = str(env.raw.FileName);
  const content = cleanText(env.body).trim();
  if (type === 0 || type === 19) return { kind: 'chatHistory', ...common(env), title, text: content };
  if (type === 17) {
    return {
      kind: 'system',
      ...common(env),
      text: title || content,
      event: { type: 'locationShareStarted' },
    };
  }
  if (type === 2001) {
    return {
      kind: 'redPacket',
      ...common(env),
      direction: env.self ? 'sent' : 'received',
      text: title || content,
    };
  }
  return unknown(env, `AppMsgType ${type} without XML`);
}

/**
 * MsgType 49 (app message), by `AppMsgType` (or the XML `<type>` when the field is 0): links,
 * articles, files, music, mini programs, transfers, red packets, chat history, location sharing.
 */
export function appMessage(env: Envelope, opts: ParseOptions): Message {
  const fieldType = typeof env.raw.AppMsgType === 'number' ? env.raw.AppMsgType : 0;
  const body = env.body.trimStart();
  if (!(body.startsWith('&lt;') || body.startsWith('<'))) return placeholder(env, fieldType);
  const xml = parseXmlPayload(env.body, { maxLength: opts.maxXmlLength });
  if (!xml.ok) return unknown(env, xml.reason);
  const appmsg: XmlNode | undefined = child(xml.root, 'msg', 'appmsg') as XmlNode | undefined;
  if (appmsg === undefined) return unknown(env, 'bad XML: no <appmsg>');
  const type = fieldType || toNumber(textAt(appmsg, 'type'));
  const c = common(env);
  const title = textAt(appmsg, 'title') || str(env.raw.FileName);
  const description = textAt(appmsg, 'des');
  const url = textAt(appmsg, 'url') || decodeXmlText(str(env.raw.Url));
  const appName = textAt(xml.root, 'msg', 'appinfo', 'appname');
  switch (type) {
    case 0:
    case 19:
      return { kind: 'chatHistory', ...c, title, text: description };
    case 1:
      return {
        kind: 'text',
        ...c,
        text: title,
        fullText: title,
        mentions: [],
        isMentioned: false,
        mentionsAll: false,
      };
    case 2:
      return {
        kind: 'image',
        ...c,
        width: toNumber(textAt(appmsg, 'appattach', 'cdnthumbwidth')),
        height: toNumber(textAt(appmsg, 'appattach', 'cdnthumbheight')),
        size: toNumber(textAt(appmsg, 'appattach', 'totallen')),
        md5: textAt(appmsg, 'md5'),
      };
    case 3:
      return {
        kind: 'music',
        ...c,
        title,
        description,
        url,
        dataUrl: textAt(appmsg, 'dataurl') || textAt(appmsg, 'lowdataurl'),
        sourceApp: appName,
      };
    case 4:
    case 5:
    case 7: {
      const items = type === 5 ? articles(appmsg) : [];
      if (items.length > 0) return { kind: 'article', ...c, articles: items };
      return {
        kind: 'link',
        ...c,
        title,
        description,
        url,
        thumbUrl: textAt(appmsg, 'thumburl'),
        sourceApp: appName || textAt(appmsg, 'sourcedisplayname'),
      };
    }
    case 6: {
      const name = str(env.raw.FileName) || title;
      return {
        kind: 'file',
        ...c,
        name,
        size: toNumber(str(env.raw.FileSize)) || toNumber(textAt(appmsg, 'appattach', 'totallen')),
        mediaId: str(env.raw.MediaId) || textAt(appmsg, 'appattach', 'attachid'),
        ext: textAt(appmsg, 'appattach', 'fileext') || extOf(name),
      };
    }
    case 8:
      return {
        kind: 'emoticon',
        ...c,
        md5: textAt(appmsg, 'appattach', 'emoticonmd5') || textAt(appmsg, 'md5'),
        url: '',
        fromStore: false,
      };
    case 17:
      return { kind: 'system', ...c, text: title, event: { type: 'locationShareStarted' } };
    case 33:
    case 36:
      return {
        kind: 'miniProgram',
        ...c,
        title,
        appId: textAt(appmsg, 'weappinfo', 'appid'),
        pagePath: textAt(appmsg, 'weappinfo', 'pagepath'),
        sourceName: textAt(appmsg, 'sourcedisplayname') || appName,
        url,
      };
    case 57: {
      const refer = child(appmsg, 'refermsg');
      return {
        kind: 'quote',
        ...c,
        quotedName: textAt(refer, 'displayname'),
        quotedText: textAt(refer, 'content'),
        text: title,
        mentions: [],
        isMentioned: false,
        mentionsAll: false,
      };
    }
    case 2000: {
      const pay = child(appmsg, 'wcpayinfo');
      return {
        kind: 'transfer',
        ...c,
        amount: textAt(pay, 'feedesc'),
        description,
        memo: textAt(pay, 'pay_memo'),
        transferId: textAt(pay, 'transferid'),
        paySubType: toNumber(textAt(pay, 'paysubtype')),
      };
    }
    case 2001:
      return {
        kind: 'redPacket',
        ...c,
        direction: env.self ? 'sent' : 'received',
        text: description || title,
      };
    default:
      return unknown(env, `AppMsgType ${type}`);
  }
}
