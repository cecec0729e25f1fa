import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';

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

const TEN_POW_16 = 10n ** 16n;

// One call per send: the one-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (data: string) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * A 17-digit `ClientMsgId` (the official length) from a MsgId and a sequence number: `1` + 16
 * decimal digits of SHA-256. The server does not parse it (clients use several formats, protocol.md §7.1).
 */
export function derivedClientMsgId(msgId: string, sequence: number): string {
  const hex = sha256Hex(`wxbot-reply\n${msgId}\n${sequence}`).slice(0, 15);
  return `1${(BigInt(`0x${hex}`) % TEN_POW_16).toString().padStart(16, '0')}`;
}
