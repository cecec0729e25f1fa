import type { Logger } from 'pino';
import type { InboundLedger } from '../../../ledger/inbound-ledger.js';
import { MessageDedupe } from '../../../message/dedupe.js';
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
  /** Backpressure: resolves when the bot can take more messages (see {@link SyncLoopHooks.gate}). */
  readonly gate?: () => Promise<void> | undefined;
  readonly log: Logger;
}

/**
 * Builds the client's sync loop: new messages go through the inbound ledger (duplicates out,
 * saved with the SyncKey they came with), contact changes into the store, then one `sync` event.
 */
export function createSyncLoop(w: SyncWiring, options: ResolvedClientOptions): SyncLoop {
  // MsgIds this loop has received before (handled or not, own-send echoes included): a round that
  // only repeats them brings nothing new, however often the server announces it (storm guard).
  const received = new MessageDedupe(options.dedupeCapacity);
  const onBatch = async (r: SyncResult): Promise<boolean> => {
    let novel = r.ModContactList.length > 0 || r.DelContactList.length > 0;
    for (const m of r.AddMsgList) if (!received.seen(m.MsgId)) novel = true;
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
    return novel;
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
      ...(w.gate ? { gate: w.gate } : {}),
      log: w.log,
    },
    {
      backoff: options.backoff,
      minIntervalMs: options.syncCheckMinIntervalMs,
      pushFallbackAfter: 2,
      maxContinue: 50,
      ceiling: options.syncRateLimit,
      clock: options.clock,
    },
  );
}
