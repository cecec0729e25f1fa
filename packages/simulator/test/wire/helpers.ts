import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BuildEnv, ContactInfo, WireMessageRecord } from '../../src/wire/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

/** Raw text of a fixture file. */
export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}/${name}`, 'utf8');
}

/**
 * Parse a fixture keeping `NewMsgId` exact: the bare number in the file becomes a bigint
 * (JSON.parse alone would round it).
 */
export function loadFixture(name: string): Record<string, unknown> {
  const text = fixtureText(name).replace(/"NewMsgId": (\d+)/g, '"NewMsgId": "__big$1"');
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('__big') ? BigInt(value.slice(5)) : value,
  ) as Record<string, unknown>;
}

/** Remove JSON whitespace outside strings (keeps every byte of every value, number text included). */
export function minifyJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** AddMsgList entries of a sync fixture. */
export function fixtureMessages(name: string): WireMessageRecord[] {
  return loadFixture(name).AddMsgList as WireMessageRecord[];
}

export const ME = '@a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const ALICE = '@f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f00';
export const BOB = '@0aa1bb2cc3dd4ee5ff60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6';
export const CAROL = '@7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b';
export const DAVE = '@9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const GROUP = '@@9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716059c8b7a6f5e4d3c2b1a0f9e8d';
export const OFFICIAL = '@3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88';
export const NEWFRIEND = '@4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c';

/** The fixtures' cast (README), as a simulator would know it. */
export const CAST: ContactInfo[] = [
  { userName: ME, wxid: 'wxid_bot0000demo56', nickName: '测试机器人' },
  {
    userName: ALICE,
    wxid: 'wxid_alice00demo12',
    nickName: '小明',
    displayName: '山顶见',
    sex: 1,
    province: '广东',
    city: '深圳',
  },
  { userName: BOB, wxid: 'wxid_bob000demo34', nickName: 'Bob 李', sex: 1 },
  { userName: CAROL, wxid: 'wxid_carol0demo78', nickName: '卡萝', sex: 2, province: '浙江', city: '杭州' },
  { userName: DAVE, wxid: 'wxid_dave00demo90', nickName: '大卫' },
  { userName: GROUP, wxid: '1234567890@chatroom', nickName: '周末爬山群' },
  { userName: OFFICIAL, wxid: 'gh_0123456789ab', nickName: '示例服务号', verifyFlag: 24 },
  {
    userName: NEWFRIEND,
    wxid: 'wxid_newfriend0001',
    nickName: '新朋友',
    sex: 2,
    province: '广东',
    city: '深圳',
    signature: '喜欢爬山',
    attrStatus: 233765,
    snsFlag: 273,
  },
  { userName: 'filehelper', wxid: 'filehelper', nickName: '文件传输助手' },
];

export const lookup = (userName: string): ContactInfo | undefined =>
  CAST.find((c) => c.userName === userName);

const PREFIX = /^(@[a-zA-Z0-9]+|[a-zA-Z0-9_-]+):<br\/>/;

/** The env a simulator would use to produce `fixture` (ids, time, direction, group sender). */
export function envFor(fixture: WireMessageRecord): BuildEnv {
  const group = fixture.FromUserName.startsWith('@@') ? fixture.FromUserName : undefined;
  const toGroup = fixture.ToUserName.startsWith('@@') ? fixture.ToUserName : undefined;
  const match = group && fixture.MsgType !== 10000 ? PREFIX.exec(fixture.Content) : null;
  const sender = match?.[1] ?? fixture.FromUserName;
  const room = group ?? toGroup;
  return {
    msgId: fixture.MsgId,
    newMsgId: fixture.NewMsgId,
    createTime: fixture.CreateTime,
    fromUserName: fixture.FromUserName,
    toUserName: fixture.ToUserName,
    ...(match?.[1] ? { groupSenderUserName: match[1] } : {}),
    senderWxid: lookup(sender)?.wxid ?? 'wxid_unknown',
    receiverWxid: lookup(fixture.ToUserName)?.wxid ?? 'wxid_unknown',
    ...(room ? { chatRoomWxid: lookup(room)?.wxid ?? '' } : {}),
    selfUserName: ME,
    lookup,
  };
}

/**
 * Replace the values of invented XML attributes / elements (escaped payload form) by `*`, so two
 * Contents can be compared exactly on everything else.
 */
export function normalizeInvented(content: string, names: readonly string[]): string {
  let out = content;
  for (const name of names) {
    out = out.replace(new RegExp(`(\\s${name}=")[^"]*(")`, 'g'), '$1*$2');
    out = out.replace(
      new RegExp(`(&lt;${name}&gt;)(?:(?!&lt;/${name}&gt;).)*(&lt;/${name}&gt;)`, 'g'),
      '$1*$2',
    );
  }
  return out;
}

/** `typeof` of every key, recursively for nested objects, in key order. */
export function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value;
  if (Array.isArray(value)) return value.map(shape);
  return Object.entries(value).map(([k, v]) => [k, shape(v)]);
}
