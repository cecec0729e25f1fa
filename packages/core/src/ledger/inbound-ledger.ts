/** Default number of handled ids remembered (and persisted with the adapter's cursor). */
export const DEFAULT_HANDLED_CAPACITY = 10_000;

/** What the session file keeps of an {@link InboundLedger}. */
export interface InboundLedgerJSON<Raw = unknown> {
  /** Ids fully handled (or deliberately skipped), oldest first. */
  readonly handled: readonly string[];
  /** Items received from the server but not handled yet, in arrival order. */
  readonly pending: readonly Raw[];
}

/** How a ledger finds the id of a raw item ('' or undefined: the item has none). */
export type InboundIdOf<Raw> = (raw: Raw) => string | undefined;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The bot's record of incoming items, for any adapter: saved by the adapter in the same write as
 * the cursor it belongs to (Web: the SyncKey in the session file; iLink: `get_updates_buf`), it
 * says which ids are fully handled, and which items arrived but are not handled yet.
 *
 * Together this gives "exactly once" for incoming messages across crashes: a message enters
 * `pending` in the same tick the cursor moves past it, and leaves it only once its middleware
 * finished. Whatever snapshot the adapter saved, a message is either handled (and its id
 * dedupes any redelivery) or pending (and replayed on the next start).
 *
 * @example
 * const ledger = InboundLedger.from(saved.inbound, (raw: WireMessage) => raw.MsgId);
 * for (const raw of ledger.receive(batch.messages)) dispatch(raw);
 * ledger.markHandled(raw.MsgId); // when the middleware finished
 */
export class InboundLedger<Raw = unknown> {
  /** Most handled ids remembered; the oldest are forgotten first. */
  readonly capacity: number;
  // Insertion-ordered Set = a cheap FIFO ring of handled ids.
  readonly #handled = new Set<string>();
  readonly #pending = new Map<string, Raw>();
  readonly #idOf: InboundIdOf<Raw>;
  // Pending ids loaded from the file and not given to the bot yet (what takeReplay hands out).
  // Items received by this process are given at once, so they never enter it: nothing to add
  // and delete per message.
  readonly #fromFile = new Set<string>();

  constructor(idOf: InboundIdOf<Raw>, capacity: number = DEFAULT_HANDLED_CAPACITY) {
    this.#idOf = idOf;
    this.capacity =
      Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_HANDLED_CAPACITY;
  }

  /** Rebuilds a ledger from {@link InboundLedger.toJSON} output; malformed parts are ignored. */
  static from<Raw>(json: unknown, idOf: InboundIdOf<Raw>, capacity?: number): InboundLedger<Raw> {
    const ledger = new InboundLedger<Raw>(idOf, capacity);
    if (!isObj(json)) return ledger;
    if (Array.isArray(json.handled)) {
      for (const id of json.handled) if (typeof id === 'string') ledger.#remember(id);
    }
    if (Array.isArray(json.pending)) {
      for (const raw of json.pending) {
        if (!isObj(raw)) continue;
        const id = safeId(idOf, raw as Raw);
        if (id !== undefined && !ledger.#handled.has(id)) {
          ledger.#pending.set(id, raw as Raw);
          ledger.#fromFile.add(id);
        }
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
  receive(messages: readonly Raw[]): Raw[] {
    const fresh: Raw[] = [];
    for (const raw of messages) {
      const id = safeId(this.#idOf, raw);
      if (id === undefined) {
        fresh.push(raw); // no id: nothing to dedupe by (never seen from the real server)
        continue;
      }
      if (this.#handled.has(id) || this.#pending.has(id)) continue;
      this.#pending.set(id, raw);
      fresh.push(raw);
    }
    return fresh;
  }

  /** Pending messages this process has not given to the bot yet (loaded from the file); marks them given. */
  takeReplay(): Raw[] {
    const out: Raw[] = [];
    for (const id of this.#fromFile) {
      const raw = this.#pending.get(id);
      if (raw !== undefined) out.push(raw);
    }
    this.#fromFile.clear();
    return out;
  }

  /** The message was fully handled (or deliberately skipped): forget it as pending, remember its id. */
  markHandled(msgId: string): void {
    if (msgId === '') return;
    this.#pending.delete(msgId);
    if (this.#fromFile.size > 0) this.#fromFile.delete(msgId);
    this.#remember(msgId);
  }

  /** What the session file stores. */
  toJSON(): InboundLedgerJSON<Raw> {
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

// A malformed item (from a file or the server) has no id rather than a throwing accessor.
function safeId<Raw>(idOf: InboundIdOf<Raw>, raw: Raw): string | undefined {
  try {
    const id = idOf(raw);
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
