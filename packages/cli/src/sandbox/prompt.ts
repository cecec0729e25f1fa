import type { Bot } from '@wxbot/core';
import type { ContactHandle, PhoneMessageSpec } from '@wxbot/simulator';
import type { LineConsole } from '../runtime/line-console.js';
import { mediaSpec } from './media.js';
import {
  findSpeaker,
  formatBotMessage,
  friendsOf,
  groupsOf,
  membersOf,
  mentionsIn,
  type NameOf,
  type Speaker,
  speakerLabel,
} from './people.js';
import type { SandboxWorld } from './world.js';

/** The sandbox prompt's own commands; any other `/word` is a message to the bot (a plugin command). */
const COMMANDS = new Set(['/as', '/who', '/image', '/file', '/join', '/help', '/?', '/quit', '/exit']);

/** The sandbox prompt's help text. */
export const SANDBOX_HELP = [
  'Type a message and press Enter: it is sent to the bot by the current speaker.',
  '  NAME> text            say it as friend NAME (private chat), e.g.  Alice> ping',
  '  NAME@GROUP> text      say it in GROUP as member NAME; @bot mentions the bot, e.g.  Bob@Weekend Hikers> @bot hello',
  '  /as NAME[@GROUP]      change the current speaker',
  '  /image PATH           the current speaker sends an image file',
  '  /file PATH            the current speaker sends a file',
  '  /join NAME[@GROUP]    NAME joins GROUP (default: the current group), invited by the current speaker',
  '  /who                  list the friends, groups and members',
  '  /help                 this help',
  '  /quit                 stop the bot (Ctrl+D and Ctrl+C too); queued replies are sent first',
  'Any other /command (e.g. /time, /autoreply list) is sent to the bot as a message, for its plugins.',
  'To send a text that starts with a sandbox command, double the slash: //help sends "/help".',
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
  /** Names as the bot sees them (a friend's remark name, else the nickname). */
  readonly #nameOf: NameOf;

  constructor(
    private readonly world: SandboxWorld,
    private readonly bot: Bot,
    private readonly console: LineConsole,
    private readonly cwd: string = process.cwd(),
  ) {
    this.#nameOf = (c: ContactHandle) => {
      if (c.kind !== 'friend') return c.nickName;
      return bot.contacts.get(c.userName)?.name || c.nickName;
    };
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

  /** Messages typed that the bot has not received yet, and replies waiting in its outbox. */
  get pending(): { unseen: number; queued: number } {
    return { unseen: this.#awaiting.size, queued: this.bot.outbox.size };
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
  async handle(raw: string): Promise<void> {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('//')) {
      this.sayAsCurrent(line.slice(1));
      return;
    }
    const word = line.split(/\s/, 1)[0] ?? '';
    if (COMMANDS.has(word)) {
      if (!this.console.interactive) this.console.print(line);
      await this.command(word, line.slice(word.length).trim());
      return;
    }
    const gt = line.indexOf('>');
    if (gt > 0 && !line.startsWith('/')) {
      const found = findSpeaker(this.world.sim, line.slice(0, gt), this.#nameOf);
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
    this.sayAsCurrent(line);
  }

  private sayAsCurrent(text: string): void {
    if (this.#speaker === undefined) {
      this.console.print('? nobody to speak as: the cast has no friends; use /as NAME@GROUP');
      return;
    }
    this.say(this.#speaker, text);
  }

  private say(speaker: Speaker, text: string): void {
    if (text === '') return;
    // Piped input is not echoed by a terminal: show it, so the transcript reads like a chat.
    if (!this.console.interactive) this.console.print(`${this.labelOf(speaker)}> ${text}`);
    const { sim } = this.world;
    const spec =
      speaker.group === undefined
        ? text
        : mentionsIn(
            text,
            this.world.botNameIn(speaker.group),
            membersOf(sim, speaker.group).map((m) => m.nickName),
          );
    this.deliver(speaker, spec);
  }

  private deliver(speaker: Speaker, spec: PhoneMessageSpec | string): void {
    const { phone } = this.world.sim;
    const delivered =
      speaker.group === undefined
        ? phone.say(speaker.person, spec)
        : phone.sayInGroup(speaker.group, speaker.person, spec);
    this.stats.said++;
    this.#awaiting.add(delivered.msgId);
    this.#lastActivity = Date.now();
  }

  private async command(word: string, arg: string): Promise<void> {
    switch (word) {
      case '/help':
      case '/?':
        for (const l of SANDBOX_HELP) this.console.print(l);
        return;
      case '/who':
        this.who();
        return;
      case '/as': {
        const found = findSpeaker(this.world.sim, arg, this.#nameOf);
        if ('error' in found) {
          this.console.print(`? ${found.error}`);
          return;
        }
        this.#speaker = found;
        this.updatePrompt();
        this.console.print(`now speaking as ${this.labelOf(found)}`);
        return;
      }
      case '/image':
      case '/file':
        await this.sendMedia(word === '/image' ? 'image' : 'file', arg);
        return;
      case '/join':
        this.join(arg);
        return;
      default:
        this.#quit = true;
        this.console.close();
    }
  }

  private async sendMedia(kind: 'image' | 'file', path: string): Promise<void> {
    const speaker = this.#speaker;
    if (speaker === undefined) {
      this.console.print('? nobody to speak as; use /as NAME first');
      return;
    }
    if (path === '') {
      this.console.print(`? usage: /${kind} PATH`);
      return;
    }
    try {
      const spec = await mediaSpec(kind, path, this.cwd);
      this.deliver(speaker, spec);
      this.console.print(
        `${this.labelOf(speaker)} sent ${kind === 'image' ? 'an image' : 'a file'}: ${path}`,
      );
    } catch (err) {
      this.console.print(`? ${(err as Error).message}`);
    }
  }

  private join(arg: string): void {
    const { sim } = this.world;
    const at = arg.indexOf('@');
    const name = (at < 0 ? arg : arg.slice(0, at)).trim();
    const topic = at < 0 ? this.#speaker?.group?.nickName : arg.slice(at + 1).trim();
    const group = groupsOf(sim).find((g) => g.nickName.toLowerCase() === topic?.toLowerCase());
    if (name === '' || group === undefined) {
      const groups =
        groupsOf(sim)
          .map((g) => g.nickName)
          .join(', ') || 'none';
      this.console.print(`? usage: /join NAME@GROUP (groups: ${groups})`);
      return;
    }
    if (membersOf(sim, group).some((m) => m.nickName.toLowerCase() === name.toLowerCase())) {
      this.console.print(`? ${name} is already in ${group.nickName}`);
      return;
    }
    const person =
      friendsOf(sim).find((f) => f.nickName.toLowerCase() === name.toLowerCase()) ??
      sim.phone.addStranger({ nickName: name });
    const inviter = this.#speaker?.group === group ? this.#speaker.person : undefined;
    sim.phone.addMembers(group, [person], inviter === undefined ? {} : { inviter });
    this.#lastActivity = Date.now();
    this.console.print(`${person.nickName} joined ${group.nickName}`);
  }

  private who(): void {
    const { sim } = this.world;
    this.console.print(`bot: ${this.bot.self?.name ?? this.world.botName}`);
    this.console.print(
      `friends: ${
        friendsOf(sim)
          .map((f) => this.#nameOf(f))
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
    if (this.#speaker !== undefined) this.console.print(`speaking as: ${this.labelOf(this.#speaker)}`);
  }

  private labelOf(speaker: Speaker): string {
    return speakerLabel(speaker, this.#nameOf);
  }

  private updatePrompt(): void {
    this.console.setPrompt(`${this.#speaker === undefined ? '?' : this.labelOf(this.#speaker)}> `);
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
