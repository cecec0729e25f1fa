import type { Logger } from 'pino';
import type { IlinkClientOptions } from '../client.js';
import type { IlinkCredentials, QrLoginOptions } from '../login/qr-login.js';
import type { UpdatePollerOptions } from '../poll/poller.js';
import type { HandledIdStore, SessionDocumentStore } from './session-store.js';

/** Options of `IlinkAdapter`: the client's, plus the session file, login prompts and polling. */
export interface IlinkAdapterOptions extends Omit<IlinkClientOptions, 'credentials'> {
  /** Where the token, cursor, ledger and context tokens are kept (0600). Without it nothing survives a restart. */
  readonly sessionFile?: string | undefined;
  /**
   * Lock the session file while logged in or running (`<file>.lock` + `<file>.pid`, as the Web
   * transport does): a second process on the same file is refused with `SessionLockedError`
   * naming the first one's pid; a lock left by a killed process is taken over. Default true.
   */
  readonly lockSession?: boolean | undefined;
  /**
   * Another home for the session and the handled ids than files beside `sessionFile` (e.g. the
   * `session` and `handled` of `@wxbot/core`'s `fileStorage(...)`, or a database). Wins over `sessionFile`.
   */
  readonly storage?: { readonly session: SessionDocumentStore; readonly handled: HandledIdStore } | undefined;
  /** Credentials to use instead of a session file's (e.g. from a secret store). */
  readonly credentials?: IlinkCredentials | undefined;
  /** Asks the person for the number shown on the phone during a QR login. */
  readonly verifyCode?: QrLoginOptions['verifyCode'];
  /**
   * Every step of a QR login as it happens (QR shown, scanned, verify code asked, QR expired or
   * blocked, redirected), e.g. for a web console's Login page. Never carries a secret.
   */
  readonly onLoginEvent?: QrLoginOptions['onEvent'];
  /** QR login limits (QR codes, lifetimes, poll interval). */
  readonly login?: Pick<QrLoginOptions, 'maxQrCodes' | 'qrLifetimeMs' | 'loginTimeoutMs' | 'pollIntervalMs'>;
  /** Long-poll tuning. */
  readonly poll?: Pick<UpdatePollerOptions, 'timeoutMarginMs' | 'backoff' | 'minEmptyPollIntervalMs'>;
  /** Display names for user ids (iLink sends none). */
  readonly names?: Readonly<Record<string, string>>;
  /** Send `notifystart`/`notifystop` on start and clean stop (default true). */
  readonly notify?: boolean;
  /** Where storage faults (disk full, read-only folder) are logged; default silent. */
  readonly logger?: Logger | undefined;
  /** While the session file cannot be written, try again this often (ms, default 1000). */
  readonly saveRetryMs?: number | undefined;
}
