import type { Contact } from '../../../contacts/types.js';
import type { WireContact, WireMessage } from '../protocol/wire.js';

/** A file to send: a path on disk, or bytes with a file name. */
export type MediaInput =
  | { readonly path: string; readonly name?: string; readonly mime?: string }
  | { readonly data: Uint8Array; readonly name: string; readonly mime?: string };

/** Something the bot can send. `to` is a session UserName (`@…`, `@@…`, `filehelper`). */
export type OutgoingMessage =
  | {
      readonly kind: 'text';
      readonly to: string;
      readonly text: string;
      /** UserNames to @-mention in a group; the text should contain `@Name ` for each. */
      readonly mentions?: readonly string[];
    }
  | { readonly kind: 'image' | 'video' | 'file'; readonly to: string; readonly media: MediaInput }
  | { readonly kind: 'emoticon'; readonly to: string; readonly media: MediaInput }
  | { readonly kind: 'emoticon'; readonly to: string; readonly md5: string };

/** What the server said about a sent message. Keep it to revoke the message later. */
export interface SendReceipt {
  /** Server `MsgID` of the sent message (it comes back in sync with this id). */
  readonly msgId: string;
  /** The `ClientMsgId`/`LocalID` used. */
  readonly clientMsgId: string;
  readonly to: string;
}

/** How a login happened. */
export type LoginMethod = 'resume' | 'push' | 'qr';

/** A QR code to show to the user. */
export interface QrEvent {
  readonly uuid: string;
  /** The text to encode: `https://login.weixin.qq.com/l/{uuid}`. */
  readonly url: string;
  /** 1 for the first QR, 2 after the first expired, … */
  readonly attempt: number;
}

/** One webwxsync worth of changes, after the contact store has been updated. */
export interface SyncBatch {
  /** Every message of the webwxsync answer, duplicates and echoes of the bot's own sends included. */
  readonly messages: readonly WireMessage[];
  /**
   * The messages not handled before (by this run or, via the session file, an earlier one), plus
   * messages an earlier run left unhandled (replayed at start). What the bot handles. Set by the client.
   */
  readonly fresh?: readonly WireMessage[];
  readonly modContacts: readonly WireContact[];
  readonly delContacts: readonly string[];
}

/** Why the session ended. */
export interface LogoutEvent {
  /** Human-readable reason, e.g. `logged out on the phone (synccheck 1101)`. */
  readonly reason: string;
  /** synccheck retcode / Ret that caused it, if any. */
  readonly code: number | undefined;
  /** True when wxbot will try to log in again (autoRelogin). */
  readonly willRelogin: boolean;
}

/** Events of the low-level client (eventemitter3). */
export interface ClientEvents {
  qr: (event: QrEvent) => void;
  scan: (event: { readonly avatar: string | undefined }) => void;
  login: (event: { readonly self: Contact; readonly method: LoginMethod }) => void;
  /** Contacts are loaded; the sync loop is running. */
  ready: () => void;
  sync: (batch: SyncBatch) => void;
  logout: (event: LogoutEvent) => void;
  error: (error: Error) => void;
  stop: () => void;
}
