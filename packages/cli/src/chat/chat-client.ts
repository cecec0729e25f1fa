import { extname, resolve } from 'node:path';
import type { Bot, FailedEvent, Message, OutgoingMessage, SentEvent } from '@wxbot/core';
import type { ContactHandle, Simulator } from '@wxbot/simulator';
import type { LineConsole } from '../runtime/line-console.js';
import { findSpeaker, membersOf, mentionsIn } from '../sandbox/people.js';
import { type ChatEntry, ChatList, summarize, summarizeOutgoing } from './chats.js';

/** The chat client's help text. */
export const CHAT_HELP = [
  '/chats                 list chats (most recent first, with unread counts)',
  '/open N|NAME           open a chat and show its recent messages',
  'text                   send it to the open chat',
  '/send-file PATH        send a file (images as images) to the open chat',
  '/close                 close the chat (new messages show as notifications)',
  "/window                (iLink) the open chat's reply window and the messages left this turn",
  '/sim NAME[@GROUP]> text  (sandbox) a simulated friend or member writes to you',
  '/help, /quit',
];

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.webp']);

/**
 * Sandbox extras, to let simulated people write: the Web simulator (friends and groups), or the
 * iLink sandbox's one user (`say` returns an error text when the name is not theirs).
 */
export type ChatSandbox =
  | { simulator: Simulator; botNameIn(group: ContactHandle): string }
  | { say(name: string, text: string): string | undefined };

/**
 * A terminal WeChat for the logged-in account, on a {@link LineConsole}: list chats, open one,
 * read incoming messages, send texts and files. The bot and its plugins keep running: their
 * replies show up as `me:` lines like anything else the account sends.
 */
export class ChatClient {
  readonly #chats: ChatList;
  #open: ChatEntry | undefined;
  readonly #off: (() => void)[] = [];
  readonly #typed = new WeakSet<object>();

  constructor(
    private readonly bot: Bot,
    private readonly console: LineConsole,
    private readonly sandbox?: ChatSandbox,
    private readonly cwd: string = process.cwd(),
  ) {
    this.#chats = new ChatList(bot);
    const onMessage = (m: Message) => this.incoming(m);
    const onSent = (e: SentEvent) => this.outgoing(e);
    const onFailed = (e: FailedEvent) => this.failed(e);
    bot.events.on('message', onMessage);
    bot.events.on('sent', onSent);
    bot.events.on('failed', onFailed);
    this.#off.push(() => {
      bot.events.off('message', onMessage);
      bot.events.off('sent', onSent);
      bot.events.off('failed', onFailed);
    });
    console.onLine((line) => this.handle(line));
    console.onInterrupt(() => console.close());
    this.updatePrompt();
    console.print('chat: /chats lists your chats, /open NAME opens one, /help for more.');
    const rules = replyRulesLine(bot);
    if (rules !== undefined) console.print(rules);
    console.prompt();
  }

  private incoming(m: Message): void {
    if (m.kind === 'statusNotify') return;
    // iLink knows ids only: a person without a name shows as their id.
    const from = m.self ? 'me' : m.sender.name || m.sender.userName;
    const isOpen = this.#open?.userName === m.chat.userName;
    const entry = this.#chats.add(
      m.chat.userName,
      { time: Date.now(), from, text: summarize(m) },
      !isOpen && !m.self,
    );
    this.show(entry, from, summarize(m));
  }

  private outgoing(e: SentEvent): void {
    const text = summarizeOutgoing(e.message);
    const entry = this.#chats.add(e.message.to, { time: Date.now(), from: 'me', text }, false);
    this.show(entry, 'me', text);
  }

  private failed(e: FailedEvent): void {
    // What was typed here is reported where it was sent (`✗ not sent`), once.
    if (this.#typed.has(e.message)) return;
    const entry = this.#chats.entry(e.message.to);
    this.console.print(`✗ not delivered to ${entry.name}: ${e.error.message}`);
    this.printWindow(entry);
  }

  private show(entry: ChatEntry, from: string, text: string): void {
    if (this.#open?.userName === entry.userName) this.console.print(`${from}: ${text}`);
    else
      this.console.print(
        `[${entry.name}] ${from}: ${text}${entry.unread > 0 ? `  (${entry.unread} unread)` : ''}`,
      );
  }

  /** Handles one typed line. */
  async handle(raw: string): Promise<void> {
    const line = raw.trim();
    if (line === '') return;
    if (!this.console.interactive) this.console.print(`${this.promptText()}${line}`);
    if (!line.startsWith('/')) {
      await this.sendText(line);
      return;
    }
    const space = line.indexOf(' ');
    const word = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? '' : line.slice(space + 1).trim();
    switch (word) {
      case '/chats':
      case '/list':
        this.list();
        return;
      case '/open':
        this.open(arg);
        return;
      case '/close':
        this.#open = undefined;
        this.updatePrompt();
        return;
      case '/send-file':
        await this.sendFile(arg);
        return;
      case '/window':
        if (this.#open === undefined) this.console.print('? open a chat first: /chats, then /open NAME');
        else if (!this.printWindow(this.#open))
          this.console.print('this transport has no reply window: you may write at any time');
        return;
      case '/sim':
        this.simulate(arg);
        return;
      case '/help':
        for (const l of CHAT_HELP) this.console.print(l);
        return;
      case '/quit':
      case '/exit':
        this.console.close();
        return;
      default:
        this.console.print(`? unknown command ${word}; /help lists them`);
    }
  }

  private list(): void {
    const chats = this.#chats.sorted();
    if (chats.length === 0) this.console.print('no chats yet');
    for (const [i, c] of chats.entries()) {
      const last = c.lines.at(-1);
      const tail = last === undefined ? '' : ` — ${last.from}: ${last.text.slice(0, 40)}`;
      this.console.print(
        `${String(i + 1).padStart(3)}. ${c.isGroup ? '#' : ' '}${c.name}${c.unread > 0 ? ` (${c.unread} unread)` : ''}${tail}`,
      );
    }
  }

  private open(query: string): void {
    const chat = query === '' ? undefined : this.#chats.find(query);
    if (chat === undefined) {
      this.console.print(`? no chat "${query}"; /chats lists them`);
      return;
    }
    this.#open = chat;
    chat.unread = 0;
    this.updatePrompt();
    this.console.print(`── ${chat.name} ──`);
    for (const l of chat.lines.slice(-20)) this.console.print(`${l.from}: ${l.text}`);
    this.printWindow(chat);
  }

  /** Prints the chat's reply window (iLink); false on a transport without one. */
  private printWindow(chat: ChatEntry): boolean {
    const line = windowLine(this.bot, chat.userName);
    if (line === undefined) return false;
    this.console.print(line);
    return true;
  }

  private async sendText(text: string): Promise<void> {
    const chat = this.#open;
    if (chat === undefined) {
      this.console.print('? open a chat first: /chats, then /open NAME');
      return;
    }
    try {
      const message = { kind: 'text', to: chat.userName, text } as const;
      this.#typed.add(message);
      await this.bot.send(message);
    } catch (err) {
      this.console.print(`✗ not sent: ${(err as Error).message}`);
      this.printWindow(chat);
    }
  }

  private async sendFile(path: string): Promise<void> {
    const chat = this.#open;
    if (chat === undefined) {
      this.console.print('? open a chat first: /chats, then /open NAME');
      return;
    }
    if (path === '') {
      this.console.print('? usage: /send-file PATH');
      return;
    }
    const file = resolve(this.cwd, path);
    const kind = IMAGE_EXT.has(extname(file).toLowerCase()) ? 'image' : 'file';
    try {
      const message: OutgoingMessage = { kind, to: chat.userName, media: { path: file } };
      this.#typed.add(message);
      await this.bot.send(message);
    } catch (err) {
      this.console.print(`✗ not sent: ${(err as Error).message}`);
      this.printWindow(chat);
    }
  }

  private simulate(arg: string): void {
    const sandbox = this.sandbox;
    if (sandbox === undefined) {
      this.console.print('? /sim works in the sandbox only (wxbot chat --sandbox)');
      return;
    }
    const gt = arg.indexOf('>');
    if ('say' in sandbox) {
      const error =
        gt > 0 ? sandbox.say(arg.slice(0, gt).trim(), arg.slice(gt + 1).trim()) : 'usage: /sim NAME> text';
      if (error !== undefined) this.console.print(`? ${error}`);
      return;
    }
    const sim = sandbox.simulator;
    const found = gt > 0 ? findSpeaker(sim, arg.slice(0, gt)) : { error: 'usage: /sim NAME[@GROUP]> text' };
    if ('error' in found) {
      this.console.print(`? ${found.error}`);
      return;
    }
    const text = arg.slice(gt + 1).trim();
    if (found.group === undefined) sim.phone.say(found.person, text);
    else {
      const names = membersOf(sim, found.group).map((m) => m.nickName);
      sim.phone.sayInGroup(
        found.group,
        found.person,
        mentionsIn(text, sandbox.botNameIn(found.group), names),
      );
    }
  }

  private promptText(): string {
    return this.#open === undefined ? 'chat> ' : `${this.#open.name}> `;
  }

  private updatePrompt(): void {
    this.console.setPrompt(this.promptText());
  }

  /** Stops listening to the bot. */
  dispose(): void {
    for (const off of this.#off) off();
  }
}

/** On a transport with reply windows (iLink): the rules, said once when the chat opens. */
function replyRulesLine(bot: Bot): string | undefined {
  const caps = bot.capabilities;
  if (caps.proactiveSends) return undefined;
  const hours = caps.replyWindowMs === undefined ? undefined : caps.replyWindowMs / 3_600_000;
  const within = hours === undefined ? '' : ` in the last ${Number(hours.toFixed(2))} h`;
  const quota = caps.perTurnQuota === undefined ? '' : `, at most ${caps.perTurnQuota} messages per turn`;
  return `chat: ${caps.groups ? '' : 'direct messages only; '}you can write to people who wrote to the bot${within}${quota}.`;
}

/** `reply window: open until …, N of Q messages left this turn` (or closed), or undefined without windows. */
export function windowLine(bot: Bot, address: string): string | undefined {
  const w = bot.replyWindow(address);
  if (w === undefined) return undefined;
  const quota = bot.capabilities.perTurnQuota;
  if (w.closesAt === undefined) return 'reply window: none (this person has not written to the bot)';
  const at = new Date(w.closesAt).toISOString();
  if (!w.open) return `reply window: closed at ${at}; wait for their next message`;
  return `reply window: open until ${at}, ${w.quotaLeft}${quota === undefined ? '' : ` of ${quota}`} messages left this turn`;
}
