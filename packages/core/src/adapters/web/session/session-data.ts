import type { SerializedCookieJar } from 'tough-cookie';
import type { Credentials, LoginMode } from '../protocol/context.js';
import type { Hosts } from '../protocol/hosts.js';
import type { WireContact, WireSyncKey } from '../protocol/wire.js';

/** Current session file format version. */
export const SESSION_VERSION = 1;

/**
 * What the session file holds (protocol.md §3.8). It contains secrets: it is written with mode 0600
 * and never logged.
 */
export interface SessionData {
  readonly version: typeof SESSION_VERSION;
  /** ms since epoch of the last write. */
  readonly savedAt: number;
  readonly mode: LoginMode;
  readonly hosts: Hosts;
  /** Account uin, kept even after the session died (push login needs it). */
  readonly uin: number;
  /** Absent once the session is known to be dead. */
  readonly credentials?: Credentials;
  readonly cookies: SerializedCookieJar;
  readonly syncKey?: WireSyncKey;
  readonly syncCheckKey?: WireSyncKey;
  /** The bot's own record from webwxinit. */
  readonly self?: WireContact;
  /** The contact store snapshot (ContactStore.snapshot()). */
  readonly contacts?: unknown;
  /**
   * Incoming messages: handled MsgIds and messages received but not handled yet
   * (`InboundLedger.toJSON()`), saved with the SyncKey they belong to. Optional: older files lack it.
   */
  readonly inbound?: unknown;
  /**
   * When the sync loop last completed a round with the server (ms since epoch), as of this write.
   * Optional: absent before the first sync and in older files.
   */
  readonly lastSyncAt?: number;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Checks the shape of parsed session JSON; returns undefined (and the reason) when unusable. */
export function validateSession(v: unknown): { data?: SessionData; problem?: string } {
  if (!isObj(v)) return { problem: 'not a JSON object' };
  if (v.version !== SESSION_VERSION) return { problem: `unsupported version ${String(v.version)}` };
  if (!isObj(v.hosts) || typeof v.hosts.main !== 'string') return { problem: 'no hosts' };
  if (typeof v.uin !== 'number') return { problem: 'no uin' };
  if (!isObj(v.cookies)) return { problem: 'no cookies' };
  if (v.credentials !== undefined) {
    const c = v.credentials;
    if (
      !isObj(c) ||
      typeof c.sid !== 'string' ||
      typeof c.skey !== 'string' ||
      typeof c.passTicket !== 'string'
    ) {
      return { problem: 'bad credentials' };
    }
  }
  return { data: v as unknown as SessionData };
}
