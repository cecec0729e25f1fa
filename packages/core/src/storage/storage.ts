import type { OutboxJournal } from '../outbox/journal.js';
import type { JournalState } from './file-journal.js';

/** What reading a stored document found. */
export type StoredDocument =
  | { readonly status: 'ok'; readonly data: unknown }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * A document some of whose members are already JSON text (large parts that rarely change, kept
 * serialized by their owner), so a save does not serialize them again. `JSON.stringify` of it gives
 * the whole document (stores that know nothing of it still work); file stores write {@link text}.
 *
 * @example
 * await store.save(new PartlySerialized({ version: 1, syncKey }, { contacts: contactsJsonText }));
 */
export class PartlySerialized {
  constructor(
    readonly data: Readonly<Record<string, unknown>>,
    readonly raw: Readonly<Record<string, string>>,
  ) {}

  /** The document's JSON text: `data`'s members, then each raw member as written. */
  text(): string {
    let text = JSON.stringify(this.data);
    for (const [key, json] of Object.entries(this.raw)) {
      text = `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}${JSON.stringify(key)}:${json}}`;
    }
    return text;
  }

  toJSON(): unknown {
    return JSON.parse(this.text());
  }
}

/**
 * One JSON document written whole and atomically: a transport's session (credentials, cursor,
 * inbound ledger, contacts). Its shape belongs to the adapter; the store only keeps it.
 */
export interface DocumentStore {
  /** Where it is kept, for messages (`.wxbot/session.json`, `redis://…/wxbot:session`). Never a secret. */
  readonly location: string;
  load(): Promise<StoredDocument>;
  /** Replace the document; a crash leaves the old one or the new one, never half. */
  save(data: unknown): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Ids of handled inbound items, appended the moment each is done (between two session saves), so
 * a kill -9 never runs a handler twice. `rotate` + `commit` drop what a session save now covers.
 */
export interface HandledStore {
  /** Record an id; never throws (a failing store only narrows the guarantee). */
  append(id: string): void;
  /** Every id appended and not yet committed away, oldest first. */
  readAll(): string[];
  /** Start a new segment; returns its generation for {@link HandledStore.commit}. */
  rotate(): number;
  /** The session save that followed `rotate()` is durable: segments up to `generation` can go. */
  commit(generation: number): void;
  /** Forget everything (logout). */
  clear(): void;
}

/**
 * Everything wxbot persists, behind one small interface: the session document, the handled log and
 * the outbox journal. {@link fileStorage} (the default) keeps them in files next to `sessionFile`;
 * another backend (Redis, a database) is a new implementation, not a rewrite.
 *
 * @example
 * const bot = createBot({ storage: fileStorage('.wxbot/session.json') });
 */
export interface BotStorage {
  readonly session: DocumentStore;
  readonly handled: HandledStore;
  readonly journal: OutboxJournal;
  /**
   * What the journal holds at start (receipts of sent messages, entries with no outcome to resend
   * with the same client id), compacting it on the way. Called once per start, before any send.
   */
  recoverJournal(): Promise<JournalState>;
  /** Release files or connections (the bot calls it when it stops). */
  close(): Promise<void>;
}
