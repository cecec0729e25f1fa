import type { Logger } from 'pino';
import type { Adapter } from './adapter/adapter.js';
import type { Clock } from './clock/clock.js';
import type { HealthServerOptions } from './health/server.js';
import type { OutboxJournal } from './outbox/journal.js';
import type { OutboxOptions } from './outbox/types.js';
import type { ReplyLoopOptions } from './safety/reply-loop-guard.js';
import type { FileJournalOptions } from './storage/file-journal.js';
import type { BotStorage } from './storage/storage.js';

export { defaultJournalPath } from './storage/file-storage.js';

/**
 * Options of the runtime (any transport): the outbox, scheduling, message handling, monitoring.
 * {@link createBot} takes these plus the chosen transport's options.
 */
export interface RuntimeOptions {
  /** Where the session is saved; the outbox journal goes next to it by default. */
  readonly sessionFile?: string;
  /**
   * Where everything persistent is kept (session, handled log, outbox journal). Default: files
   * next to `sessionFile` ({@link fileStorage}); nothing is persisted without either.
   */
  readonly storage?: BotStorage;
  /** A pino logger; wxbot makes `wxbot:*` children with secrets redacted. Default: silent. */
  readonly logger?: Logger;
  /**
   * Sending: pacing (on by default, human-like), retries, queue size, journal. `pacing: false` for
   * tests/bench. With a `sessionFile` and no `journal`, a file journal is kept next to the session
   * file ({@link defaultJournalPath}); `journal: false` turns it off.
   */
  readonly outbox?: Omit<OutboxOptions, 'logger' | 'journal'> & {
    readonly journal?: OutboxJournal | false;
    /**
     * On the real WeChat hosts, `pacing: false` or rates above the safe defaults throw a
     * `ConfigError` unless this is true (then a warning is logged at start). Runs against a
     * simulator (`connectTo`) are exempt. Default false.
     */
    readonly unsafeRates?: boolean;
    /**
     * Messages the account may send per local day; past it sends fail with `DAILY_BUDGET_EXCEEDED`
     * (warning at 80 %). Counted in the safety file beside the session. Default 300; `false` = no budget.
     */
    readonly dailyBudget?: number | false;
  };
  /**
   * The reply-loop guard (on by default): pauses `ctx.reply` in a chat where the bot's replies are
   * answered faster than a person types, or echoed. `false` turns it off.
   */
  readonly replyLoop?: ReplyLoopOptions | false;
  /** Chats handled at the same time (messages of one chat are always in order). Default 16. */
  readonly concurrency?: number;
  /** Time a message may spend in the middleware chain before it is abandoned (ms). Default 30000. */
  readonly deadlineMs?: number;
  /**
   * Backpressure limit: while this many messages wait for their handlers, the bot stops fetching
   * new ones (the server keeps them; the SyncKey does not move past them). Nothing is dropped and
   * each chat keeps its order; memory stays bounded by this plus one sync answer. Default 1000.
   */
  readonly maxPending?: number;
  /** The outbox journal file beside the session file: compaction while running and write retries. */
  readonly journalFile?: Omit<FileJournalOptions, 'report'>;
  /**
   * Show "typing…" in a chat while its messages are handled, where the transport has it
   * (`capabilities.typing`: iLink). Default true.
   */
  readonly typingWhileHandling?: boolean;
  /** Pass MsgType 51 status notifications to middleware too. Default false. */
  readonly dispatchStatusNotify?: boolean;
  /** Clock for the outbox and plugin timers (tests use fake time). */
  readonly clock?: Clock;
  /** Serve `/healthz` and `/metrics` over HTTP while the bot runs (see {@link startHealthServer}). */
  readonly health?: HealthServerOptions;
}

/** Options of `new Bot(…)`: the runtime's, and the adapter that speaks the protocol. */
export interface AdapterBotOptions<A extends Adapter = Adapter> extends RuntimeOptions {
  /** The transport (Web WeChat, iLink, an in-memory fake): see `Adapter`. */
  readonly adapter: A;
}
