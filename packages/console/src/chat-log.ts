import type { Bot, Message } from '@wxbot/core';
import { EventEmitter } from 'eventemitter3';
import { type MessageView, viewOfMessage, viewOfOutgoing } from './message-view.js';

/** One conversation in the Chats page's list. */
export interface ChatSummary {
  /** The chat's address (send to it). */
  readonly id: string;
  readonly name: string;
  readonly isGroup: boolean;
  readonly lastAt: number;
  readonly lastText: string;
  readonly count: number;
}

/** Events of {@link ChatLog}. */
export interface ChatLogEvents {
  message: (view: MessageView, chat: ChatSummary) => void;
}

/** Limits of {@link ChatLog}. */
export interface ChatLogOptions {
  /** Messages kept per chat. Default 200. */
  readonly perChat?: number;
  /** Chats kept (the least recent go first). Default 200. */
  readonly chats?: number;
  /** Images kept downloadable for the page. Default 100. */
  readonly images?: number;
}

interface ChatRecord {
  id: string;
  name: string;
  isGroup: boolean;
  lastAt: number;
  messages: MessageView[];
}

/**
 * What the Chats page shows: every message the bot receives or sends, per chat, bounded in
 * memory (nothing is written to disk). Images stay downloadable through the bot for a while.
 *
 * @example
 * const chats = new ChatLog(bot);
 * chats.on('message', (view) => push(view));
 */
export class ChatLog extends EventEmitter<ChatLogEvents> {
  readonly #bot: Bot;
  readonly #chats = new Map<string, ChatRecord>();
  readonly #images = new Map<string, Message>();
  readonly #limits: Required<ChatLogOptions>;
  readonly #off: (() => void)[] = [];
  #outgoing = 0;

  constructor(bot: Bot, options: ChatLogOptions = {}) {
    super();
    this.#bot = bot;
    this.#limits = {
      perChat: options.perChat ?? 200,
      chats: options.chats ?? 200,
      images: options.images ?? 100,
    };
    const onMessage = (message: Message) => {
      if (message.kind === 'statusNotify') return;
      if (message.kind === 'image') this.#keepImage(message);
      this.#add(viewOfMessage(message), message.chat.name, message.isGroup);
    };
    const onSent = (e: { message: Parameters<typeof viewOfOutgoing>[0]; receipt: { msgId: string } }) =>
      this.#add(viewOfOutgoing(e.message, e.receipt.msgId, Date.now()));
    const onFailed = (e: { message: Parameters<typeof viewOfOutgoing>[0]; error: Error }) =>
      this.#add(viewOfOutgoing(e.message, `failed-${++this.#outgoing}`, Date.now(), e.error.message));
    bot.events.on('message', onMessage);
    bot.events.on('sent', onSent);
    bot.events.on('failed', onFailed);
    this.#off.push(
      () => bot.events.off('message', onMessage),
      () => bot.events.off('sent', onSent),
      () => bot.events.off('failed', onFailed),
    );
  }

  /** The chats, most recent first. */
  list(): ChatSummary[] {
    return [...this.#chats.values()].sort((a, b) => b.lastAt - a.lastAt).map(summary);
  }

  /** The messages of one chat, oldest first (empty when unknown). */
  messages(chatId: string): readonly MessageView[] {
    return this.#chats.get(chatId)?.messages ?? [];
  }

  /** An image message the page may download, if still kept. */
  image(id: string): Message | undefined {
    return this.#images.get(id);
  }

  /** Stop following the bot. */
  dispose(): void {
    for (const off of this.#off.splice(0)) off();
    this.removeAllListeners();
  }

  #keepImage(message: Message): void {
    this.#images.set(message.id, message);
    if (this.#images.size > this.#limits.images) {
      const oldest = this.#images.keys().next().value;
      if (oldest !== undefined) this.#images.delete(oldest);
    }
  }

  #add(view: MessageView, name?: string, isGroup?: boolean): void {
    let chat = this.#chats.get(view.chat);
    if (chat === undefined) {
      const contact = this.#bot.contacts.get(view.chat);
      chat = {
        id: view.chat,
        name: name || contact?.name || view.chat,
        isGroup: isGroup ?? contact?.kind === 'group',
        lastAt: view.time,
        messages: [],
      };
      this.#chats.set(view.chat, chat);
      this.#evictChats();
    } else if (name) {
      chat.name = name;
    }
    if (chat.messages.some((m) => m.id === view.id)) return;
    chat.messages.push(view);
    if (chat.messages.length > this.#limits.perChat) chat.messages.shift();
    chat.lastAt = Math.max(chat.lastAt, view.time);
    this.emit('message', view, summary(chat));
  }

  #evictChats(): void {
    while (this.#chats.size > this.#limits.chats) {
      const oldest = [...this.#chats.values()].reduce((a, b) => (a.lastAt <= b.lastAt ? a : b));
      this.#chats.delete(oldest.id);
    }
  }
}

function summary(chat: ChatRecord): ChatSummary {
  const last = chat.messages.at(-1);
  return {
    id: chat.id,
    name: chat.name,
    isGroup: chat.isGroup,
    lastAt: chat.lastAt,
    lastText: last?.text.slice(0, 80) ?? '',
    count: chat.messages.length,
  };
}
