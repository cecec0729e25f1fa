import type { ContactLookup } from '../../../contacts/types.js';
import type { Peer } from '../../../message/types.js';
import { classifyContact, isGroupUserName } from '../contacts/classify.js';
import type { WireMessage } from '../protocol/wire.js';

/** The sender of group system lines: nobody knowable. */
export const NO_SENDER: Peer = Object.freeze({ userName: '', id: '', name: '', kind: 'stranger' });

// Official client regex (protocol.md §6.3). Anchored, two simple classes: linear on any input.
const GROUP_PREFIX = /^(@[a-zA-Z0-9]+|[a-zA-Z0-9_-]+):<br\/>/;

/** Splits `@sender:<br/>body` into sender and body; undefined when there is no prefix. */
export function splitGroupPrefix(content: string): { sender: string; body: string } | undefined {
  const m = GROUP_PREFIX.exec(content);
  if (!m || m[1] === undefined) return undefined;
  return { sender: m[1], body: content.slice(m[0].length) };
}

/** A peer for a UserName: the stored contact, or a bare peer whose id is the UserName. */
export function peerOf(userName: string, contacts: ContactLookup): Peer {
  const c = contacts.get(userName);
  if (c) return { userName, id: c.id, name: c.name, kind: c.kind };
  return { userName, id: userName, name: '', kind: classifyContact({ userName }, contacts.self?.userName) };
}

/** The bot as a peer. */
export function selfPeer(contacts: ContactLookup, fallbackUserName: string): Peer {
  const me = contacts.self;
  if (me) return { userName: me.userName, id: me.id, name: me.name, kind: 'self' };
  return { userName: fallbackUserName, id: fallbackUserName, name: '', kind: 'self' };
}

/**
 * A group member as a peer. Name: their group display name (群昵称), else the contact's remark or
 * nickname, else the member nickname.
 */
export function memberPeer(groupUserName: string, userName: string, contacts: ContactLookup): Peer {
  const member = contacts.member(groupUserName, userName);
  const contact = contacts.get(userName);
  const isSelf = contacts.self !== undefined && contacts.self.userName === userName;
  const name = member?.displayName || contact?.remarkName || contact?.nickName || member?.nickName || '';
  return {
    userName,
    id: contact?.id ?? member?.id ?? userName,
    name,
    kind: isSelf ? 'self' : (contact?.kind ?? 'stranger'),
  };
}

/** Who sent what, where: the common fields every message kind shares, minus `kind`. */
export interface Envelope {
  readonly id: string;
  readonly time: number;
  readonly chat: Peer;
  readonly sender: Peer;
  readonly self: boolean;
  readonly isGroup: boolean;
  readonly raw: WireMessage;
  /** Content with the group prefix removed (untouched otherwise). */
  readonly body: string;
  /** True when the group message had no `@sender:<br/>` prefix (system lines, bot's own). */
  readonly noPrefix: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Reads the common fields of a raw message (protocol.md §6.1, §6.3). Never throws on odd fields. */
export function envelope(raw: WireMessage, contacts: ContactLookup): Envelope {
  const from = str(raw.FromUserName);
  const to = str(raw.ToUserName);
  const selfName = contacts.self?.userName ?? '';
  const outgoing = from === '' || (selfName !== '' && from === selfName);
  const chatUserName = outgoing ? to : from;
  const isGroup = isGroupUserName(chatUserName);
  const content = str(raw.Content);
  const chat = peerOf(chatUserName, contacts);
  const id =
    typeof raw.MsgId === 'string' ? raw.MsgId : typeof raw.MsgId === 'number' ? String(raw.MsgId) : '';
  const time =
    typeof raw.CreateTime === 'number' && Number.isFinite(raw.CreateTime) ? raw.CreateTime * 1000 : 0;
  // Plain literals, not `{ ...common, … }`: V8 (Node 20) clones spread-then-extend literals slowly,
  // and this runs for every message.
  if (outgoing) {
    const sender = selfPeer(contacts, from);
    return { id, time, chat, isGroup, raw, sender, self: true, body: content, noPrefix: isGroup };
  }
  if (!isGroup) {
    return { id, time, chat, isGroup, raw, sender: chat, self: false, body: content, noPrefix: false };
  }
  const split = splitGroupPrefix(content);
  if (!split) {
    return { id, time, chat, isGroup, raw, sender: NO_SENDER, self: false, body: content, noPrefix: true };
  }
  const sender = memberPeer(chatUserName, split.sender, contacts);
  const self = sender.kind === 'self';
  return { id, time, chat, isGroup, raw, sender, self, body: split.body, noPrefix: false };
}
