import type { Logger } from 'pino';
import type { SerializedCookieJar } from 'tough-cookie';
import type { InboundLedger } from '../../../ledger/inbound-ledger.js';
import { type DocumentStore, type HandledStore, PartlySerialized } from '../../../storage/storage.js';
import type { StorageFaults } from '../../../storage/storage-faults.js';
import type { ContactStore } from '../contacts/store.js';
import type { LoginMode } from '../protocol/context.js';
import type { WireMessage } from '../protocol/wire.js';
import { DebouncedSaver } from '../session/debounced-saver.js';
import { SESSION_VERSION, type SessionData } from '../session/session-data.js';
import { loadSessionFrom } from '../session/session-file.js';
import type { SyncKeys } from '../sync/sync-loop.js';
import type { EstablishedSession } from './authenticator.js';

/** What the client holds that goes into the session file. */
export interface PersistedState {
  readonly session: EstablishedSession | undefined;
  readonly keys: SyncKeys | undefined;
  readonly store: ContactStore;
  readonly inbound: InboundLedger<WireMessage>;
  readonly lastSyncAt: number | undefined;
}

/** What the session file offers for the next login. */
export interface SavedSession {
  /** The saved session, when the file is readable and of the client's login mode. */
  readonly data: SessionData | undefined;
  /** The inbound ledger saved in a readable file (kept even when the credentials are not usable). */
  readonly inbound: unknown;
  /** Why `data` is absent (for errors and logs); undefined when present. */
  readonly unusable: string | undefined;
}

const EMPTY_JAR: SerializedCookieJar = {
  version: '',
  storeType: null,
  rejectPublicSuffixes: true,
  cookies: [],
};

/**
 * Reads and writes the client's session file: the saved session for the next login, and
 * debounced snapshots of the live one (credentials, keys, cookies, contacts, inbound ledger).
 * Without a `sessionFile` everything is a no-op.
 */
export class SessionPersistence {
  readonly #saver: DebouncedSaver | undefined;
  readonly #handled: HandledStore | undefined;
  readonly #session: DocumentStore | undefined;

  constructor(
    store: { readonly session: DocumentStore; readonly handled: HandledStore } | undefined,
    private readonly mode: LoginMode,
    delayMs: number,
    private readonly state: () => PersistedState,
    private readonly cookies: () => SerializedCookieJar | undefined,
    private readonly log: Logger,
    private readonly faults?: StorageFaults,
  ) {
    if (store) {
      this.#session = store.session;
      this.#handled = store.handled;
      const file = store.session.location;
      this.#saver = new DebouncedSaver(
        () => this.writeNow(),
        delayMs,
        (err) => {
          if (faults) faults.failed('session', file, err);
          else this.log.warn({ err: (err as Error).message }, 'could not save the session file');
        },
      );
    }
  }

  /** Reads the session file for a login; never throws for a missing or broken file. */
  async read(): Promise<SavedSession> {
    const file = this.#session;
    if (!file) return { data: undefined, inbound: undefined, unusable: 'no sessionFile is configured' };
    const r = await loadSessionFrom(file);
    if (r.status === 'missing') return { data: undefined, inbound: undefined, unusable: 'no session file' };
    if (r.status === 'invalid') {
      this.log.warn(`session file unusable (${r.problem}); logging in afresh`);
      return { data: undefined, inbound: undefined, unusable: `the session file is unusable (${r.problem})` };
    }
    if (r.data.mode !== this.mode) {
      return {
        data: undefined,
        inbound: r.data.inbound,
        unusable: `the saved session is for ${r.data.mode} mode, not ${this.mode}`,
      };
    }
    return { data: r.data, inbound: r.data.inbound, unusable: undefined };
  }

  /**
   * Records a handled MsgId at once in the append-only log beside the session file, so a kill -9
   * before the next (debounced) save cannot make the message run again.
   */
  recordHandled(msgId: string): void {
    this.#handled?.append(msgId);
  }

  /** Ids recorded as handled since the last saved snapshot (merged into the ledger at start). */
  handledSinceSnapshot(): string[] {
    return this.#handled?.readAll() ?? [];
  }

  /**
   * Serializes the contacts for the session file now (with a session file only). Called once the
   * contacts are loaded and before the sync loop starts, while nothing waits: with 200 groups × 500
   * members that is tens of milliseconds, which the first save (a debounce after `ready`, in the
   * first traffic) used to spend with messages waiting.
   */
  prepare(): void {
    if (this.#session) this.state().store.snapshotChunks();
  }

  /** Asks for a save soon (debounced). */
  schedule(): void {
    this.#saver?.schedule();
  }

  /** Writes what is pending now and waits for any write in progress. */
  async flush(): Promise<void> {
    await this.#saver?.flush();
  }

  /** Drops a pending save (the session is being discarded). */
  cancel(): void {
    this.#saver?.cancel();
  }

  /**
   * Writes the session file now. `dead`: keep the hosts, uin and cookies (push login needs them)
   * but drop the credentials and keys.
   */
  async writeNow(dead = false): Promise<void> {
    const file = this.#session;
    if (!file) return;
    const st = this.state();
    const s = st.session;
    if (!s && !dead) return;
    const previous = s ? undefined : await loadSessionFrom(file);
    const base = s
      ? { hosts: s.ctx.hosts, uin: s.ctx.creds.uin }
      : previous?.status === 'ok'
        ? { hosts: previous.data.hosts, uin: previous.data.uin }
        : undefined;
    if (!base) return;
    const live = s && !dead;
    // Rotate the handled log in the same tick as the ledger snapshot: every id in the rotated
    // file is in this snapshot, so the file can go once the snapshot is on disk.
    const generation = this.#handled?.rotate();
    const data: Omit<SessionData, 'contacts'> = {
      version: SESSION_VERSION,
      savedAt: Date.now(),
      mode: this.mode,
      hosts: base.hosts,
      uin: base.uin,
      ...(live ? { credentials: { ...s.ctx.creds } } : {}),
      cookies: this.cookies() ?? EMPTY_JAR,
      ...(st.keys && !dead ? { syncKey: st.keys.syncKey } : {}),
      ...(st.keys?.syncCheckKey && !dead ? { syncCheckKey: st.keys.syncCheckKey } : {}),
      ...(s ? { self: s.init.user } : {}),
      inbound: st.inbound.toJSON(),
      ...(st.lastSyncAt !== undefined ? { lastSyncAt: st.lastSyncAt } : {}),
    };
    // The contacts (megabytes with big groups) are serialized and encoded again only after they changed.
    await file.save(new PartlySerialized(data, { contacts: st.store.snapshotChunks() }));
    this.faults?.recovered('session');
    if (generation !== undefined) this.#handled?.commit(generation);
    this.log.debug('session saved');
  }
}
