import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { InboundLedgerJSON } from '@wxbot/core';
import type { IlinkCredentials } from '../login/qr-login.js';
import type { ConversationState } from '../messages/conversations.js';
import type { WeixinMessage } from '../protocol/types.js';

/** What the iLink session file keeps (secrets inside: written 0600, never logged). */
export interface IlinkSessionData {
  readonly version: 1;
  readonly transport: 'ilink';
  readonly credentials: IlinkCredentials | undefined;
  /** The `getupdates` cursor, saved in the same write as the ledger it belongs to. */
  readonly cursor: string;
  readonly inbound: InboundLedgerJSON<WeixinMessage> | undefined;
  /** Context tokens, reply windows and quotas per user. */
  readonly conversations: readonly ConversationState[];
  /** Set when the server ended the session (-14): a person must log in again. */
  readonly endedReason: string | undefined;
}

/** An empty session. */
export function emptySession(): IlinkSessionData {
  return {
    version: 1,
    transport: 'ilink',
    credentials: undefined,
    cursor: '',
    inbound: undefined,
    conversations: [],
    endedReason: undefined,
  };
}

function isCredentials(v: unknown): v is IlinkCredentials {
  const c = v as Record<string, unknown> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.token === 'string' &&
    c.token !== '' &&
    typeof c.botId === 'string' &&
    typeof c.userId === 'string' &&
    typeof c.baseUrl === 'string'
  );
}

/** What reading a stored document found (the shape of `@wxbot/core`'s `StoredDocument`). */
export type StoredSession =
  | { readonly status: 'ok'; readonly data: unknown }
  | { readonly status: 'missing' }
  | { readonly status: 'invalid'; readonly problem: string };

/**
 * Where the session document lives: any store with this shape, e.g. the `session` of `@wxbot/core`'s
 * `fileStorage(...)` (or Redis, a database); by default a file ({@link fileSessionStore}).
 */
export interface SessionDocumentStore {
  /** For messages only (`.wxbot/ilink.json`); never a secret. */
  readonly location: string;
  load(): Promise<StoredSession>;
  /** Replaces the document atomically. */
  save(data: unknown): Promise<void>;
  remove(): Promise<void>;
}

/** Handled inbound ids between two session saves (the shape of core's `HandledStore`; `HandledLog` fits). */
export interface HandledIdStore {
  append(id: string): void;
  readAll(): string[];
  rotate(): number;
  commit(generation: number): void;
  clear(): void;
}

/** A session document in one file, written atomically (temp file, fsync, rename) with mode 0600. */
export function fileSessionStore(file: string): SessionDocumentStore {
  // The folder is made once per store (a save per poll round need not ask again); a folder removed
  // later makes the save fail with ENOENT and the next save makes it again.
  let dirReady = false;
  return {
    location: file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return code === 'ENOENT'
          ? { status: 'missing' }
          : { status: 'invalid', problem: `cannot read (${code ?? 'error'})` };
      }
      try {
        return { status: 'ok', data: JSON.parse(text) as unknown };
      } catch {
        return { status: 'invalid', problem: 'not valid JSON' };
      }
    },
    async save(data) {
      if (!dirReady) await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      dirReady = true;
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        const fh = await open(tmp, 'w', 0o600);
        try {
          await fh.writeFile(JSON.stringify(data), 'utf8');
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, file);
      } catch (err) {
        dirReady = false;
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async remove() {
      await rm(file, { force: true });
    },
  };
}

/**
 * Reads the iLink session from a store. Nothing stored is an empty session; a document of another
 * transport or a damaged one is an error that says where and what to do.
 */
export async function loadIlinkSession(store: SessionDocumentStore): Promise<IlinkSessionData> {
  const doc = await store.load();
  if (doc.status === 'missing') return emptySession();
  if (doc.status === 'invalid') {
    throw new Error(
      `${store.location} is not a readable iLink session (${doc.problem}); delete it and log in again`,
    );
  }
  const data = doc.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null || data.transport !== 'ilink') {
    throw new Error(
      `${store.location} is not an iLink session (transport: ${JSON.stringify(data?.transport ?? null)}); use another sessionFile for iLink`,
    );
  }
  return {
    version: 1,
    transport: 'ilink',
    credentials: isCredentials(data.credentials) ? data.credentials : undefined,
    cursor: typeof data.cursor === 'string' ? data.cursor : '',
    inbound: (data.inbound as InboundLedgerJSON<WeixinMessage> | undefined) ?? undefined,
    conversations: Array.isArray(data.conversations) ? (data.conversations as ConversationState[]) : [],
    endedReason: typeof data.endedReason === 'string' ? data.endedReason : undefined,
  };
}
