import type { ClientEvents } from '../client/types.js';
import type { Message } from '../message/types.js';
import type { OutboxEvents } from '../outbox/types.js';

/**
 * The events a bot emits (what plugins can subscribe to through `bot.events`): the client's
 * lifecycle events, the outbox's `sent`/`failed`, and every normalized `message`.
 */
export interface BotEvents extends ClientEvents, OutboxEvents {
  message: (message: Message) => void;
}

/** Listener-function map of an event source, e.g. {@link BotEvents}. */
export type EventMap = { [K in string]: (...args: never[]) => void };

/**
 * The subscribe side of an event emitter (an eventemitter3 `EventEmitter<E>` fits).
 * `on` adds, `off` removes the same function.
 */
export interface EventSource<E extends object> {
  on<K extends keyof E & string>(event: K, listener: E[K]): unknown;
  off<K extends keyof E & string>(event: K, listener: E[K]): unknown;
}
