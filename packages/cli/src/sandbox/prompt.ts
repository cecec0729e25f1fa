import type { Bot } from '@wxbot/core';
import type { LineConsole } from '../runtime/line-console.js';
import {
  findSpeaker,
  formatBotMessage,
  friendsOf,
  groupsOf,
  membersOf,
  mentionsIn,
  type Speaker,
  speakerLabel,
} from './people.js';
import type { SandboxWorld } from './world.js';

/** The sandbox prompt's help text. */
export const SANDBOX_HELP = [
  'Type a message and press Enter: it is sent to the bot by the current speaker.',
  '  NAME> text            say it as friend NAME (private chat), e.g.  alice> ping',
  '  NAME@GROUP> text      say it in GROUP as member NAME; @bot mentions the bot, e.g.  bob@Weekend Hikers> @bot hello',
  '  /as NAME[@GROUP]      change the current speaker',
  '  /who                  list the friends, groups and members',
  '  /help                 this help',
  '  /quit                 stop the bot (Ctrl+D too)',
];

/** Counts of one sandbox session, printed when it ends. */
export interface SandboxStats {
  said: number;
  received: number;
  replies: number;
  failed: number;
}

/**
 * The sandbox conversation: lines typed (or piped) become messages from simulated people, and
 * every message the bot sends reaches the simulated phone and is printed as `bot → NAME: text`.
 */
export class SandboxPrompt {
  readonly stats: SandboxStats = { said: 0, received: 0, replies: 0, failed: 0 };
  #speaker: Speaker | undefined;
  #printed = 0;
  #awaiting = new Set<string>();
  #lastActivity = Date.now();
  #quit = false;
  readonly #off: (() => void)[] = [];

  constructor(
    private readonly world: SandboxWorld,
    private readonly bot: Bot,
    private readonly console: LineConsole,
  ) {
    const first = friendsOf(world.sim)[0];
    this.#speaker = first === undefined ? undefined : { person: first };
    this.#printed = world.sim.phone.sent.length;
    this.#off.push(
      world.sim.onEvent((e) => {
        if (e.type === 'bot.sent') this.flushReplies();
      }),
    );
    const onMessage = (m: { id: string; self: boolean }) => {
      if (m.self || !this.#awaiting.delete(m.id)) return;
      this.stats.received++;
      this.#lastActivity = Date.now();
    };
    const onSent = () => {
      this.stats.replies++;
      this.#lastActivity = Date.now();
    };
    const onFailed = (e: { message: { to: string }; error: Error }) => {
      this.stats.failed++;
      this.#lastActivity = Date.now();
      this.console.print(
        `bot ✗ could not send to ${bot.contacts.get(e.message.to)?.name ?? e.message.to}: ${e.error.message}`,
      );
    };
    bot.events.on('message', onMessage);
    bot.events.on('sent', onSent);
    bot.events.on('failed', onFailed);
    this.#off.push(() => {
      bot.events.off('message', onMessage);
      bot.events.off('sent', onSent);
      bot.events.off('failed', onFailed);
    });
    this.updatePrompt();
  }

  /** True once `/quit` was typed. */
  get quit(): boolean {
    return this.#quit;
  }

  /** Prints the replies that reached the simulated phone since the last call. */
  flushReplies(): void {
    const sent = this.world.sim.phone.sent;
    for (; this.#printed < sent.length; this.#printed++) {
      const m = sent[this.#printed];
      if (m !== undefined) this.console.print(formatBotMessage(m));
    }
  }

  /** Handles one typed line. */
  handle(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('/')) {
      if (!this.console.interactive) this.console.print(line);
      this.command(line);
      return;
    }
    const gt = line.indexOf('>');
    if (gt > 0) {
      const found = findSpeaker(this.world.sim, line.slice(0, gt));
      if (!('error' in found)) {
        this.say(found, line.slice(gt + 1).trim());
        return;
      }
      // Not a known speaker: maybe a text with ">" in it; say it as the current speaker.
      if (!/\s/.test(line.slice(0, gt).trim()) || line.slice(0, gt).includes('@')) {
        this.console.print(`? ${found.error}`);
        return;
      }
    }
    if (this.#speaker === undefined) {
      this.console.print('? nobody to speak as: the cast has no friends; use /as NAME@GROUP');
      return;
    }
    this.say(this.#speaker, line);
  }

  private say(speaker: Speaker, text: string): void {
    if (text === '') return;
    // Piped input is not echoed by a terminal: show it, so the transcript reads like a chat.
    if (!this.console.interactive) this.console.print(`${speakerLabel(speaker)}> ${text}`);
    const { sim } = this.world;
    const delivered =
      speaker.group === undefined
        ? sim.phone.say(speaker.person, text)
        : sim.phone.sayInGroup(
            speaker.group,
            speaker.person,
            mentionsIn(
              text,
              this.world.botNameIn(speaker.group),
              membersOf(sim, speaker.group).map((m) => m.nickName),
            ),
          );
    this.stats.said++;
    this.#awaiting.add(delivered.msgId);
    this.#lastActivity = Date.now();
  }

  private command(line: string): void {
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (word) {
      case '/help':
      case '/?':
        for (const l of SANDBOX_HELP) this.console.print(l);
        return;
      case '/who':
        this.who();
        return;
      case '/as': {
        const found = findSpeaker(this.world.sim, arg);
        if ('error' in found) {
          this.console.print(`? ${found.error}`);
          return;
        }
        this.#speaker = found;
        this.updatePrompt();
        this.console.print(`now speaking as ${speakerLabel(found)}`);
        return;
      }
      case '/quit':
      case '/exit':
        this.#quit = true;
        this.console.close();
        return;
      default:
        this.console.print(`? unknown command ${word}; /help lists them`);
    }
  }

  private who(): void {
    const { sim } = this.world;
    this.console.print(`bot: ${this.bot.self?.name ?? this.world.botName}`);
    this.console.print(
      `friends: ${
        friendsOf(sim)
          .map((f) => f.nickName)
          .join(', ') || 'none'
      }`,
    );
    for (const g of groupsOf(sim)) {
      this.console.print(
        `group ${g.nickName}: ${membersOf(sim, g)
          .map((m) => m.nickName)
          .join(', ')}`,
      );
    }
    if (this.#speaker !== undefined) this.console.print(`speaking as: ${speakerLabel(this.#speaker)}`);
  }

  private label(): string {
    return this.#speaker === undefined ? '?' : speakerLabel(this.#speaker);
  }

  private updatePrompt(): void {
    this.console.setPrompt(`${this.label()}> `);
  }

  /**
   * Waits until the bot has seen every message typed and has been quiet for `quietMs` with an
   * empty outbox, at most `maxMs`. Resolves false when it gave up waiting.
   */
  async settle(quietMs: number, maxMs: number, signal: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + maxMs;
    const step = Math.max(5, Math.min(50, quietMs / 4));
    while (!signal.aborted) {
      const quiet =
        this.#awaiting.size === 0 && this.bot.outbox.size === 0 && Date.now() - this.#lastActivity >= quietMs;
      if (quiet) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, step));
    }
    return true;
  }

  /** Stops listening. */
  dispose(): void {
    for (const off of this.#off) off();
  }
}
