import { derivedClientMsgId } from './reply-scope.js';
import type { SendOptions } from './types.js';

/**
 * Derives the `ClientMsgId` of every reply from the message it answers and its position (1st,
 * 2nd… reply while that message is handled), so handling the message again after a crash gives
 * the same ids and the outbox, its journal and the server recognise the repeats.
 *
 * The message travels explicitly: `ctx.reply` names it in `SendOptions.replyTo`. (No
 * AsyncLocalStorage: that turns on promise hooks for every promise in the process.)
 *
 * @example
 * const ids = new ReplyIds();
 * ids.open(message.id);                       // when the message is queued for handling
 * ids.idFor({ replyTo: { id: message.id, self: false } }); // '1…' (17 digits), then the next one
 * ids.close(message.id);                      // once its handling is over
 */
export class ReplyIds {
  readonly #open = new Map<string, number>();

  /** Start numbering the replies to `msgId` (no-op for an empty id). */
  open(msgId: string): void {
    if (msgId !== '' && !this.#open.has(msgId)) this.#open.set(msgId, 0);
  }

  /** Stop: later sends naming `msgId` get fresh ids. */
  close(msgId: string): void {
    this.#open.delete(msgId);
  }

  /** The derived id for a send, or undefined (no reply to an open message, or an explicit id). */
  idFor(options: SendOptions | undefined): string | undefined {
    if (options === undefined || options.clientMsgId !== undefined || options.replyTo === undefined) {
      return undefined;
    }
    const msgId = options.replyTo.id;
    const sequence = this.#open.get(msgId);
    if (sequence === undefined) return undefined;
    this.#open.set(msgId, sequence + 1);
    return derivedClientMsgId(msgId, sequence);
  }
}
