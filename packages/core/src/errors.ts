/**
 * wxbot's error classes. Each has a stable `code` and keeps the underlying `cause`.
 * Messages say what happened and what to do, and never contain session secrets.
 */

/**
 * Every `code` a wxbot error can carry: switch on it exhaustively. A transport adds its codes here.
 */
export type WxErrorCode =
  // The server or the network
  | 'API_RET'
  | 'API_BAD_RESPONSE'
  | 'RATE_LIMITED'
  | 'NETWORK'
  // Login and session
  | 'LOGIN_REFUSED'
  | 'LOGIN_ABORTED'
  | 'LOGIN_LOST'
  | 'LOGIN_BAD_ANSWER'
  | 'LOGIN_INIT_FAILED'
  | 'QR_EXPIRED'
  | 'NO_SESSION'
  | 'SESSION_ENDED'
  | 'NOT_LOGGED_IN'
  | 'NEEDS_PERSON'
  // Configuration and plugins
  | 'CONFIG'
  | 'PLUGIN_SETUP'
  | 'PLUGIN_RELOAD'
  | 'PIPELINE_FROZEN'
  // Handling a message
  | 'MIDDLEWARE'
  | 'TIMEOUT'
  | 'DEADLINE_EXCEEDED'
  | 'NEXT_TWICE'
  | 'CANNOT_REPLY'
  // Sending, media, contacts
  | 'OUTBOX_STOPPED'
  | 'OUTBOX_FULL'
  | 'SELF_REPLY'
  | 'CONTACTS_SNAPSHOT'
  // Storage and the session lock
  | 'SESSION_LOCKED'
  | 'SESSION_LOCK_FAILED'
  | 'SESSION_DIR_NOT_WRITABLE'
  | 'STORAGE'
  | 'JOURNAL_LOST'
  // Account safety
  | 'REPLY_PAUSED'
  | 'DAILY_BUDGET_EXCEEDED'
  | 'CONTACT_NOT_FOUND'
  | 'MEDIA_EMPTY'
  | 'NO_DOWNLOAD'
  | 'NOT_DOWNLOADABLE'
  // What a transport cannot carry (CapabilityError)
  | 'UNSUPPORTED'
  | 'MEDIA_TOO_LARGE'
  | 'TEXT_TOO_LONG'
  | 'REPLY_WINDOW_CLOSED'
  | 'TURN_QUOTA_EXHAUSTED';

/** Base class of every wxbot error. */
export class WxError extends Error {
  /** A stable machine-readable code, e.g. `API_RET`, `NETWORK`, `LOGIN_REFUSED`. */
  readonly code: WxErrorCode;

  constructor(code: WxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The server answered, but said no: a non-zero `BaseResponse.Ret`, a bad synccheck retcode,
 * or an answer that could not be understood (HTML instead of JSON, truncated body).
 *
 * @example
 * if (err instanceof WxApiError && err.ret === 1205) backOff();
 */
export class WxApiError extends WxError {
  /** The endpoint, e.g. `webwxsendmsg`. */
  readonly endpoint: string;
  /** `BaseResponse.Ret` or synccheck retcode; `undefined` when the body was unreadable. */
  readonly ret: number | undefined;

  /**
   * `options.rateLimited`: the server refused because the account sends too fast (iLink `ret:-2`
   * "rate limited"); the code is then `RATE_LIMITED` and the outbox backs off like on a 1205.
   */
  constructor(
    endpoint: string,
    ret: number | undefined,
    message: string,
    options?: { cause?: unknown; rateLimited?: boolean },
  ) {
    super(
      options?.rateLimited ? 'RATE_LIMITED' : ret === undefined ? 'API_BAD_RESPONSE' : 'API_RET',
      message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.endpoint = endpoint;
    this.ret = ret;
  }
}

/** The request never got a usable HTTP answer: connection refused/reset, timeout, 5xx. */
export class WxNetworkError extends WxError {
  readonly endpoint: string;
  /** HTTP status when there was one (5xx), else undefined. */
  readonly status: number | undefined;
  /** The host name the request went to (`login.wx.qq.com`), when known: for messages that say what to check. */
  readonly host: string | undefined;
  /** How the transport sent the request (direct or through which proxy, and why), when it says. */
  readonly route: NetworkRoute | undefined;

  constructor(
    endpoint: string,
    message: string,
    options?: { cause?: unknown; status?: number; host?: string; route?: NetworkRoute },
  ) {
    super('NETWORK', message, options);
    this.endpoint = endpoint;
    this.status = options?.status;
    this.host = options?.host;
    this.route = options?.route;
  }
}

/**
 * How a request really went out, as the transport decided it (for messages about a failure):
 * - `connect-to`: straight to `address` because `connectTo` (or iLink's `baseUrl`) points there;
 *   proxy variables are never used for it;
 * - `no-proxy`: straight to the host because `NO_PROXY` matches it, although `proxy` is set;
 * - `direct`: straight to the host, no proxy variable applies to its scheme;
 * - `proxy`: through `proxy` (from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`; credentials dropped).
 */
export type NetworkRoute =
  | { readonly via: 'connect-to'; readonly address: string }
  | { readonly via: 'no-proxy'; readonly proxy: string }
  | { readonly via: 'direct' }
  | { readonly via: 'proxy'; readonly proxy: string };

/** Login failed: refused by the server (1203), QR expired too often, cancelled, bad ticket. */
export class LoginError extends WxError {}

/**
 * The server refused the login itself (code `LOGIN_REFUSED`): `ret` is the login XML's ret
 * (1203: web login not allowed for this account) or 301 (desktop mode answered a bare redirect
 * with no Location, as unverified accounts get). Scanning again does not help.
 */
export class LoginRefusedError extends LoginError {
  readonly ret: number;
  constructor(ret: number, message: string, options?: { cause?: unknown }) {
    super('LOGIN_REFUSED', message, options);
    this.name = 'LoginRefusedError';
    this.ret = ret;
  }
}

/** A configuration or options value is wrong. `path` names where, e.g. `plugins[1].rules[0].match`. */
export class ConfigError extends WxError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
    this.path = path;
  }
}

/** A middleware or plugin threw (or timed out) while handling a message. */
export class BotError extends WxError {
  /** The plugin that failed, if known. */
  readonly plugin: string | undefined;
  /** The id of the message being handled. */
  readonly messageId: string | undefined;

  constructor(
    message: string,
    options: { cause?: unknown; plugin?: string; messageId?: string; code?: WxErrorCode },
  ) {
    super(options.code ?? 'MIDDLEWARE', message, { cause: options.cause });
    this.plugin = options.plugin;
    this.messageId = options.messageId;
  }
}
