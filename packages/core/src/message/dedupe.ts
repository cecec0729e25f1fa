/** JSON form of a {@link MessageDedupe}: the remembered ids, oldest first. */
export interface MessageDedupeJSON {
  readonly capacity: number;
  readonly ids: string[];
}

/** Default number of ids remembered. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;

/**
 * Remembers the last N message ids (`MsgId` strings) to drop duplicates: the server echoes the bot's
 * own sends back in AddMsgList, and a retried sync can repeat a batch. Memory is bounded: past
 * `capacity` the oldest id is forgotten.
 *
 * @example
 * const dedupe = new MessageDedupe();
 * if (dedupe.seen(raw.MsgId)) return; // already handled
 */
export class MessageDedupe {
  /** How many ids are remembered at most. */
  readonly capacity: number;
  // A Set keeps insertion order, so its first key is always the oldest: a cheap FIFO ring.
  private readonly ids = new Set<string>();

  constructor(capacity: number = DEFAULT_DEDUPE_CAPACITY) {
    this.capacity =
      Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_DEDUPE_CAPACITY;
  }

  /** Rebuilds from {@link MessageDedupe.toJSON} output; malformed input gives an empty set. */
  static from(json: unknown, capacity?: number): MessageDedupe {
    const j = (typeof json === 'object' && json !== null ? json : {}) as Partial<
      Record<keyof MessageDedupeJSON, unknown>
    >;
    const cap = capacity ?? (typeof j.capacity === 'number' ? j.capacity : DEFAULT_DEDUPE_CAPACITY);
    const dedupe = new MessageDedupe(cap);
    if (Array.isArray(j.ids)) for (const id of j.ids) if (typeof id === 'string') dedupe.seen(id);
    return dedupe;
  }

  /**
   * True if `id` was already seen; otherwise remembers it and returns false. An empty id is never
   * a duplicate (and is not remembered).
   */
  seen(id: string): boolean {
    if (id === '') return false;
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return false;
  }

  /** True if `id` is remembered, without recording it. */
  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.ids.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.ids.clear();
  }

  toJSON(): MessageDedupeJSON {
    return { capacity: this.capacity, ids: [...this.ids] };
  }
}
