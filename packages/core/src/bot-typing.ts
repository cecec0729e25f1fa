import type { Logger } from 'pino';
import type { Adapter } from './adapter/adapter.js';
import type { Message } from './message/types.js';

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
 */
export class TypingWhileHandling {
  readonly #handling = new Map<string, number>();
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
    const chat = message.chat.userName;
    const n = this.#handling.get(chat) ?? 0;
    this.#handling.set(chat, n + 1);
    if (n === 0) this.#show(chat, true);
  }

  /** The handling of `message` is over (finished, failed or abandoned). */
  finished(message: Message): void {
    const chat = message.chat.userName;
    const n = this.#handling.get(chat);
    if (n === undefined) return;
    if (n > 1) {
      this.#handling.set(chat, n - 1);
      return;
    }
    this.#handling.delete(chat);
    this.#show(chat, false);
  }

  /** Clears every indicator (the bot stops). */
  clearAll(): void {
    for (const chat of this.#handling.keys()) this.#show(chat, false);
    this.#handling.clear();
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
