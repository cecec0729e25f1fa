import type { SyncStorm } from '../adapter/adapter.js';
import type { ReplyWindows } from '../adapter/capability-guard.js';
import type { SessionEnd } from '../adapter/session-end.js';
import type { PluginStatus } from '../pipeline/plugin-host.js';
import type { StorageFault } from '../storage/storage-faults.js';

/**
 * A running bot's state for monitoring (`bot.stats()`, served by the health endpoint).
 * Holds no secret: no skey, sid, uin, pass_ticket, ticket or cookie.
 */
export interface BotStats {
  /** A session with the server is established. */
  readonly loggedIn: boolean;
  /** The sync loop runs (messages are being received). */
  readonly running: boolean;
  /** The account's nickname, once logged in. */
  readonly nickName: string | undefined;
  /** When the sync loop last completed a round with the server (ms since epoch). */
  readonly lastSyncAt: number | undefined;
  /** Messages received (duplicates excluded). */
  readonly messagesIn: number;
  /** Messages whose handling finished (or was abandoned at its deadline). */
  readonly messagesHandled: number;
  /** Messages the server accepted from the outbox. */
  readonly messagesOut: number;
  /** Messages the outbox gave up on. */
  readonly sendFailures: number;
  /** Messages waiting in the outbox. */
  readonly outboxDepth: number;
  /** Messages waiting to be handled. */
  readonly dispatcherPending: number;
  /** Messages received but not handled yet (saved in the session file). */
  readonly unhandled: number;
  /** Each plugin's state (loading / active / failed with the error). */
  readonly plugins: readonly PluginStatus[];
  /** A request storm in progress (the server says "new" and delivers nothing new), if any. */
  readonly syncStorm?: SyncStorm | undefined;
  /** Files that cannot be written now (messages wait: nothing is marked handled meanwhile). */
  readonly storageFaults?: readonly StorageFault[];
  /** When `start()` was called (ms since epoch). */
  readonly startedAt: number | undefined;
  readonly uptimeMs: number;
  /** How the last session ended (typed reason + one sentence with what to do), if one did. */
  readonly lastEnd?: SessionEnd;
  /** Sends counted against today's budget, and the budget (absent when the budget is off). */
  readonly sendBudget?: { readonly used: number; readonly limit: number };
  /**
   * On a transport with a reply window and a per-turn quota (iLink): how many conversations have an
   * open window, and the latest ones (at most 20) with when their window closes and the quota left.
   * Absent on transports that may send at any time (Web).
   */
  readonly replyWindows?: ReplyWindows;
}
