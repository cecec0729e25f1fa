import type { SystemEvent } from '../../../message/types.js';

/** Direction of a red-packet notice. */
export type RedPacketDirection = 'received' | 'sent' | 'collection';

/** A MsgType 10000 text, understood: a red-packet notice, or a system event. */
export type SystemText =
  | { readonly kind: 'redPacket'; readonly direction: RedPacketDirection }
  | { readonly kind: 'system'; readonly event: SystemEvent };

// Past this, a grey line is not a real system text; skip the regexes (they are lazy, keep them cheap).
const MAX_SYSTEM_TEXT = 1_000;

const Q_OPEN = '["“]?';
const Q_CLOSE = '["”]?';
const NAME = '(.+?)';

function re(source: string): RegExp {
  return new RegExp(source.replaceAll('{O}', Q_OPEN).replaceAll('{C}', Q_CLOSE).replaceAll('{N}', NAME), 'u');
}

const RED_PACKET: ReadonlyArray<[RegExp, RedPacketDirection]> = [
  [/^收到红包/u, 'received'],
  [/^发出红包/u, 'sent'],
  [/^群收款/u, 'collection'],
];

const P = {
  invitedSelf: re('^{O}{N}{C}邀请你加入了群聊'),
  invitedSelfEn: re('^{O}{N}{C} invited you to (?:a|the) group chat'),
  youInvited: re('^你邀请{O}{N}{C}加入了群聊$'),
  youInvitedEn: re('^You invited {O}{N}{C} to the group chat\\.?$'),
  invited: re('^{O}{N}{C}邀请{O}{N}{C}加入了群聊$'),
  invitedEn: re('^{O}{N}{C} invited {O}{N}{C} to the group chat\\.?$'),
  qrYou: re('^{O}{N}{C}通过扫描你分享的二维码加入群聊$'),
  qr: re('^{O}{N}{C}通过扫描{O}{N}{C}分享的二维码加入群聊$'),
  qrEn: re('^{O}{N}{C} joined the group chat via the QR [Cc]ode shared by {O}{N}{C}\\.?$'),
  youRemoved: re('^你将{O}{N}{C}移出了群聊$'),
  youRemovedEn: re('^You removed {O}{N}{C} from the group chat\\.?$'),
  removed: re('^{O}{N}{C}将{O}{N}{C}移出了群聊$'),
  removedSelf: re('^你被{O}{N}{C}移出群聊'),
  removedSelfEn: re('^You were removed from the group chat by {O}{N}{C}\\.?$'),
  youRenamed: re('^你修改群名为[“"]{N}[”"]$'),
  renamed: re('^{O}{N}{C}修改群名为[“"]{N}[”"]$'),
  youRenamedEn: re('^You changed the group name to [“"]{N}[”"]\\.?$'),
  renamedEn: re('^{O}{N}{C} changed the group name to [“"]{N}[”"]\\.?$'),
  youOpenedPacket: re('^你领取了{O}{N}{C}的红包'),
  packetOpened: re('^{O}{N}{C}领取了你的红包'),
  selfRecalled: /^(你撤回了一条消息|You recalled a message)/u,
  youAdded: re('^你已添加了{N}，现在可以开始聊天了'),
  youAddedEn: re('^You have added {N} as your WeChat contact'),
  addedYou: re('^{N}刚刚把你添加到通讯录'),
  addedYouEn: re('^{N} just added you to his/her contacts list'),
  accepted: re('^{O}{N}{C}通过了你的朋友验证请求'),
  youAccepted: re('^你已通过了{O}{N}{C}的朋友验证请求'),
  pat: re('^{O}{N}{C} ?拍了拍{O}{N}{C}$'),
  patEn: re('^{O}{N}{C} patted {O}{N}{C}$'),
  locationEnded: /^(位置共享已经结束|Location sharing has ended)/u,
} as const;

function splitNames(list: string): string[] {
  return list
    .split(/、|, | and /u)
    .map((n) => n.replace(/^["“]|["”]$/gu, '').trim())
    .filter((n) => n !== '');
}

/**
 * Reads a system line (MsgType 10000, already cleaned). `selfName` stands in for "你/我/You/me".
 * Parties are names as displayed, not UserNames (the server gives nothing better).
 *
 * @example
 * parseSystemText('"Bob"邀请"Dave、Carol"加入了群聊', 'Bot');
 * // { kind: 'system', event: { type: 'join', inviter: 'Bob', members: ['Dave', 'Carol'], via: 'invite' } }
 */
export function parseSystemText(raw: string, selfName: string): SystemText {
  const text = raw.trim();
  for (const [pattern, direction] of RED_PACKET)
    if (pattern.test(text)) return { kind: 'redPacket', direction };
  const event = text.length > MAX_SYSTEM_TEXT ? { type: 'other' as const } : systemEvent(text, selfName);
  return { kind: 'system', event };
}

function me(name: string, selfName: string): string {
  return ['你', '我', 'You', 'you', 'me'].includes(name) ? selfName : name;
}

type Rule = readonly [
  patterns: readonly RegExp[],
  build: (g: (i: number) => string, self: string) => SystemEvent,
];

// First match wins; the "you …" forms come before the general ones they would also match.
const RULES: readonly Rule[] = [
  [[P.invitedSelf, P.invitedSelfEn], (g) => ({ type: 'invitedSelf', inviter: g(1) })],
  [
    [P.youInvited, P.youInvitedEn],
    (g, self) => ({ type: 'join', inviter: self, members: splitNames(g(1)), via: 'invite' }),
  ],
  [[P.qrYou], (g, self) => ({ type: 'join', inviter: self, members: splitNames(g(1)), via: 'qrcode' })],
  [
    [P.qr, P.qrEn],
    (g, self) => ({ type: 'join', inviter: me(g(2), self), members: splitNames(g(1)), via: 'qrcode' }),
  ],
  [
    [P.invited, P.invitedEn],
    (g, self) => ({ type: 'join', inviter: me(g(1), self), members: splitNames(g(2)), via: 'invite' }),
  ],
  [[P.youRemoved, P.youRemovedEn], (g, self) => ({ type: 'leave', member: g(1), by: self })],
  [[P.removedSelf, P.removedSelfEn], (g) => ({ type: 'removedSelf', by: g(1) })],
  [[P.removed], (g, self) => ({ type: 'leave', member: g(2), by: me(g(1), self) })],
  [[P.youRenamed, P.youRenamedEn], (g, self) => ({ type: 'rename', by: self, topic: g(1) })],
  [[P.renamed, P.renamedEn], (g, self) => ({ type: 'rename', by: me(g(1), self), topic: g(2) })],
  [[P.youOpenedPacket], () => ({ type: 'redPacket', direction: 'received' })],
  [[P.packetOpened], () => ({ type: 'redPacket', direction: 'sent' })],
  [[P.selfRecalled], () => ({ type: 'selfRecalled' })],
  [[P.youAdded, P.youAddedEn, P.accepted], (g) => ({ type: 'friendAdded', name: g(1), byMe: true })],
  [[P.addedYou, P.addedYouEn, P.youAccepted], (g) => ({ type: 'friendAdded', name: g(1), byMe: false })],
  [[P.pat, P.patEn], (g, self) => ({ type: 'pat', from: me(g(1), self), to: me(g(2), self) })],
  [[P.locationEnded], () => ({ type: 'locationShareEnded' })],
];

function systemEvent(text: string, selfName: string): SystemEvent {
  for (const [patterns, build] of RULES) {
    for (const pattern of patterns) {
      const m = pattern.exec(text);
      if (m) return build((i) => m[i] ?? '', selfName);
    }
  }
  return { type: 'other' };
}

/** True for the MsgType 1 "friend verified" variants that are really system lines. */
export function isFriendVerifiedText(text: string): boolean {
  return text.length < MAX_SYSTEM_TEXT && (P.accepted.test(text) || P.youAccepted.test(text));
}
