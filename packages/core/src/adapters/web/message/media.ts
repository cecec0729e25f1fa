import type { ContactLookup } from '../../../contacts/types.js';
import type {
  CardMessage,
  EmoticonMessage,
  FriendRequestMessage,
  ImageMessage,
  LocationMessage,
  Message,
  RecallMessage,
  StatusNotifyMessage,
  VideoMessage,
  VoiceMessage,
} from '../../../message/types.js';
import { isWxid, stableId } from '../contacts/stable-id.js';
import { common, unknown } from './base.js';
import type { Envelope } from './peers.js';
import { decodeEmoji, decodeXmlText } from './text.js';
import { attr, child, parseXmlPayload, textAt, toNumber, type XmlNode } from './xml.js';

/** Options shared by the kind parsers. */
export interface ParseOptions {
  readonly maxXmlLength: number;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Parses an optional XML body: '' is fine (no XML), anything else must parse. */
function optionalXml(
  body: string,
  opts: ParseOptions,
): { ok: true; root: XmlNode } | { ok: false; reason: string } {
  if (body.trim() === '') return { ok: true, root: {} };
  return parseXmlPayload(body, { maxLength: opts.maxXmlLength });
}

export function image(env: Envelope, opts: ParseOptions): ImageMessage | Message {
  const xml = optionalXml(env.body, opts);
  if (!xml.ok) return unknown(env, xml.reason);
  const img = child(xml.root, 'msg', 'img');
  return {
    kind: 'image',
    ...common(env),
    width: num(env.raw.ImgWidth) || toNumber(attr(img, 'cdnthumbwidth')),
    height: num(env.raw.ImgHeight) || toNumber(attr(img, 'cdnthumbheight')),
    size: toNumber(attr(img, 'length')),
    md5: attr(img, 'md5'),
  };
}

export function voice(env: Envelope, opts: ParseOptions): VoiceMessage | Message {
  const xml = optionalXml(env.body, opts);
  if (!xml.ok) return unknown(env, xml.reason);
  const v = child(xml.root, 'msg', 'voicemsg');
  return {
    kind: 'voice',
    ...common(env),
    durationMs: num(env.raw.VoiceLength) || toNumber(attr(v, 'voicelength')),
  };
}

export function video(env: Envelope, opts: ParseOptions): VideoMessage | Message {
  const xml = optionalXml(env.body, opts);
  if (!xml.ok) return unknown(env, xml.reason);
  const v = child(xml.root, 'msg', 'videomsg');
  return {
    kind: 'video',
    ...common(env),
    durationSec: num(env.raw.PlayLength) || toNumber(attr(v, 'playlength')),
    thumbWidth: num(env.raw.ImgWidth) || toNumber(attr(v, 'cdnthumbwidth')),
    thumbHeight: num(env.raw.ImgHeight) || toNumber(attr(v, 'cdnthumbheight')),
    size: toNumber(attr(v, 'length')),
    micro: env.raw.MsgType === 62,
  };
}

export function emoticon(env: Envelope, opts: ParseOptions): EmoticonMessage | Message {
  const xml = optionalXml(env.body, opts);
  if (!xml.ok) return unknown(env, xml.reason);
  const e = child(xml.root, 'msg', 'emoji');
  return {
    kind: 'emoticon',
    ...common(env),
    md5: attr(e, 'md5'),
    url: attr(e, 'cdnurl'),
    fromStore: env.raw.HasProductId === 1 || attr(e, 'productid') !== '',
  };
}

export function card(env: Envelope, opts: ParseOptions): CardMessage | Message {
  const xml = optionalXml(env.body, opts);
  if (!xml.ok) return unknown(env, xml.reason);
  const m = child(xml.root, 'msg');
  const ri = env.raw.RecommendInfo;
  const targetUserName = str(ri?.UserName);
  const xmlUser = attr(m, 'username');
  if (targetUserName === '' && xmlUser === '') return unknown(env, 'card without a target');
  return {
    kind: 'card',
    ...common(env),
    userName: targetUserName,
    nickName: decodeEmoji(str(ri?.NickName)) || attr(m, 'nickname'),
    alias: str(ri?.Alias) || attr(m, 'alias'),
    province: str(ri?.Province) || attr(m, 'province'),
    city: str(ri?.City) || attr(m, 'city'),
    isOfficial: (num(ri?.VerifyFlag) & 8) !== 0 || xmlUser.startsWith('gh_'),
  };
}

export function friendRequest(
  env: Envelope,
  contacts: ContactLookup,
  opts: ParseOptions,
): FriendRequestMessage | Message {
  const xml = optionalXml(env.body, opts);
  const m = xml.ok ? child(xml.root, 'msg') : undefined;
  const ri = env.raw.RecommendInfo;
  const userName = str(ri?.UserName);
  if (userName === '') return unknown(env, xml.ok ? 'friend request without RecommendInfo' : xml.reason);
  const nickName = decodeEmoji(str(ri?.NickName)) || attr(m, 'fromnickname');
  const alias = str(ri?.Alias) || attr(m, 'alias');
  const wxid = attr(m, 'fromusername');
  const known = contacts.get(userName);
  const id = isWxid(wxid) ? wxid : (known?.id ?? stableId({ kind: 'stranger', userName, alias, nickName }));
  return {
    kind: 'friendRequest',
    ...common(env),
    sender: { userName, id, name: known?.name || nickName, kind: known?.kind ?? 'stranger' },
    userName,
    nickName,
    greeting: decodeEmoji(str(ri?.Content)) || attr(m, 'content'),
    ticket: str(ri?.Ticket) || attr(m, 'ticket'),
    scene: num(ri?.Scene) || toNumber(attr(m, 'scene')),
    alias,
    province: str(ri?.Province) || attr(m, 'province'),
    city: str(ri?.City) || attr(m, 'city'),
  };
}

const COORD = /[?&]coord=(-?\d{1,3}(?:\.\d{1,12})?),(-?\d{1,3}(?:\.\d{1,12})?)/;

/** MsgType 1 + SubMsgType 48: `{label}:<br/>{map image path}`, coordinates in OriContent or Url. */
export function location(env: Envelope, opts: ParseOptions): LocationMessage | Message {
  const ori = str(env.raw.OriContent);
  const xml =
    ori.trim() === '' ? undefined : parseXmlPayload(ori, { escaped: false, maxLength: opts.maxXmlLength });
  const loc = xml?.ok ? child(xml.root, 'msg', 'location') : undefined;
  const url = decodeXmlText(str(env.raw.Url));
  const fromUrl = COORD.exec(url);
  let lat = toNumber(attr(loc, 'x'), Number.NaN);
  let lng = toNumber(attr(loc, 'y'), Number.NaN);
  if (Number.isNaN(lat) || Number.isNaN(lng)) {
    lat = toNumber(fromUrl?.[1] ?? '', Number.NaN);
    lng = toNumber(fromUrl?.[2] ?? '', Number.NaN);
  }
  if (Number.isNaN(lat) || Number.isNaN(lng)) return unknown(env, 'location without coordinates');
  const cut = env.body.indexOf(':<br/>');
  const label = attr(loc, 'label') || (cut > 0 ? decodeXmlText(decodeEmoji(env.body.slice(0, cut))) : '');
  return { kind: 'location', ...common(env), lat, lng, label, poiName: attr(loc, 'poiname'), mapUrl: url };
}

export function recall(env: Envelope, opts: ParseOptions): RecallMessage | Message {
  const xml = parseXmlPayload(env.body, { maxLength: opts.maxXmlLength });
  if (!xml.ok) return unknown(env, xml.reason);
  const r = child(xml.root, 'sysmsg', 'revokemsg');
  const recalledId = textAt(r, 'msgid').trim();
  if (!/^\d{1,20}$/.test(recalledId)) return unknown(env, 'recall without msgid');
  return { kind: 'recall', ...common(env), recalledId, replaceText: textAt(r, 'replacemsg').trim() };
}

export function statusNotify(env: Envelope, opts: ParseOptions): StatusNotifyMessage {
  const code = num(env.raw.StatusNotifyCode);
  const userNames = str(env.raw.StatusNotifyUserName)
    .split(',')
    .filter((u) => u !== '');
  let wxids: string[] = [];
  if (code === 4 && env.body.trim() !== '') {
    const xml = parseXmlPayload(env.body, { maxLength: opts.maxXmlLength });
    if (xml.ok) {
      const list = textAt(xml.root, 'msg', 'op', 'username')
        .split(',')
        .filter((w) => w !== '');
      // Only meaningful when index-aligned with the UserName list.
      if (list.length === userNames.length) wxids = list;
    }
  }
  return { kind: 'statusNotify', ...common(env), code, userNames, wxids };
}
