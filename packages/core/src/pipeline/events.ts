import type { EventEmitter } from 'eventemitter3';
import type { AdapterEvents } from '../adapter/adapter.js';
import type { Contact } from '../contacts/types.js';
import type { FriendRequestMessage, Message, Peer, RecallMessage, SystemMessage } from '../message/types.js';
import type { OutboxEvents } from '../outbox/types.js';

/** Someone joined a group (system line "…邀请…加入了群聊", QR join, …). */
export interface RoomJoinEvent {
  readonly room: Peer;
  /** Names of who joined, as the system line wrote them. */
  readonly members: readonly string[];
  /** Who invited them ('' for QR joins by an unknown sharer). */
  readonly inviter: string;
  readonly via: 'invite' | 'qrcode';
  readonly message: SystemMessage;
}

/** Someone left or was removed from a group, or the bot was removed. */
export interface RoomLeaveEvent {
  readonly room: Peer;
  /** Name of who left ('' when it was the bot itself). */
  readonly member: string;
  /** Who removed them ('' if unknown). */
  readonly by: string;
  /** True when the bot itself was removed. */
  readonly self: boolean;
  readonly message: SystemMessage;
}

/** A group was renamed. */
export interface RoomTopicEvent {
  readonly room: Peer;
  readonly topic: string;
  readonly by: string;
  readonly message: SystemMessage;
}

/**
 * The events a bot emits (what plugins can subscribe to through `bot.events`): the adapter's
 * lifecycle (`qr`, `scan`, `login`, `ready`, `inbound`, `logout`, `stop`, `error`), the outbox's
 * `sent` / `failed`, every normalized `message`, and the derived `friend-request`, `room-join`,
 * `room-leave`, `room-topic`, `contact-update` and `recall`.
 */
export interface BotEvents extends AdapterEvents, OutboxEvents {
  message: (message: Message) => void;
  'friend-request': (message: FriendRequestMessage) => void;
  'room-join': (event: RoomJoinEvent) => void;
  'room-leave': (event: RoomLeaveEvent) => void;
  'room-topic': (event: RoomTopicEvent) => void;
  /** Contacts (friends, groups) changed: profile, remark, membership. */
  'contact-update': (contacts: readonly Contact[]) => void;
  recall: (message: RecallMessage) => void;
}

/** Listener-function map of an event source, e.g. {@link BotEvents}. */
export type EventMap = { [K in string]: (...args: never[]) => void };

/**
 * The subscribe side of an event emitter: an eventemitter3 `EventEmitter<E>` (what the Bot
 * extends) fits as is.
 */
export type EventSource<E extends object> = Pick<EventEmitter<E>, 'on' | 'off'>;
