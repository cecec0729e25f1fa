import { LoginError, WxApiError, WxError, WxNetworkError } from '../errors.js';

/**
 * What a failed send attempt means for the message. `turn`: the transport cannot carry it before the
 * person's next message (reply window closed, turn quota used up).
 */
export type Verdict = 'frequency' | 'transient' | 'offline' | 'turn' | 'fatal';

const TURN_CODES: ReadonlySet<string> = new Set(['REPLY_WINDOW_CLOSED', 'TURN_QUOTA_EXHAUSTED']);

const LOGGED_OUT_RETS: ReadonlySet<number> = new Set([1100, 1101, 1102]);
const OFFLINE_LOGIN_CODES: ReadonlySet<string> = new Set(['NOT_LOGGED_IN', 'LOGIN_LOST']);

/**
 * 1205 = "too fast" (1105 is its suspected alias, protocol.md §10), and so is any `RATE_LIMITED`
 * answer (iLink `ret:-2` "rate limited"); -1 is a transient server error,
 * and so is an unreadable answer (the send may or may not have landed: retry with the same id).
 * A dead session (1100–1102, not logged in) waits for the re-login.
 *
 * @example
 * classifySendError(new WxApiError(…, { ret: 1205 })) // 'frequency'
 */
export function classifySendError(error: unknown): Verdict {
  if (error instanceof WxApiError) {
    if (error.code === 'RATE_LIMITED') return 'frequency';
    if (error.ret === 1205 || error.ret === 1105) return 'frequency';
    if (error.ret !== undefined && LOGGED_OUT_RETS.has(error.ret)) return 'offline';
    return error.ret === -1 || error.ret === undefined ? 'transient' : 'fatal';
  }
  if (error instanceof LoginError && OFFLINE_LOGIN_CODES.has(error.code)) return 'offline';
  if (error instanceof WxError && TURN_CODES.has(error.code)) return 'turn';
  return error instanceof WxNetworkError ? 'transient' : 'fatal';
}

/** Anything thrown, as an Error. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
