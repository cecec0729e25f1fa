import type { MediaKind } from '../message/outgoing.js';

/** What one kind of media may be: sendable at all, and how big. */
export interface MediaLimit {
  /** Largest file the transport carries, in bytes. */
  readonly maxBytes: number;
}

/**
 * What a transport can do, as data. The runtime (outbox, `ctx.reply`, `bot.send`) and plugins ask
 * these instead of testing which transport runs, and a send the protocol cannot carry fails with
 * a {@link CapabilityError} that says why, before anything reaches the server.
 *
 * @example
 * if (bot.capabilities.groups) bot.command('members', (ctx) => …);
 * if (!bot.capabilities.media.video) await ctx.reply('videos are not supported here');
 */
export interface Capabilities {
  /** Group chats exist (messages in groups, replies in groups). */
  readonly groups: boolean;
  /** The account's contact list (friends, groups) can be listed; otherwise only who wrote is known. */
  readonly contactList: boolean;
  /** A text can @-mention members of a group. */
  readonly mentions: boolean;
  /** A sent message can be recalled; `revokeWindowMs` says for how long. */
  readonly revoke: boolean;
  /** How long after sending a message can be recalled (ms), when `revoke`. */
  readonly revokeWindowMs?: number;
  /** Friend requests arrive and can be accepted. */
  readonly friendRequests: boolean;
  /** Media kinds that can be sent, with their size limits; a missing kind cannot be sent. */
  readonly media: Readonly<Partial<Record<MediaKind, MediaLimit>>>;
  /** Longest text one message may carry (characters); longer texts are refused, not cut. */
  readonly maxTextLength?: number;
  /** A saved session can be confirmed on the phone without a new QR scan. */
  readonly pushLogin: boolean;
  /**
   * The bot may write first (to someone who has not written within the reply window). False on
   * iLink: every send answers a user's turn.
   */
  readonly proactiveSends: boolean;
  /** How long after a person's last message the bot may still answer them (ms); undefined: always. */
  readonly replyWindowMs?: number;
  /** Messages the bot may send per inbound message of a person (iLink: 10); undefined: no quota. */
  readonly perTurnQuota?: number;
  /** A "typing…" indicator can be shown. */
  readonly typing: boolean;
}
