import { escapeContent, escapeHtml, xmlText } from '../escape.js';
import type { LocationSpec, QuoteSpec, TextSpec } from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { makeRecord, withGroupPrefix } from './base.js';

/** MsgType 1 text (§6.4). */
export function buildText(spec: TextSpec, env: BuildEnv): WireMessageRecord {
  return makeRecord(env, { MsgType: 1, Content: withGroupPrefix(env, escapeContent(spec.text)) });
}

/** The web rendering of a quote/reply (§6.3): `「name：text」`, a line of 15 `- `, the reply. */
export function buildQuote(spec: QuoteSpec, env: BuildEnv): WireMessageRecord {
  const text = `「${spec.quotedName}：${spec.quotedText}」\n${'- '.repeat(14)}-\n${spec.reply}`;
  return makeRecord(env, { MsgType: 1, Content: withGroupPrefix(env, escapeContent(text)) });
}

/** Location: MsgType 1 + SubMsgType 48, map link in Content, raw XML in OriContent (§6.4). */
export function buildLocation(spec: LocationSpec, env: BuildEnv): WireMessageRecord {
  const lat = String(spec.lat);
  const lng = String(spec.lng);
  const link = `/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=xxx&msgid=${env.msgId}&pictype=location`;
  const content = `${escapeContent(spec.label)}:<br/>${link}`;
  const ori =
    '<?xml version="1.0"?>\n<msg>\n' +
    `\t<location x="${xmlText(lat)}" y="${xmlText(lng)}" scale="16" label="${xmlText(spec.label)}" ` +
    `maptype="0" poiname="${xmlText(spec.poiName ?? '[位置]')}" poiid="" />\n</msg>\n`;
  return makeRecord(env, {
    MsgType: 1,
    Content: withGroupPrefix(env, content),
    Url: `http://apis.map.qq.com/uri/v1/geocoder?coord=${escapeHtml(lat)},${escapeHtml(lng)}`,
    SubMsgType: 48,
    OriContent: ori,
  });
}
