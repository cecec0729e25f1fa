import type { Logger } from 'pino';
import type { Adapter } from './adapter/adapter.js';
import type { Message } from './message/types.js';

/** The longest a {@link TypingWhileHandling.hold} lasts (2 min): a forgotten release cannot pin "typing…". */
export const TYPING_HOLD_MAX_MS = 120_000;

/** Ends a typing hold; calling it again does nothing. */
export type ReleaseTyping = () => void;

const NOTHING_HELD: ReleaseTyping = () => undefined;

/**
 * "typing…" in a chat while any of its messages is being handled, on transports that have it
 * (`capabilities.typing`, e.g. iLink). The runtime decides; the adapter only shows and clears it.
 * Off with the runtime option `typingWhileHandling: false`. Failures are logged at debug level
 * only: a missing indicator never stops a message.
 *
 * @example
 * const typing = new TypingWhileHandling(adapter, options.typingWhileHandling !== false, logger);
 * typing.started(message); // a message of this chat went to the middleware
 * typing.finished(message); // its handling is over; cleared when it was the chat's last
 * const release = typing.hold(chat); // a plugin works on after its handler returned
 * release(); // cleared when nothing else holds the chat
 */
export class TypingWhileHandling {
  readonly #handling = new Map<string, number>();
  readonly #holds = new Map<ReleaseTyping, ReturnType<typeof setTimeout>>();
  readonly #enabled: boolean;

  constructor(
    private readonly adapter: Adapter,
    enabled: boolean,
    private readonly log: Logger,
  ) {
    this.#enabled = enabled && adapter.capabilities.typing && typeof adapter.typing === 'function';
  }

  /** A person's message was queued for the middleware. */
  started(message: Message): void {
    if (!this.#enabled || message.self) return;
    this.#add(message.chat.userName);
  }

  /** The handling of `message` is over (finished, failed or abandoned). */
  finished(message: Message): void {
    if (message.self) return;
    this.#remove(message.chat.userName);
  }

  /**
   * Keeps "typing…" in `chat` until the returned function is called or `maxMs` passed (at most
   * {@link TYPING_HOLD_MAX_MS}), counted with the chat's messages being handled: work that goes on
   * after the handler returned (a model call) keeps the indicator. A no-op where the transport has
   * no typing or the option is off.
   */
  hold(chat: string, maxMs: number = TYPING_HOLD_MAX_MS): ReleaseTyping {
    if (!this.#enabled) return NOTHING_HELD;
    this.#add(chat);
    const release: ReleaseTyping = () => {
      const timer = this.#holds.get(release);
      if (timer === undefined) return;
      clearTimeout(timer);
      this.#holds.delete(release);
      this.#remove(chat);
    };
    const bound = Math.min(Math.max(0, maxMs), TYPING_HOLD_MAX_MS);
    const timer = setTimeout(release, bound);
    timer.unref?.();
    this.#holds.set(release, timer);
    return release;
  }

  /** Clears every indicator (the bot stops); holds still open are dropped. */
  clearAll(): void {
    for (const timer of this.#holds.values()) clearTimeout(timer);
    this.#holds.clear();
    for (const chat of this.#handling.keys()) this.#show(chat, false);
    this.#handling.clear();
  }

  #add(chat: string): void {
    const n = this.#handling.get(chat) ?? 0;
    this.#handling.set(chat, n + 1);
    if (n === 0) this.#show(chat, true);
  }

  #remove(chat: string): void {
    const n = this.#handling.get(chat);
    if (n === undefined) return;
    if (n > 1) {
      this.#handling.set(chat, n - 1);
      return;
    }
    this.#handling.delete(chat);
    this.#show(chat, false);
  }

  #show(chat: string, on: boolean): void {
    this.adapter.typing?.(chat, on).catch((err: unknown) => {
      this.log.debug(
        { err: err instanceof Error ? err.message : String(err), on },
        'typing indicator failed',
      );
    });
  }
}
