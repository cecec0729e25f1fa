import type { NetworkRoute } from '@wxbot/core';

/**
 * The iLink client's error classes. Each has a stable `code` and keeps the underlying `cause`.
 * Messages say what happened and what to do; they never contain the bot token, context tokens or
 * CDN URLs (which authorise downloads).
 */

/** Base class of every iLink client error. */
export class IlinkError extends Error {
  /** A stable machine-readable code, e.g. `API_RET`, `NETWORK`, `SESSION_EXPIRED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The server answered, but said no: a non-zero `ret` or `errcode`, or a body that is not the JSON
 * the endpoint returns.
 *
 * @example
 * if (err instanceof IlinkApiError && err.ret === -2) waitForTheUsersNextMessage();
 */
export class IlinkApiError extends IlinkError {
  /** The endpoint, e.g. `sendmessage`. */
  readonly endpoint: string;
  /** `ret` of the answer; `undefined` when the body was unreadable. */
  readonly ret: number | undefined;
  /** `errcode` of the answer, when present. */
  readonly errcode: number | undefined;
  /** `errmsg` (or `err_msg`) of the answer, when present. Server text; never secret. */
  readonly errmsg: string | undefined;

  constructor(
    endpoint: string,
    detail: { ret?: number | undefined; errcode?: number | undefined; errmsg?: string | undefined },
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(
      options?.code ??
        (detail.ret === undefined && detail.errcode === undefined ? 'API_BAD_RESPONSE' : 'API_RET'),
      message,
      options,
    );
    this.endpoint = endpoint;
    this.ret = detail.ret;
    this.errcode = detail.errcode;
    this.errmsg = detail.errmsg;
  }

  /** True for `-14` in `ret` or `errcode`: the bot token is dead and only a new QR login helps. */
  get isSessionExpired(): boolean {
    return this.ret === -14 || this.errcode === -14;
  }
}

/** The request never got a usable HTTP answer: refused, reset, timed out, aborted, non-2xx, too large. */
export class IlinkNetworkError extends IlinkError {
  /** The endpoint, e.g. `getupdates` or `cdn-upload`. */
  readonly endpoint: string;
  /** HTTP status when there was one, else undefined. */
  readonly status: number | undefined;
  /**
   * The host the request was for (`ilinkai.weixin.qq.com`, or the `connectTo` address it was sent
   * to instead), for messages that say what to check. Never a path or query (they may authorise).
   */
  readonly host: string | undefined;
  /** How the request went out: to `connectTo`, through a proxy, or directly (and why). */
  readonly route: NetworkRoute | undefined;

  constructor(
    endpoint: string,
    code: 'NETWORK' | 'TIMEOUT' | 'ABORTED' | 'HTTP_STATUS' | 'TOO_LARGE',
    message: string,
    options?: {
      cause?: unknown;
      status?: number | undefined;
      host?: string | undefined;
      route?: NetworkRoute | undefined;
    },
  ) {
    super(code, message, options);
    this.endpoint = endpoint;
    this.status = options?.status;
    this.host = options?.host;
    this.route = options?.route;
  }
}

/** QR login failed: too many QR codes, login timed out, refused, cancelled. */
export class IlinkLoginError extends IlinkError {}

/** Media could not be encrypted, decrypted, uploaded or downloaded (bad key, size cap, CDN refusal). */
export class IlinkMediaError extends IlinkError {}

/** An option value is wrong. `path` names which one, e.g. `baseUrl`. */
export class IlinkConfigError extends IlinkError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
    this.path = path;
  }
}

/**
 * A send was not attempted because the protocol's rules forbid it now: no conversation yet, the 24 h
 * window closed, the turn's quota used up, or the server already refused this turn. It can go out
 * after the user's next message.
 */
export class IlinkReplyBlockedError extends IlinkError {
  /** `no-conversation`, `window-closed`, `quota-used` or `refused-by-server`. */
  readonly reason: 'no-conversation' | 'window-closed' | 'quota-used' | 'refused-by-server';

  constructor(reason: IlinkReplyBlockedError['reason'], message: string) {
    super('REPLY_BLOCKED', message);
    this.reason = reason;
  }
}
