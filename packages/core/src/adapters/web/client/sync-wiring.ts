import type { Logger } from 'pino';
import type { InboundLedger } from '../../../ledger/inbound-ledger.js';
import type { ApiContext } from '../protocol/context.js';
import type { SyncResult } from '../protocol/sync-api.js';
import type { WireMessage } from '../protocol/wire.js';
import { type SyncKeys, SyncLoop } from '../sync/sync-loop.js';
import type { ContactLoader } from './contact-loader.js';
import type { ResolvedClientOptions } from './options.js';
import { scrubContacts } from './scrub.js';
import type { SyncBatch } from './types.js';

/** Counters the sync loop keeps up to date for the client. */
export interface SyncCounters {
  /** Messages received (duplicates excluded). */
  received: number;
  /** When the last round with the server completed (ms since epoch). */
  lastSyncAt: number | undefined;
}

/** What the sync loop of a {@link WebWxClient} reports to and reads from the client. */
export interface SyncWiring {
  readonly ctx: () => ApiContext;
  readonly keys: SyncKeys;
  readonly inbound: () => InboundLedger<WireMessage>;
  readonly contacts: ContactLoader;
  /** Aborted when the client stops (in-flight contact fetches end with it). */
  readonly signal: () => AbortSignal | undefined;
  /** Asks for a session save (debounced). */
  readonly save: () => void;
  readonly emitSync: (batch: SyncBatch) => void;
  readonly counters: SyncCounters;
  readonly onLogout: (code: number, reason: string) => void;
  readonly onError: (err: Error) => void;
  readonly log: Logger;
}

/**
 * Builds the client's sync loop: new messages go through the inbound ledger (duplicates out,
 * saved with the SyncKey they came with), contact changes into the store, then one `sync` event.
 */
export function createSyncLoop(w: SyncWiring, options: ResolvedClientOptions): SyncLoop {
  const onBatch = async (r: SyncResult): Promise<void> => {
    // Same tick as the key update: a session save never holds the new SyncKey without these messages.
    const fresh = w.inbound().receive(r.AddMsgList);
    w.counters.received += fresh.length;
    if (fresh.length > 0) w.save();
    await w.contacts.applySync(r, w.signal());
    if (r.AddMsgList.length || r.ModContactList.length || r.DelContactList.length) {
      w.emitSync({
        messages: r.AddMsgList,
        fresh,
        modContacts: scrubContacts(r.ModContactList),
        delContacts: r.DelContactList.map((c) => c.UserName),
      });
    }
    if (r.ModContactList.length || r.DelContactList.length) w.save();
  };
  return new SyncLoop(
    {
      ctx: w.ctx,
      keys: w.keys,
      onBatch,
      onKeys: w.save,
      onRound: () => {
        w.counters.lastSyncAt = Date.now();
      },
      onLogout: w.onLogout,
      onError: w.onError,
      log: w.log,
    },
    {
      backoff: options.backoff,
      clock: options.clock,
      minIntervalMs: options.syncCheckMinIntervalMs,
      pushFallbackAfter: 2,
      maxContinue: 50,
    },
  );
}
