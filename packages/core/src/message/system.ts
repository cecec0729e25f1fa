import type { SystemEvent } from './types.js';

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
  for (const [pattern, direction] of RED_PACKET) if (pattern.test(text)) return { kind: 'redPacket', direction };
  const event = text.length > MAX_SYSTEM_TEXT ? { type: 'other' as const } : systemEvent(text, selfName);
  return { kind: 'system', event };
}

function me(name: string, selfName: string): string {
  return ['你', '我', 'You', 'you', 'me'].includes(name) ? selfName : name;
}

function systemEvent(text: string, selfName: string): SystemEvent {
  let m: RegExpExecArray | null;
  const g = (i: number) => m?.[i] ?? '';
  if ((m = P.invitedSelf.exec(text) ?? P.invitedSelfEn.exec(text))) return { type: 'invitedSelf', inviter: g(1) };
  if ((m = P.youInvited.exec(text) ?? P.youInvitedEn.exec(text))) {
    return { type: 'join', inviter: selfName, members: splitNames(g(1)), via: 'invite' };
  }
  if ((m = P.qrYou.exec(text))) return { type: 'join', inviter: selfName, members: splitNames(g(1)), via: 'qrcode' };
  if ((m = P.qr.exec(text) ?? P.qrEn.exec(text))) {
    return { type: 'join', inviter: me(g(2), selfName), members: splitNames(g(1)), via: 'qrcode' };
  }
  if ((m = P.invited.exec(text) ?? P.invitedEn.exec(text))) {
    return { type: 'join', inviter: me(g(1), selfName), members: splitNames(g(2)), via: 'invite' };
  }
  if ((m = P.youRemoved.exec(text) ?? P.youRemovedEn.exec(text))) return { type: 'leave', member: g(1), by: selfName };
  if ((m = P.removedSelf.exec(text) ?? P.removedSelfEn.exec(text))) return { type: 'removedSelf', by: g(1) };
  if ((m = P.removed.exec(text))) return { type: 'leave', member: g(2), by: me(g(1), selfName) };
  if ((m = P.youRenamed.exec(text) ?? P.youRenamedEn.exec(text))) return { type: 'rename', by: selfName, topic: g(1) };
  if ((m = P.renamed.exec(text) ?? P.renamedEn.exec(text))) return { type: 'rename', by: me(g(1), selfName), topic: g(2) };
  if (P.youOpenedPacket.test(text)) return { type: 'redPacket', direction: 'received' };
  if (P.packetOpened.test(text)) return { type: 'redPacket', direction: 'sent' };
  if (P.selfRecalled.test(text)) return { type: 'selfRecalled' };
  if ((m = P.youAdded.exec(text) ?? P.youAddedEn.exec(text))) return { type: 'friendAdded', name: g(1), byMe: true };
  if ((m = P.addedYou.exec(text) ?? P.addedYouEn.exec(text))) return { type: 'friendAdded', name: g(1), byMe: false };
  if ((m = P.accepted.exec(text))) return { type: 'friendAdded', name: g(1), byMe: true };
  if ((m = P.youAccepted.exec(text))) return { type: 'friendAdded', name: g(1), byMe: false };
  if ((m = P.pat.exec(text) ?? P.patEn.exec(text))) return { type: 'pat', from: me(g(1), selfName), to: me(g(2), selfName) };
  if (P.locationEnded.test(text)) return { type: 'locationShareEnded' };
  return { type: 'other' };
}

/** True for the MsgType 1 "friend verified" variants that are really system lines. */
export function isFriendVerifiedText(text: string): boolean {
  return text.length < MAX_SYSTEM_TEXT && (P.accepted.test(text) || P.youAccepted.test(text));
}
