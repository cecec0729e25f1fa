import { escapeXmlPayload, xmlText } from '../escape.js';
import { fakeDigits, fakeStrangerId } from '../fake.js';
import { randomHex } from '../ids.js';
import type { CardSpec, FriendRequestSpec } from '../spec.js';
import type { BuildEnv, ContactInfo, WireMessageRecord } from '../types.js';
import { emptyRecommendInfo, makeRecord, withGroupPrefix } from './base.js';

const attrs = (pairs: Array<[string, string | number]>): string =>
  pairs.map(([k, v]) => `${k}="${xmlText(v)}"`).join(' ');

function mustLookup(env: BuildEnv, userName: string): ContactInfo {
  return env.lookup(userName) ?? { userName, wxid: userName, nickName: '' };
}

const headUrl = (size: 0 | 132, seed: string): string => `http://wx.qlogo.cn/mmhead/ver_1/${seed}/${size}`;

/**
 * MsgType 42 (§6.4). Persons are carded by an encrypted `v1_…@stranger` id, official accounts
 * (`VerifyFlag & 8`) by their `gh_…` id with certflag/brand fields. RecommendInfo carries the
 * target's session UserName, Scene 17.
 */
export function buildCard(spec: CardSpec, env: BuildEnv): WireMessageRecord {
  const target = mustLookup(env, spec.target);
  const verifyFlag = target.verifyFlag ?? 0;
  const official = (verifyFlag & 8) !== 0;
  const seed = randomHex(64);
  const region = spec.regionCode ?? (official ? '' : 'CN');
  // The captured card has a double space between nickname and shortpy.
  const head = attrs([
    ['bigheadimgurl', headUrl(0, seed)],
    ['smallheadimgurl', headUrl(132, seed)],
    ['username', official ? target.wxid : fakeStrangerId('v1')],
    ['nickname', target.nickName],
  ]);
  const tail = attrs([
    ['shortpy', ''],
    ['alias', target.alias ?? ''],
    ['imagestatus', 3],
    ['scene', 17],
    ['province', target.province ?? ''],
    ['city', target.city ?? ''],
    ['sign', target.signature ?? ''],
    ['sex', target.sex ?? 0],
    ['certflag', official ? verifyFlag : 0],
    ['certinfo', spec.certInfo ?? ''],
    ['brandIconUrl', official ? headUrl(0, seed) : ''],
    ['brandHomeUrl', ''],
    ['brandSubscriptConfigUrl', ''],
    ['brandFlags', 0],
    ['regionCode', region],
    ['antispamticket', official ? '' : fakeStrangerId('v2')],
  ]);
  const xml = `<?xml version="1.0"?>\n<msg ${head}  ${tail} />\n`;
  return makeRecord(env, {
    MsgType: 42,
    Content: withGroupPrefix(env, escapeXmlPayload(xml)),
    RecommendInfo: {
      ...emptyRecommendInfo(),
      UserName: target.userName,
      NickName: target.nickName,
      Province: target.province ?? '',
      City: target.city ?? '',
      Alias: target.alias ?? '',
      Scene: 17,
      VerifyFlag: verifyFlag,
      AttrStatus: spec.attrStatus ?? 32,
      Sex: target.sex ?? 0,
    },
  });
}

/**
 * MsgType 37 friend request (§6.4), always from `fmessage`. The XML follows the captured attribute
 * order (double space after `content`, `<brandlist>` child); RecommendInfo holds the useful part.
 */
export function buildFriendRequest(spec: FriendRequestSpec, env: BuildEnv): WireMessageRecord {
  const who = mustLookup(env, spec.requester);
  const ticket = spec.ticket ?? fakeStrangerId('v2');
  const scene = spec.scene ?? (spec.chatRoomWxid ? 14 : 3);
  const seed = randomHex(64);
  const head = attrs([
    ['fromusername', who.wxid],
    ['encryptusername', fakeStrangerId('v1')],
    ['fromnickname', who.nickName],
    ['content', spec.greeting],
  ]);
  const tail = attrs([
    ['shortpy', spec.shortPy ?? ''],
    ['imagestatus', 3],
    ['scene', scene],
    ['country', 'CN'],
    ['province', spec.xmlProvince ?? who.province ?? ''],
    ['city', spec.xmlCity ?? who.city ?? ''],
    ['sign', who.signature ?? ''],
    ['percard', 1],
    ['sex', who.sex ?? 0],
    ['alias', who.alias ?? ''],
    ['weibo', ''],
    ['albumflag', 0],
    ['albumstyle', 0],
    ['albumbgimgid', ''],
    ['snsflag', who.snsFlag ?? 0],
    ['snsbgimgid', `http://shmmsns.qpic.cn/mmsns/${randomHex(40)}/0`],
    ['snsbgobjectid', fakeDigits(20)],
    ['mhash', randomHex(32)],
    ['mfullhash', randomHex(32)],
    ['bigheadimgurl', headUrl(0, seed)],
    ['smallheadimgurl', headUrl(132, seed)],
    ['ticket', ticket],
    ['opcode', 2],
    ['googlecontact', ''],
    ['qrticket', ''],
    ['chatroomusername', spec.chatRoomWxid ?? ''],
    ['sourceusername', ''],
    ['sourcenickname', ''],
    ['sharecardusername', ''],
    ['sharecardnickname', ''],
    ['cardversion', ''],
    ['extflag', 0],
  ]);
  const xml = `<msg ${head}  ${tail}><brandlist count="0" ver="${fakeDigits(9)}"></brandlist></msg>`;
  return makeRecord(env, {
    FromUserName: 'fmessage',
    ToUserName: env.selfUserName,
    MsgType: 37,
    Content: escapeXmlPayload(xml),
    RecommendInfo: {
      ...emptyRecommendInfo(),
      UserName: who.userName,
      NickName: who.nickName,
      Province: who.province ?? '',
      City: who.city ?? '',
      Content: spec.greeting,
      Signature: who.signature ?? '',
      Alias: who.alias ?? '',
      Scene: scene,
      VerifyFlag: who.verifyFlag ?? 0,
      AttrStatus: who.attrStatus ?? 0,
      Sex: who.sex ?? 0,
      Ticket: ticket,
      OpCode: 2,
    },
  });
}
