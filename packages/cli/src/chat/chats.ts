import type { Bot, Message, OutgoingMessage } from '@wxbot/core';

/** One line of a chat's history. */
export interface ChatLine {
  readonly time: number;
  /** Who wrote it: a name, or `me` for the account (bot, plugins, the phone). */
  readonly from: string;
  readonly text: string;
}

/** A chat the terminal client knows: a friend or a group, with its recent lines. */
export interface ChatEntry {
  readonly userName: string;
  name: string;
  readonly isGroup: boolean;
  readonly lines: ChatLine[];
  unread: number;
  lastActivity: number;
}

/** Lines kept per chat. */
const HISTORY = 200;

/** A short text for any message kind: the text itself, or `[image]`, `[file report.pdf]`… */
export function summarize(message: Message): string {
  if (message.kind === 'text') return message.text;
  const named = message as { fileName?: unknown; title?: unknown };
  const label =
    typeof named.fileName === 'string' ? named.fileName : typeof named.title === 'string' ? named.title : '';
  return label === '' ? `[${message.kind}]` : `[${message.kind} ${label}]`;
}

/** A short text for something the account sent. */
export function summarizeOutgoing(message: OutgoingMessage): string {
  if (message.kind === 'text') return message.text.replace(/\u2005/g, ' ');
  if ('media' in message) {
    const media = message.media;
    const name = 'path' in media ? (media.name ?? media.path.split(/[\\/]/).pop() ?? '') : media.name;
    return `[${message.kind} ${name}]`;
  }
  return `[${message.kind}]`;
}

/**
 * The chats of the logged-in account: every friend and group, most recent activity first,
 * with unread counts and a bounded history.
 */
export class ChatList {
  readonly #chats = new Map<string, ChatEntry>();

  constructor(private readonly bot: Bot) {
    for (const c of [...bot.contacts.friends(), ...bot.contacts.groups()]) this.entry(c.userName);
  }

  /** The chat for a UserName (created on first use). */
  entry(userName: string): ChatEntry {
    let e = this.#chats.get(userName);
    if (e === undefined) {
      const contact = this.bot.contacts.get(userName);
      e = {
        userName,
        // iLink knows ids only: a person without a name is shown by id.
        name: contact?.name || userName,
        isGroup: userName.startsWith('@@'),
        lines: [],
        unread: 0,
        lastActivity: 0,
      };
      this.#chats.set(userName, e);
    }
    return e;
  }

  /** Adds a line to a chat. */
  add(userName: string, line: ChatLine, unread: boolean): ChatEntry {
    const e = this.entry(userName);
    e.lines.push(line);
    if (e.lines.length > HISTORY) e.lines.splice(0, e.lines.length - HISTORY);
    e.lastActivity = line.time;
    if (unread) e.unread++;
    return e;
  }

  /** Chats by most recent activity, then name. */
  sorted(): ChatEntry[] {
    return [...this.#chats.values()].sort(
      (a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name),
    );
  }

  /** A chat by its number in {@link sorted} (1-based) or by name (case-insensitive, prefix ok). */
  find(query: string): ChatEntry | undefined {
    const list = this.sorted();
    if (/^\d+$/.test(query)) return list[Number(query) - 1];
    const q = query.toLowerCase();
    return (
      list.find((c) => c.name.toLowerCase() === q) ?? list.find((c) => c.name.toLowerCase().startsWith(q))
    );
  }
}
