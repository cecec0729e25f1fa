import type { AutoreplyInput, CompiledRule } from './types.js';

const SWEEP_AT = 10_000;

/** The key of a chat for pause/resume: `group:<id>` or `private:<id>`. */
export function chatKey(input: Pick<AutoreplyInput, 'chat'>): string {
  return `${input.chat.kind}:${input.chat.id}`;
}

/**
 * In-memory state of the engine: cooldowns (until when each rule is quiet, per chat and per
 * sender) and paused chats. Lost on restart, by design.
 */
export class AutoreplyState {
  readonly #until = new Map<string, number>();
  readonly #paused = new Set<string>();
  #sweepAt = SWEEP_AT;

  /** Milliseconds until `rule` may fire again for this message (0 = it may fire now). */
  cooldownLeft(rule: CompiledRule, input: AutoreplyInput, now: number): number {
    let left = 0;
    if (rule.cooldown.perChatMs > 0)
      left = Math.max(left, this.#left(`${rule.key}|c|${chatKey(input)}`, now));
    if (rule.cooldown.perSenderMs > 0)
      left = Math.max(left, this.#left(`${rule.key}|s|${input.sender.id}`, now));
    return left;
  }

  /** Records that `rule` fired now. */
  fired(rule: CompiledRule, input: AutoreplyInput, now: number): void {
    if (rule.cooldown.perChatMs > 0)
      this.#set(`${rule.key}|c|${chatKey(input)}`, now + rule.cooldown.perChatMs, now);
    if (rule.cooldown.perSenderMs > 0)
      this.#set(`${rule.key}|s|${input.sender.id}`, now + rule.cooldown.perSenderMs, now);
  }

  /** Forgets every cooldown. */
  clearCooldowns(): void {
    this.#until.clear();
  }

  isPaused(chat: string): boolean {
    return this.#paused.has(chat);
  }

  /** True when the chat of `input` is paused (no key is built while no chat is paused). */
  isPausedFor(input: Pick<AutoreplyInput, 'chat'>): boolean {
    return this.#paused.size > 0 && this.#paused.has(chatKey(input));
  }

  /** Pauses auto-reply in a chat (see {@link chatKey}). Returns false if it already was. */
  pause(chat: string): boolean {
    if (this.#paused.has(chat)) return false;
    this.#paused.add(chat);
    return true;
  }

  /** Resumes auto-reply in a chat. Returns false if it was not paused. */
  resume(chat: string): boolean {
    return this.#paused.delete(chat);
  }

  #left(key: string, now: number): number {
    const until = this.#until.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.#until.delete(key);
      return 0;
    }
    return until - now;
  }

  #set(key: string, until: number, now: number): void {
    this.#until.set(key, until);
    // Keep memory bounded in busy accounts: drop expired entries now and then.
    if (this.#until.size <= this.#sweepAt) return;
    for (const [k, u] of this.#until) if (u <= now) this.#until.delete(k);
    this.#sweepAt = Math.max(SWEEP_AT, this.#until.size * 2);
  }
}
