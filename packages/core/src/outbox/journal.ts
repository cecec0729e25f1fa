import type { OutgoingMessage } from '../message/outgoing.js';

/** One intent to send, written before the first attempt. */
export interface JournalEntry {
  readonly clientMsgId: string;
  readonly message: OutgoingMessage;
  /** When `send()` was called (ms since epoch). */
  readonly queuedAt: number;
}

/** How a journaled send ended. */
export type JournalOutcome =
  | { readonly ok: true; readonly msgId: string }
  | { readonly ok: false; readonly error: string };

/**
 * A durable log of sends, so a restarted bot can tell which messages may not have gone out.
 * The outbox calls `append` before the first attempt (and waits for it) and `settle` after
 * the last one. An entry with no outcome after a crash was maybe-sent: re-sending it with the
 * SAME `clientMsgId` is safe.
 */
export interface OutboxJournal {
  append(entry: JournalEntry): void | Promise<void>;
  settle(clientMsgId: string, outcome: JournalOutcome): void | Promise<void>;
}
