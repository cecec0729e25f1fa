import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';

/** The message being handled, as seen by sends made while handling it. */
interface ReplyScopeState {
  readonly msgId: string;
  next: number;
}

/**
 * Gives every send made while a message is handled a `ClientMsgId` derived from that message's
 * `MsgId` and the send's position (1st, 2nd… send of that handling). Handling the same message
 * again after a crash therefore produces the same ids, and the outbox, its journal and the
 * server recognise the repeats instead of sending twice.
 *
 * @example
 * const scope = new ReplyScope();
 * await scope.run(raw.MsgId, () => middleware(ctx));
 * outbox.send(msg, { clientMsgId: scope.nextId() }); // inside: derived; outside: undefined
 */
export class ReplyScope {
  readonly #storage = new AsyncLocalStorage<ReplyScopeState>();

  /** Run `fn` as the handling of message `msgId`. */
  run<T>(msgId: string, fn: () => T): T {
    return this.#storage.run({ msgId, next: 0 }, fn);
  }

  /** The id for the next send of the current handling, or undefined outside one. */
  nextId(): string | undefined {
    const state = this.#storage.getStore();
    if (!state || state.msgId === '') return undefined;
    return derivedClientMsgId(state.msgId, state.next++);
  }
}

/**
 * A 17-digit `ClientMsgId` (the official length) from a MsgId and a sequence number: `1` + 16
 * decimal digits of SHA-256. The server does not parse it (clients use several formats, protocol.md §7.1).
 */
export function derivedClientMsgId(msgId: string, sequence: number): string {
  const hex = createHash('sha256').update(`wxbot-reply\n${msgId}\n${sequence}`).digest('hex').slice(0, 15);
  return `1${(BigInt(`0x${hex}`) % 10n ** 16n).toString().padStart(16, '0')}`;
}
