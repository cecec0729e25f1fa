import type { WireMessage } from '../adapters/web/protocol/wire.js';

/** Default number of handled `MsgId`s remembered (and persisted in the session file). */
export const DEFAULT_HANDLED_CAPACITY = 10_000;

/** What the session file keeps of an {@link InboundLedger}. */
export interface InboundLedgerJSON {
  /** MsgIds fully handled (or deliberately skipped), oldest first. */
  readonly handled: readonly string[];
  /** Messages received from the server but not handled yet, in arrival order. */
  readonly pending: readonly WireMessage[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The bot's record of incoming messages, saved in the session file with the SyncKey it belongs to:
 * which `MsgId`s are fully handled, and which messages arrived but are not handled yet.
 *
 * Together this gives "exactly once" for incoming messages across crashes: a message enters
 * `pending` in the same tick the SyncKey moves past it, and leaves it only once its middleware
 * finished. Whatever snapshot the session file holds, a message is either handled (and its id
 * dedupes any redelivery) or pending (and replayed on the next start).
 *
 * @example
 * const ledger = InboundLedger.from(saved.inbound);
 * for (const raw of ledger.receive(batch.messages)) dispatch(raw);
 * ledger.markHandled(raw.MsgId); // when the middleware finished
 */
export class InboundLedger {
  /** Most handled ids remembered; the oldest are forgotten first. */
  readonly capacity: number;
  // Insertion-ordered Set = a cheap FIFO ring of handled ids.
  readonly #handled = new Set<string>();
  readonly #pending = new Map<string, WireMessage>();
  // Pending ids already given to the bot by this process (not persisted: a restart replays them).
  readonly #emitted = new Set<string>();

  constructor(capacity: number = DEFAULT_HANDLED_CAPACITY) {
    this.capacity =
      Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_HANDLED_CAPACITY;
  }

  /** Rebuilds a ledger from {@link InboundLedger.toJSON} output; malformed parts are ignored. */
  static from(json: unknown, capacity?: number): InboundLedger {
    const ledger = new InboundLedger(capacity);
    if (!isObj(json)) return ledger;
    if (Array.isArray(json.handled)) {
      for (const id of json.handled) if (typeof id === 'string') ledger.#remember(id);
    }
    if (Array.isArray(json.pending)) {
      for (const raw of json.pending) {
        if (
          isObj(raw) &&
          typeof raw.MsgId === 'string' &&
          raw.MsgId !== '' &&
          !ledger.#handled.has(raw.MsgId)
        )
          ledger.#pending.set(raw.MsgId, raw as unknown as WireMessage);
      }
    }
    return ledger;
  }

  /** Messages received but not handled yet. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Number of handled ids remembered. */
  get handledCount(): number {
    return this.#handled.size;
  }

  /** True when `msgId` was handled (or skipped) already. */
  isHandled(msgId: string): boolean {
    return this.#handled.has(msgId);
  }

  /**
   * Records a batch from the server and returns the messages that are new: not handled, not
   * already pending. Those are pending (and marked as given to the bot) from now on.
   */
  receive(messages: readonly WireMessage[]): WireMessage[] {
    const fresh: WireMessage[] = [];
    for (const raw of messages) {
      const id = raw.MsgId;
      if (typeof id !== 'string' || id === '') {
        fresh.push(raw); // no id: nothing to dedupe by (never seen from the real server)
        continue;
      }
      if (this.#handled.has(id) || this.#pending.has(id)) continue;
      this.#pending.set(id, raw);
      this.#emitted.add(id);
      fresh.push(raw);
    }
    return fresh;
  }

  /** Pending messages this process has not given to the bot yet (loaded from the file); marks them given. */
  takeReplay(): WireMessage[] {
    const out: WireMessage[] = [];
    for (const [id, raw] of this.#pending) {
      if (this.#emitted.has(id)) continue;
      this.#emitted.add(id);
      out.push(raw);
    }
    return out;
  }

  /** The message was fully handled (or deliberately skipped): forget it as pending, remember its id. */
  markHandled(msgId: string): void {
    if (msgId === '') return;
    this.#pending.delete(msgId);
    this.#emitted.delete(msgId);
    this.#remember(msgId);
  }

  /** What the session file stores. */
  toJSON(): InboundLedgerJSON {
    return { handled: [...this.#handled], pending: [...this.#pending.values()] };
  }

  #remember(id: string): void {
    this.#handled.delete(id);
    this.#handled.add(id);
    if (this.#handled.size > this.capacity) {
      const oldest = this.#handled.values().next().value;
      if (oldest !== undefined) this.#handled.delete(oldest);
    }
  }
}
