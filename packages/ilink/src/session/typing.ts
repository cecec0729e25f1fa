import type { IlinkApi } from '../protocol/api.js';
import { TypingStatus } from '../protocol/types.js';

/** Options of {@link TypingIndicator}. */
export interface TypingOptions {
  /** Re-send "typing" this often while it lasts (default 5000 ms, as the official client). */
  readonly keepaliveMs?: number | undefined;
  /** How long a user's typing ticket is reused (default 10 min). */
  readonly ticketTtlMs?: number | undefined;
  /** Typing is best-effort: failures are reported here and otherwise ignored. */
  readonly onError?: ((error: unknown) => void) | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * The "typing…" indicator (protocol.md §9): a per-user ticket from `getconfig` (cached), status 1
 * with a keepalive, and always a status 2 at the end (with a fresh ticket if the old one aged out),
 * so the indicator never stays on. Without a conversation (`ret:-4`) it silently does nothing.
 *
 * @example
 * const stop = await typing.start(msg.from, msg.contextToken);
 * try { await handle(msg); } finally { await stop(); }
 */
export class TypingIndicator {
  readonly #api: IlinkApi;
  readonly #options: TypingOptions;
  readonly #tickets = new Map<string, { ticket: string; expiresAt: number }>();

  constructor(api: IlinkApi, options: TypingOptions = {}) {
    this.#api = api;
    this.#options = options;
  }

  /** Shows "typing" to `userId` until the returned function is called. Never throws. */
  async start(userId: string, contextToken?: string): Promise<() => Promise<void>> {
    const ticket = await this.#ticket(userId, contextToken);
    if (!ticket) return async () => {};
    await this.#send(userId, ticket, TypingStatus.TYPING);
    const timer = setInterval(
      () => void this.#send(userId, ticket, TypingStatus.TYPING),
      this.#options.keepaliveMs ?? 5000,
    );
    timer.unref?.();
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      const fresh = (await this.#ticket(userId, contextToken)) ?? ticket;
      await this.#send(userId, fresh, TypingStatus.CANCEL);
    };
  }

  /** Forgets a user's cached ticket. */
  forget(userId: string): void {
    this.#tickets.delete(userId);
  }

  async #ticket(userId: string, contextToken: string | undefined): Promise<string | undefined> {
    const now = (this.#options.now ?? Date.now)();
    const cached = this.#tickets.get(userId);
    if (cached && cached.expiresAt > now) return cached.ticket;
    try {
      const res = await this.#api.getConfig(userId, contextToken);
      if (!res.typing_ticket) return undefined;
      this.#tickets.set(userId, {
        ticket: res.typing_ticket,
        expiresAt: now + (this.#options.ticketTtlMs ?? 600_000),
      });
      return res.typing_ticket;
    } catch (error) {
      this.#options.onError?.(error);
      return undefined;
    }
  }

  async #send(userId: string, ticket: string, status: 1 | 2): Promise<void> {
    try {
      await this.#api.sendTyping(userId, ticket, status);
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
