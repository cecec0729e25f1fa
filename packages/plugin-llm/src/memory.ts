import { estimateTokens } from './tokens.js';

/** One remembered message of a conversation. */
export interface Turn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  /** Its estimated tokens (computed once). */
  readonly tokens: number;
}

/** Options of {@link ConversationMemory}. */
export interface MemoryOptions {
  /** Earlier messages kept per conversation. */
  readonly maxMessages: number;
  /** A conversation idle this long (ms) is forgotten. */
  readonly idleExpiryMs: number;
  /** Conversations kept at once (least recently used forgotten first). */
  readonly maxConversations: number;
}

interface Conversation {
  turns: Turn[];
  lastActive: number;
}

/** Makes a {@link Turn}, estimating its tokens. */
export function turn(role: Turn['role'], content: string): Turn {
  return { role, content, tokens: estimateTokens(content) };
}

/**
 * The short-term memory of every conversation: the last messages, forgotten after an idle
 * expiry, on a clear command, or when too many conversations are kept. In process memory only:
 * a restart forgets (as chatgpt-on-wechat does), and nothing private is written to disk.
 *
 * @example
 * const memory = new ConversationMemory({ maxMessages: 20, idleExpiryMs: 3_600_000, maxConversations: 1000 });
 * memory.remember('private:alice', [turn('user', 'hi'), turn('assistant', 'hello')], Date.now());
 */
export class ConversationMemory {
  // Map order is recency: a touched conversation is moved to the end.
  readonly #conversations = new Map<string, Conversation>();

  constructor(private readonly options: MemoryOptions) {}

  /** The remembered messages of `key`, oldest first (none once idle past the expiry). */
  history(key: string, now: number): readonly Turn[] {
    const c = this.#conversations.get(key);
    if (c === undefined) return [];
    if (now - c.lastActive >= this.options.idleExpiryMs) {
      this.#conversations.delete(key);
      return [];
    }
    return c.turns;
  }

  /** Adds messages to `key` (dropping the oldest beyond `maxMessages`). */
  remember(key: string, turns: readonly Turn[], now: number): void {
    const max = this.options.maxMessages;
    if (max === 0) return;
    const known = this.history(key, now);
    const kept = [...known, ...turns];
    // Drop whole question/answer pairs from the front so the history never starts with an answer.
    while (kept.length > max || (kept.length > 0 && kept[0]?.role === 'assistant')) kept.shift();
    this.#conversations.delete(key);
    this.#conversations.set(key, { turns: kept, lastActive: now });
    while (this.#conversations.size > this.options.maxConversations) {
      const oldest = this.#conversations.keys().next().value;
      if (oldest === undefined) break;
      this.#conversations.delete(oldest);
    }
  }

  /** Forgets `key`; true when there was something to forget. */
  clear(key: string): boolean {
    return this.#conversations.delete(key);
  }

  /** Forgets conversations idle past the expiry (called now and then to free memory). */
  sweep(now: number): number {
    let removed = 0;
    for (const [key, c] of this.#conversations) {
      if (now - c.lastActive >= this.options.idleExpiryMs) {
        this.#conversations.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  /** Conversations remembered now. */
  get size(): number {
    return this.#conversations.size;
  }
}

/**
 * The most recent part of `history` that fits `maxTokens` together with the system prompt and
 * the question. The question and the prompt are always sent; whole earlier messages are dropped,
 * oldest first, and the kept part never starts with an answer.
 */
export function fitHistory(
  history: readonly Turn[],
  systemTokens: number,
  question: Turn,
  maxTokens: number,
): readonly Turn[] {
  let budget = maxTokens - systemTokens - question.tokens;
  let start = history.length;
  while (start > 0) {
    const t = history[start - 1];
    if (t === undefined || t.tokens > budget) break;
    budget -= t.tokens;
    start -= 1;
  }
  while (start < history.length && history[start]?.role === 'assistant') start += 1;
  return history.slice(start);
}
