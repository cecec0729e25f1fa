/** A file to send: a path on disk, or bytes with a file name. */
export type MediaInput =
  | { readonly path: string; readonly name?: string; readonly mime?: string }
  | { readonly data: Uint8Array; readonly name: string; readonly mime?: string };

/** The kinds of media a transport may be able to send (see `Capabilities.media`). */
export type MediaKind = 'image' | 'video' | 'file' | 'emoticon';

/**
 * Something the bot can send. `to` is the address of a chat as the adapter names it (Web: a
 * session UserName `@…`, `@@…`, `filehelper`; iLink: the user id) — take it from `ctx.chat` or a
 * contact rather than building it.
 */
export type OutgoingMessage =
  | {
      readonly kind: 'text';
      readonly to: string;
      readonly text: string;
      /** Addresses to @-mention in a group; the text should contain `@Name ` for each. */
      readonly mentions?: readonly string[];
    }
  | { readonly kind: 'image' | 'video' | 'file'; readonly to: string; readonly media: MediaInput }
  | { readonly kind: 'emoticon'; readonly to: string; readonly media: MediaInput }
  | { readonly kind: 'emoticon'; readonly to: string; readonly md5: string };

/** What the server said about a sent message. Keep it to revoke the message later. */
export interface SendReceipt {
  /** The server's id of the sent message. */
  readonly msgId: string;
  /** The client-side id used (the idempotency key: a resend with it is never delivered twice). */
  readonly clientMsgId: string;
  readonly to: string;
}
