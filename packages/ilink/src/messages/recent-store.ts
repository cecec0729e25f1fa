import type { IlinkContentItem } from './types.js';

/**
 * A bounded map of recent messages by id (oldest dropped first), to rebuild quotes that arrive with
 * only the quoted id (protocol.md §6.8).
 *
 * @example
 * const store = new RecentMessages(1000);
 * normalizeMessage(raw, { lookupQuoted: (id) => store.get(id) });
 */
export class RecentMessages {
  readonly #max: number;
  readonly #items = new Map<string, IlinkContentItem>();

  constructor(max = 1000) {
    this.#max = Math.max(1, max);
  }

  /** Remembers `item` under `id`. */
  set(id: string, item: IlinkContentItem): void {
    this.#items.delete(id);
    this.#items.set(id, item);
    if (this.#items.size > this.#max) {
      const oldest = this.#items.keys().next().value;
      if (oldest !== undefined) this.#items.delete(oldest);
    }
  }

  /** The item remembered under `id`, if any. */
  get(id: string): IlinkContentItem | undefined {
    return this.#items.get(id);
  }

  get size(): number {
    return this.#items.size;
  }
}
