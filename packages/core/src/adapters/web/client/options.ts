import { type Logger, pino } from 'pino';
import { type Clock, systemClock } from '../../../clock/clock.js';
import { ConfigError } from '../../../errors.js';
import { type BackoffOptions, DEFAULT_BACKOFF } from '../../../retry/backoff.js';
import type { BotStorage } from '../../../storage/storage.js';
import type { LoginMode } from '../protocol/context.js';
import { DEFAULT_REQUEST_CEILING, type RequestCeilingOptions } from '../sync/request-ceiling.js';
import { DEFAULT_TIMEOUTS, type TransportTimeouts } from '../transport/options.js';

/**
 * Options of {@link WebWxClient}. Every delay is configurable (tests use tens of ms).
 *
 * @example
 * const client = new WebWxClient({ mode: 'desktop', sessionFile: './.wxbot/session.json', autoRelogin: true });
 */
export interface WebWxClientOptions {
  /** `web` (wx.qq.com) or `desktop` (UOS variant, avoids ret 1203). Default `desktop`. */
  readonly mode?: LoginMode;
  /**
   * Send every request to this address (e.g. the simulator, `http://127.0.0.1:8080`), keeping the
   * real host names for the Host header and cookies.
   */
  readonly connectTo?: string;
  /** Where to save and resume the session (cookies, keys, contacts). Omit to never persist. */
  readonly sessionFile?: string;
  /**
   * Where the session document and the handled log are kept instead of files next to
   * `sessionFile` (see `BotStorage`; `createBot({ storage })` passes it here).
   */
  readonly sessionStorage?: Pick<BotStorage, 'session' | 'handled'>;
  /** Per-call timeouts (ms). */
  readonly timeouts?: Partial<TransportTimeouts>;
  /** Backoff of the sync loop and login polling after errors. Default 1 s doubling to 60 s. */
  readonly backoff?: Partial<BackoffOptions>;
  /** QR codes shown before login fails. Default 5. */
  readonly maxQrAttempts?: number;
  /** 408 answers per QR before a new one is shown. Default 10 (≈ 4 min). */
  readonly maxPollsPerQr?: number;
  /** 408 answers to wait for a push-login confirmation before showing a QR. Default 2. */
  readonly maxPushPolls?: number;
  /**
   * After the server ends the session, log in again by itself: resume the saved session, else a
   * push login the phone confirms — never a new QR scan. Not after a restriction-like ending
   * (kicked right after a fresh login, another login took over, 1205, refused environment): then
   * wxbot stops and says why. Default false.
   */
  readonly autoRelogin?: boolean;
  /** Wait before an automatic re-login (ms). Default 60 000. */
  readonly reloginCooldownMs?: number;
  /** A 1102 this soon after a fresh QR/push login counts as a server restriction (ms). Default 120 000. */
  readonly kickWindowMs?: number;
  /** Period of the keep-alive status notify (ms); 0 disables. Default 300000 (5 min). */
  readonly keepAliveMs?: number;
  /** Minimum time between synccheck calls (stale-key spin guard). Default 1000. */
  readonly syncCheckMinIntervalMs?: number;
  /**
   * Hard ceiling on the sync loop's requests (synccheck + webwxsync): `perSecond` sustained
   * (default 4), `burst` back to back (default 8). No server answer can make the loop faster.
   */
  readonly syncRateLimit?: Partial<RequestCeilingOptions>;
  /**
   * Largest response body read into memory (bytes). A bigger answer fails with a clear
   * `WxNetworkError` (code `EBODYTOOLARGE`) instead of exhausting memory. Media downloads to a
   * file are streamed and not limited by this. Default 64 MiB.
   */
  readonly maxResponseBytes?: number;
  /** Time source of the sync loop's waits (tests accelerate it). Default: the system clock. */
  readonly clock?: Clock;
  /** Debounce of session file writes as keys advance (ms). Default 2000. */
  readonly sessionSaveDelayMs?: number;
  /**
   * Lock the session file while running (`<file>.lock` + `<file>.pid`): a second process on the
   * same file is refused, naming the first one's pid. Default true.
   */
  readonly lockSession?: boolean;
  /** `lang` sent to the server (language of system texts). Default `zh_CN`. */
  readonly lang?: string;
  /** User-Agent of web mode. */
  readonly userAgent?: string;
  /** Handled message ids remembered (and saved) to drop duplicates and own-send echoes. Default 10,000. */
  readonly dedupeCapacity?: number;
  /** A pino logger; wxbot makes `wxbot:*` children with secrets redacted. Default: silent. */
  readonly logger?: Logger;
}

/**
 * Options of {@link WebWxClient.login}.
 *
 * @example
 * await client.login({ resumeOnly: true }); // resume the saved session or throw; never a QR
 */
export interface LoginOptions {
  /**
   * Only resume the saved session: no push-login prompt on the phone, no QR code. Throws a
   * LoginError `NO_SESSION` or `SESSION_ENDED` when there is no live session to resume.
   */
  readonly resumeOnly?: boolean;
  /**
   * Resume, else a push login (the phone confirms), but never a QR code: how an automatic re-login
   * logs in. Throws a LoginError `NEEDS_PERSON` when neither works.
   */
  readonly noQr?: boolean;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  readonly mode: LoginMode;
  readonly connectTo: string | undefined;
  readonly sessionFile: string | undefined;
  readonly storage: Pick<BotStorage, 'session' | 'handled'> | undefined;
  readonly timeouts: TransportTimeouts;
  readonly backoff: BackoffOptions;
  readonly maxQrAttempts: number;
  readonly maxPollsPerQr: number;
  readonly maxPushPolls: number;
  readonly autoRelogin: boolean;
  readonly reloginCooldownMs: number;
  readonly kickWindowMs: number;
  readonly keepAliveMs: number;
  readonly syncCheckMinIntervalMs: number;
  readonly syncRateLimit: RequestCeilingOptions;
  readonly maxResponseBytes: number;
  readonly clock: Clock;
  readonly sessionSaveDelayMs: number;
  readonly lockSession: boolean;
  readonly lang: string;
  readonly userAgent: string | undefined;
  readonly dedupeCapacity: number;
  readonly logger: Logger;
}

function positive(name: string, v: number | undefined, fallback: number, allowZero = false): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new ConfigError(
      name,
      `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of ms or a count (got ${v})`,
    );
  }
  return v;
}

/** Applies defaults and checks values; bad values throw a ConfigError naming the option. */
export function resolveClientOptions(o: WebWxClientOptions = {}): ResolvedClientOptions {
  if (o.mode !== undefined && o.mode !== 'web' && o.mode !== 'desktop') {
    throw new ConfigError('mode', `mode must be 'web' or 'desktop' (got ${JSON.stringify(o.mode)})`);
  }
  const t = o.timeouts ?? {};
  const timeouts: TransportTimeouts = {
    request: positive('timeouts.request', t.request, DEFAULT_TIMEOUTS.request),
    loginPoll: positive('timeouts.loginPoll', t.loginPoll, DEFAULT_TIMEOUTS.loginPoll),
    syncCheck: positive('timeouts.syncCheck', t.syncCheck, DEFAULT_TIMEOUTS.syncCheck),
    upload: positive('timeouts.upload', t.upload, DEFAULT_TIMEOUTS.upload),
    download: positive('timeouts.download', t.download, DEFAULT_TIMEOUTS.download),
  };
  const backoff: BackoffOptions = {
    baseMs: positive('backoff.baseMs', o.backoff?.baseMs, DEFAULT_BACKOFF.baseMs),
    maxMs: positive('backoff.maxMs', o.backoff?.maxMs, DEFAULT_BACKOFF.maxMs),
  };
  return {
    mode: o.mode ?? 'desktop',
    connectTo: o.connectTo,
    sessionFile: o.sessionFile,
    storage: o.sessionStorage,
    timeouts,
    backoff,
    maxQrAttempts: positive('maxQrAttempts', o.maxQrAttempts, 5),
    maxPollsPerQr: positive('maxPollsPerQr', o.maxPollsPerQr, 10),
    maxPushPolls: positive('maxPushPolls', o.maxPushPolls, 2),
    autoRelogin: o.autoRelogin ?? false,
    reloginCooldownMs: positive('reloginCooldownMs', o.reloginCooldownMs, 60_000, true),
    kickWindowMs: positive('kickWindowMs', o.kickWindowMs, 120_000, true),
    keepAliveMs: positive('keepAliveMs', o.keepAliveMs, 300_000, true),
    syncCheckMinIntervalMs: positive('syncCheckMinIntervalMs', o.syncCheckMinIntervalMs, 1000, true),
    syncRateLimit: {
      perSecond: positive(
        'syncRateLimit.perSecond',
        o.syncRateLimit?.perSecond,
        DEFAULT_REQUEST_CEILING.perSecond,
      ),
      burst: Math.max(
        1,
        positive('syncRateLimit.burst', o.syncRateLimit?.burst, DEFAULT_REQUEST_CEILING.burst),
      ),
    },
    maxResponseBytes: positive('maxResponseBytes', o.maxResponseBytes, 64 * 1024 * 1024),
    clock: o.clock ?? systemClock,
    sessionSaveDelayMs: positive('sessionSaveDelayMs', o.sessionSaveDelayMs, 2000, true),
    lockSession: o.lockSession ?? true,
    lang: o.lang ?? 'zh_CN',
    userAgent: o.userAgent,
    dedupeCapacity: positive('dedupeCapacity', o.dedupeCapacity, 10_000),
    logger: o.logger ?? pino({ level: 'silent' }),
  };
}
