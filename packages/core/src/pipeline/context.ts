import type { Logger } from 'pino';
import type { DownloadOptions, DownloadResult } from '../adapter/adapter.js';
import type { Capabilities } from '../adapter/capabilities.js';
import type { Contact, ContactLookup } from '../contacts/types.js';
import { BotError } from '../errors.js';
import type { MediaInput, OutgoingMessage, SendReceipt } from '../message/outgoing.js';
import type { Message, Peer } from '../message/types.js';
import type { SendOptions } from '../outbox/types.js';
import type { ReplyLoopStatus } from '../safety/reply-loop-guard.js';

/**
 * What a {@link Context} (and a plugin) can do with the bot: send through the outbox, look up
 * contacts, know who the bot is, log. The Bot provides it; tests can provide a fake.
 */
export interface BotApi {
  /** Queue a message in the outbox; resolves once the server accepted it. */
  send(message: OutgoingMessage, options?: SendOptions): Promise<SendReceipt>;
  readonly contacts: ContactLookup;
  /** The bot account (after login). */
  readonly self: Contact | undefined;
  readonly logger: Logger;
  /** Download the media of a message (image, voice, video, file, emoticon). */
  download?(message: Message, options?: DownloadOptions): Promise<DownloadResult>;
  /**
   * The reply-loop guard: `ctx.bot.replyLoop?.isPaused(ctx.message.chat.userName)` tells whether
   * automatic replies in a chat are paused (then `ctx.reply` rejects with `REPLY_PAUSED`).
   */
  readonly replyLoop?: ReplyLoopStatus;
  /** What the transport can do (groups, media, reply window, per-turn quota…); absent in fakes. */
  readonly capabilities?: Capabilities;
  /**
   * Hold "typing…" in a chat (by `userName`) until the returned function is called or `maxMs`
   * passed (at most 2 min); see {@link Context.typing}. Absent in fakes.
   */
  holdTyping?(chat: string, options?: { readonly maxMs?: number }): () => void;
}

/** Media to answer with: exactly one key says what kind. */
export type ReplyMedia =
  | { readonly image: MediaInput }
  | { readonly file: MediaInput }
  | { readonly video: MediaInput }
  | { readonly emoticon: MediaInput | { readonly md5: string } };

/** What `ctx.reply` accepts: text, or media. */
export type ReplyContent = string | ReplyMedia;

/** Options of `ctx.reply`. */
export interface ReplyOptions {
  /** In a group, @-mention the sender (text replies only). Ignored in private chats. */
  readonly mention?: boolean;
}

/** A parsed command, set by `composer.command()`. */
export interface CommandMatch {
  /** The command as registered, without prefix, e.g. `weather`. */
  readonly name: string;
  /** The prefix that was typed, e.g. `/`. */
  readonly prefix: string;
  /** Whitespace-separated arguments; "double quoted" parts stay together. */
  readonly args: readonly string[];
  /** Everything after the command name, trimmed. */
  readonly rest: string;
}

/**
 * Where a context learns that its message was abandoned, without making an `AbortController`
 * per message: the scheduler's task control makes its signal only when `signal` is read.
 */
export interface AbortSource {
  readonly signal: AbortSignal;
  readonly aborted: boolean;
}

/** Extra construction options of a {@link Context}. */
export interface ContextOptions {
  /** Aborted when the message's deadline passes (see the scheduler). */
  readonly signal?: AbortSignal;
  /** A lazy source of the signal (the dispatcher passes its task control); wins over `signal`. */
  readonly abort?: AbortSource;
}

const NEVER_ABORTED = new AbortController().signal;
const NOTHING_HELD = (): void => undefined;

/**
 * One incoming message and everything needed to act on it. Middleware receives one per message.
 * Extend it by intersection (`Context & MyFlavor`) rather than subclassing.
 *
 * @example
 * bot.on('text', async (ctx) => {
 *   if (ctx.text === 'ping') await ctx.reply('pong', { mention: true });
 * });
 */
export class Context<M extends Message = Message> {
  /** Set by `hears()`: the match of the trigger. */
  match: RegExpExecArray | undefined = undefined;
  /** Set by `command()`: the parsed command. */
  command: CommandMatch | undefined = undefined;
  readonly #abort: AbortSource | AbortSignal;

  constructor(
    /** The normalized message, typed by `kind`. */
    readonly message: M,
    /** The bot: send, contacts, self, logger. */
    readonly bot: BotApi,
    options: ContextOptions = {},
  ) {
    this.#abort = options.abort ?? options.signal ?? NEVER_ABORTED;
  }

  /** Aborted when this message's deadline passes; pass it to fetch() and the like. */
  get signal(): AbortSignal {
    const source = this.#abort;
    return 'signal' in source ? source.signal : source;
  }

  /** True once this message was abandoned (its deadline passed). Cheaper than `signal.aborted`. */
  get aborted(): boolean {
    return this.#abort.aborted;
  }

  /**
   * Keep "typing…" showing in this message's chat while work goes on after the handler returned
   * (a model call, a download); call the returned function when the answer is sent. Counted with
   * the bot's own indicator (shown while handlers run), so the chat shows typing until the last
   * holder lets go; released by itself after `maxMs` (default and at most 2 min). A no-op where
   * the transport has no typing (`capabilities.typing`, Web), with `typingWhileHandling: false`,
   * or with a fake bot.
   *
   * @example
   * const done = ctx.typing();
   * try { await ctx.reply(await slowAnswer(ctx.text)); } finally { done(); }
   */
  typing(options?: { readonly maxMs?: number }): () => void {
    return this.bot.holdTyping?.(this.message.chat.userName, options) ?? NOTHING_HELD;
  }

  /** The text of a text or quote message (the bot's own @mention removed); else `undefined`. */
  get text(): string | undefined {
    const message: Message = this.message;
    return message.kind === 'text' || message.kind === 'quote' ? message.text : undefined;
  }

  /** Who wrote the message (the real member in groups). */
  get sender(): Peer {
    return this.message.sender;
  }

  /** The group, for group messages; `undefined` in private chats. */
  get room(): Peer | undefined {
    return this.message.isGroup ? this.message.chat : undefined;
  }

  /** True when the message belongs to a group. */
  get isGroup(): boolean {
    return this.message.isGroup;
  }

  /** True when the bot was @-mentioned (by name or @all) in a group text or quote. */
  get isMentioned(): boolean {
    const message: Message = this.message;
    return (message.kind === 'text' || message.kind === 'quote') && message.isMentioned;
  }

  /** True when the bot account itself sent this message (here or from the phone). */
  get self(): boolean {
    return this.message.self;
  }

  /**
   * Answer where the message came from: the group for group messages, the private chat
   * otherwise. Goes through the outbox, so it is paced; it refuses to answer the bot's own
   * messages unless `allowSelfReply` is set.
   *
   * @example
   * await ctx.reply('hi', { mention: true });        // "@Alice hi" in a group
   * await ctx.reply({ image: { path: './cat.jpg' } });
   */
  reply(content: ReplyContent, options: ReplyOptions = {}): Promise<SendReceipt> {
    let outgoing: OutgoingMessage;
    try {
      outgoing = this.buildReply(content, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.bot.send(outgoing, { replyTo: { id: this.message.id, self: this.message.self } });
  }

  private buildReply(content: ReplyContent, options: ReplyOptions): OutgoingMessage {
    const message: Message = this.message;
    const to = message.chat.userName;
    const refuse = (why: string) =>
      new BotError(
        `cannot reply to this ${message.kind} message: ${why}; use ctx.bot.send() with an explicit target`,
        {
          code: 'CANNOT_REPLY',
          messageId: message.id,
        },
      );
    if (message.kind === 'statusNotify') throw refuse('it is a client status notice, not a chat');
    if (message.kind === 'friendRequest')
      throw refuse('the requester is not a friend yet (accept the request first)');
    if (!to) throw refuse('its chat is unknown');
    if (message.chat.kind === 'special' && to !== 'filehelper') {
      throw refuse(`it comes from the system account "${to}"`);
    }
    const mention = options.mention === true && message.isGroup && !message.self;
    if (typeof content === 'string') {
      if (!mention) return { kind: 'text', to, text: content };
      return {
        kind: 'text',
        to,
        text: `@${this.mentionName()} ${content}`,
        mentions: [message.sender.userName],
      };
    }
    if (mention) throw refuse('only text replies can @-mention the sender');
    if ('image' in content) return { kind: 'image', to, media: content.image };
    if ('file' in content) return { kind: 'file', to, media: content.file };
    if ('video' in content) return { kind: 'video', to, media: content.video };
    const sticker = content.emoticon;
    return 'md5' in sticker
      ? { kind: 'emoticon', to, md5: sticker.md5 }
      : { kind: 'emoticon', to, media: sticker };
  }

  /** The name others see in the group: group nickname, else nickname (never a private remark). */
  private mentionName(): string {
    const member = this.bot.contacts.member(this.message.chat.userName, this.message.sender.userName);
    return (
      member?.displayName || member?.nickName || this.message.sender.name || this.message.sender.userName
    );
  }
}
