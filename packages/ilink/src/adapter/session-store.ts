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

/**
 * Reads the session file. A missing file is an empty session; a file of another transport or a
 * damaged one is an error that says which file and what to do.
 */
export async function loadIlinkSession(file: string): Promise<IlinkSessionData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySession();
    throw err;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new Error(`${file} is not a readable iLink session (bad JSON); delete it and log in again`, {
      cause,
    });
  }
  if (data?.transport !== 'ilink') {
    throw new Error(
      `${file} is not an iLink session (transport: ${JSON.stringify(data?.transport ?? null)}); use another sessionFile for iLink`,
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

/** Writes the session atomically (temp file, fsync, rename) with mode 0600. */
export async function saveIlinkSession(file: string, data: IlinkSessionData): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
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
    await rm(tmp, { force: true });
    throw err;
  }
}
