import { EventEmitter } from 'eventemitter3';
import { pino } from 'pino';
import type { OutgoingMessage, SendReceipt } from '../../src/adapters/web/client/types.js';
import type { WireMessage } from '../../src/adapters/web/protocol/wire.js';
import type { Contact, ContactLookup, Group, GroupMember } from '../../src/contacts/types.js';
import type { Message, MessageOf, Peer } from '../../src/message/types.js';
import type { SendOptions } from '../../src/outbox/types.js';
import type { BotApi } from '../../src/pipeline/context.js';
import type { BotEvents } from '../../src/pipeline/events.js';

export const alice: Peer = { userName: '@alice', id: 'alice', name: 'Alice (remark)', kind: 'friend' };
export const bob: Peer = { userName: '@bob', id: 'bob', name: 'Bob', kind: 'stranger' };
export const hikers: Peer = { userName: '@@hikers', id: 'hikers', name: 'Hikers', kind: 'group' };
export const me: Peer = { userName: '@me', id: 'me', name: 'Bot', kind: 'self' };

let seq = 0;

/** Build a normalized message of any kind; `fields` override the defaults. */
export function msg<K extends Message['kind']>(
  kind: K,
  fields: Partial<Omit<MessageOf<K>, 'kind'>> & Record<string, unknown> = {},
): MessageOf<K> {
  seq += 1;
  const chat = (fields.chat as Peer | undefined) ?? alice;
  const base = {
    kind,
    id: String(1000 + seq),
    time: 1_700_000_000_000 + seq,
    chat,
    sender: chat.kind === 'group' ? bob : chat,
    self: false,
    isGroup: chat.kind === 'group',
    raw: {} as WireMessage,
    ...(kind === 'text' || kind === 'quote'
      ? { text: '', fullText: '', mentions: [], isMentioned: false, mentionsAll: false }
      : {}),
  };
  return { ...base, ...fields } as unknown as MessageOf<K>;
}

/** A text message in a private chat with Alice (or wherever `fields.chat` says). */
export function text(body: string, fields: Record<string, unknown> = {}): MessageOf<'text'> {
  return msg('text', { text: body, fullText: body, ...fields });
}

/** A contact lookup knowing Bob's group nickname in Hikers. */
export function fakeContacts(): ContactLookup {
  const members: Record<string, GroupMember> = {
    '@bob': { id: 'bob', userName: '@bob', nickName: 'Bobby', displayName: 'Bob the Hiker', uin: 0 },
  };
  return {
    self: undefined,
    get: () => undefined,
    group: () => undefined as Group | undefined,
    member: (group, member) => (group === '@@hikers' ? members[member] : undefined),
    members: () => Object.values(members),
  };
}

/** Everything a fake BotApi recorded. */
export interface FakeApi extends BotApi {
  readonly sent: Array<{ message: OutgoingMessage; options: SendOptions | undefined }>;
  readonly logs: Array<Record<string, unknown>>;
}

/** A BotApi that records sends and logs (JSON lines from a real pino logger). */
export function fakeApi(): FakeApi {
  const sent: FakeApi['sent'] = [];
  const logs: FakeApi['logs'] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  let n = 0;
  return {
    sent,
    logs,
    logger,
    contacts: fakeContacts(),
    self: { userName: '@me', name: 'Bot' } as Contact,
    send: async (message, options) => {
      sent.push({ message, options });
      n += 1;
      return { msgId: String(n), clientMsgId: String(n), to: message.to } satisfies SendReceipt;
    },
  };
}

/** A typed event emitter like the Bot's. */
export function fakeEvents(): EventEmitter<BotEvents> {
  return new EventEmitter<BotEvents>();
}

/** Let every pending promise callback run (real timers only). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
