import type { LoginMethod, LogoutEvent, QrEvent } from '../../../adapter/adapter.js';
import type { Contact } from '../../../contacts/types.js';
import type { WireContact, WireMessage } from '../protocol/wire.js';

export type { LoginMethod, LogoutEvent, QrEvent } from '../../../adapter/adapter.js';
export type { MediaInput, OutgoingMessage, SendReceipt } from '../../../message/outgoing.js';

/** The ledger id of a Web message: its `MsgId`. */
export const webInboundId = (raw: WireMessage): string => raw.MsgId;

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
