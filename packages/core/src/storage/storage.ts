import type { OutboxJournal } from '../outbox/journal.js';
import type { JournalState } from './file-journal.js';

/** What reading a stored document found. */
export type StoredDocument =
  | { readonly status: 'ok'; readonly data: unknown }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * A document some of whose members are already serialized (large parts that rarely change, kept
 * serialized by their owner), so a save does not serialize them again: JSON text, or UTF-8 JSON in
 * pieces to write one after another (then not even encoded again). `JSON.stringify` of it gives
 * the whole document (stores that know nothing of it still work); file stores write {@link pieces}.
 *
 * @example
 * await store.save(new PartlySerialized({ version: 1, syncKey }, { contacts: contacts.snapshotChunks() }));
 */
export class PartlySerialized {
  constructor(
    readonly data: Readonly<Record<string, unknown>>,
    readonly raw: Readonly<Record<string, string | readonly Uint8Array[]>>,
  ) {}

  /** The document's JSON as pieces whose concatenation is {@link text}: `data`'s members, then each raw member as kept. */
  pieces(): Array<string | Uint8Array> {
    const head = JSON.stringify(this.data);
    const out: Array<string | Uint8Array> = [];
    let open = head.slice(0, -1);
    let empty = head.length <= 2;
    for (const [key, json] of Object.entries(this.raw)) {
      out.push(`${open}${empty ? '' : ','}${JSON.stringify(key)}:`);
      if (typeof json === 'string') out.push(json);
      else out.push(...json);
      open = '';
      empty = false;
    }
    out.push(`${open}}`);
    return out;
  }

  /** The document's JSON text. */
  text(): string {
    // Byte pieces may split a character: join the bytes before decoding.
    return Buffer.concat(this.pieces().map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString(
      'utf8',
    );
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
