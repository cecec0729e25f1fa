import { cdata, escapeXmlPayload, xmlText } from '../escape.js';
import { fakeAesKey, fakeCdnUrl, fakeLength, fakeMediaId, md5Of } from '../fake.js';
import { randomHex } from '../ids.js';
import type { FileSpec, LinkSpec, MiniProgramSpec, MusicSpec } from '../spec.js';
import type { BuildEnv, WireMessageRecord } from '../types.js';
import { makeRecord, withGroupPrefix } from './base.js';
import {
  COMPACT,
  el,
  empty,
  ONE_SPACE,
  opt,
  raw,
  renderXml,
  TABS,
  txt,
  type XmlLayout,
  type XmlNode,
} from './xml-tree.js';

/** The desktop client's app id (files sent from 微信电脑版). */
export const DESKTOP_APP_ID = 'wx6618f1cfc6c132f8';

interface PhoneAppMsg {
  title: string;
  des?: string;
  type: number;
  url: string;
  thumbUrl?: string;
  appId?: string;
  appName?: string;
  sourceUserName?: string;
  sourceDisplayName?: string;
  extra?: XmlNode[];
}

// The element list a phone writes for a shared link / mini program (CAP Java capture, 2025 capture).
function phoneAppMsg(m: PhoneAppMsg, env: BuildEnv, layout: XmlLayout): string {
  const aes = fakeAesKey();
  const tree = el('msg', [
    el(
      'appmsg',
      [
        txt('title', m.title),
        opt('des', m.des),
        empty('action'),
        txt('type', m.type),
        txt('showtype', 0),
        txt('soundtype', 0),
        empty('mediatagname'),
        empty('messageext'),
        empty('messageaction'),
        empty('content'),
        txt('contentattr', 0),
        opt('url', m.url),
        empty('lowurl'),
        empty('dataurl'),
        empty('lowdataurl'),
        el('appattach', [
          txt('totallen', 0),
          empty('attachid'),
          empty('emoticonmd5'),
          empty('fileext'),
          txt('cdnthumburl', fakeCdnUrl(152)),
          txt('cdnthumbmd5', randomHex(32)),
          txt('cdnthumblength', fakeLength(2000, 60_000)),
          txt('cdnthumbwidth', 160),
          txt('cdnthumbheight', 160),
          txt('cdnthumbaeskey', aes),
          txt('aeskey', aes),
          txt('encryver', 0),
        ]),
        empty('extinfo'),
        opt('sourceusername', m.sourceUserName),
        opt('sourcedisplayname', m.sourceDisplayName),
        opt('thumburl', m.thumbUrl),
        empty('md5'),
        empty('statextstr'),
        ...(m.extra ?? []),
      ],
      [
        ['appid', m.appId ?? ''],
        ['sdkver', '0'],
      ],
    ),
    txt('fromusername', env.senderWxid),
    txt('scene', 0),
    el('appinfo', [txt('version', 1), txt('appname', m.appName ?? '')]),
    txt('commenturl', ''),
  ]);
  return renderXml(tree, layout);
}

/** MsgType 49 / AppMsgType 5 link share (xml declaration, one-space layout, `</msg>` + 2 line breaks). */
export function buildLink(spec: LinkSpec, env: BuildEnv): WireMessageRecord {
  const body = phoneAppMsg(
    {
      title: spec.title,
      des: spec.description,
      type: 5,
      url: spec.url,
      thumbUrl: spec.thumbUrl,
      appId: spec.appId,
      appName: spec.appName,
    },
    env,
    ONE_SPACE,
  );
  const xml = `<?xml version="1.0"?>\n${body}\n\n`;
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    ImgStatus: 2,
    FileName: spec.title,
    Url: xmlText(spec.url),
    AppMsgType: 5,
    AppInfo: { AppID: spec.appId ?? '', Type: 0 },
  });
}

/** MsgType 49 / AppMsgType 33 mini program (tab layout, `<weappinfo>`). */
export function buildMiniProgram(spec: MiniProgramSpec, env: BuildEnv): WireMessageRecord {
  const appId = spec.appId ?? `wx${randomHex(16)}`;
  const userName = spec.userName ?? `gh_${randomHex(12)}@app`;
  const url = `https://mp.weixin.qq.com/mp/waerrpage?appid=${appId}&type=upgrade&upgradetype=3#wechat_redirect`;
  const weapp = el('weappinfo', [
    raw('pagepath', cdata(spec.pagePath ?? 'pages/index/index.html')),
    txt('username', userName),
    txt('appid', appId),
    txt('version', spec.version ?? 66),
    txt('type', 2),
    raw('weappiconurl', cdata(spec.iconUrl ?? `http://wx.qlogo.cn/mmhead/${randomHex(40)}/96`)),
    raw('shareId', cdata(`1_${appId}_${randomHex(32)}_${env.createTime}_0`)),
    txt('appservicetype', 0),
  ]);
  const body = phoneAppMsg(
    {
      title: spec.title,
      type: 33,
      url,
      sourceUserName: userName,
      sourceDisplayName: spec.displayName,
      extra: [weapp],
    },
    env,
    TABS,
  );
  const xml = `<?xml version="1.0"?>\n${body}\n`;
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    ImgStatus: 2,
    FileName: spec.title,
    Url: xmlText(url),
    AppMsgType: 33,
  });
}

/** MsgType 49 / AppMsgType 3 music share (compact XML, 摇一摇搜歌 style). */
export function buildMusic(spec: MusicSpec, env: BuildEnv): WireMessageRecord {
  const appId = spec.appId ?? 'wx485a97c844086dc9';
  const tree = el('msg', [
    el(
      'appmsg',
      [
        txt('title', spec.title),
        txt('des', spec.singer ?? ''),
        txt('action', ''),
        txt('type', 3),
        txt('showtype', 0),
        txt('mediatagname', ''),
        txt('messageext', ''),
        txt('messageaction', ''),
        txt('content', ''),
        txt('contentattr', 0),
        txt('url', spec.url),
        txt('lowurl', ''),
        txt('dataurl', spec.dataUrl ?? ''),
        txt('lowdataurl', spec.lowDataUrl ?? spec.dataUrl ?? ''),
        el('appattach', [
          txt('totallen', 0),
          txt('attachid', ''),
          txt('emoticonmd5', ''),
          txt('fileext', ''),
        ]),
        txt('extinfo', ''),
        txt('sourceusername', ''),
        txt('sourcedisplayname', ''),
        txt('commenturl', ''),
        txt('thumburl', spec.thumbUrl ?? ''),
        txt('md5', ''),
      ],
      [
        ['appid', appId],
        ['sdkver', '0'],
      ],
    ),
    txt('fromusername', ''),
    txt('scene', 0),
    el('appinfo', [txt('version', 29), txt('appname', spec.appName ?? '摇一摇搜歌')]),
    txt('commenturl', ''),
  ]);
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(renderXml(tree, COMPACT))),
    FileName: spec.title,
    Url: xmlText(spec.url),
    AppMsgType: 3,
    AppInfo: { AppID: appId, Type: 0 },
  });
}

/** `EncryFileName`: the name URL-encoded, with `.` encoded too (`fileName%2Ezip`). */
export function encryFileName(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E');
}

/** The extension of a file name, without the dot (`''` if none). */
export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

/**
 * MsgType 49 / AppMsgType 6 file, as the desktop client sends it (compact XML ending in a literal
 * `<br/>` plus a line break; FileSize a string; MediaId and EncryFileName set).
 */
export function buildFile(spec: FileSpec, env: BuildEnv): WireMessageRecord {
  const size = spec.size ?? spec.data?.length ?? fakeLength(1000, 5_000_000);
  const ext = spec.ext ?? extOf(spec.name);
  const tree = el('msg', [
    el(
      'appmsg',
      [
        txt('title', spec.name),
        txt('des', ''),
        txt('action', 'view'),
        txt('type', 6),
        txt('showtype', 0),
        txt('content', ''),
        txt('url', ''),
        txt('dataurl', ''),
        txt('lowurl', ''),
        txt('lowdataurl', ''),
        raw('recorditem', cdata('')),
        txt('thumburl', ''),
        txt('messageaction', ''),
        txt('extinfo', ''),
        txt('sourceusername', ''),
        txt('sourcedisplayname', ''),
        txt('commenturl', ''),
        el('appattach', [
          txt('totallen', size),
          txt('attachid', `@cdn_${randomHex(20)}_${randomHex(32)}_1`),
          txt('emoticonmd5', ''),
          txt('fileext', ext),
          txt('cdnattachurl', fakeCdnUrl(72)),
          txt('aeskey', fakeAesKey()),
          txt('encryver', 1),
        ]),
        txt('md5', spec.md5 ?? md5Of(spec.data)),
      ],
      [
        ['appid', DESKTOP_APP_ID],
        ['sdkver', '0'],
      ],
    ),
    txt('fromusername', ''),
    txt('scene', 0),
    el('appinfo', [txt('version', 7), txt('appname', '微信电脑版')]),
    txt('commenturl', ''),
  ]);
  const xml = `${renderXml(tree, COMPACT)}<br/>\n`;
  return makeRecord(env, {
    MsgType: 49,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    FileName: spec.name,
    FileSize: String(size),
    MediaId: spec.mediaId ?? fakeMediaId(),
    AppMsgType: 6,
    AppInfo: { AppID: DESKTOP_APP_ID, Type: 0 },
    EncryFileName: encryFileName(spec.name),
  });
}
