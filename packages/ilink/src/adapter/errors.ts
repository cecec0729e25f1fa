import { LoginError, WxApiError, WxError, WxNetworkError } from '@wxbot/core';
import { IlinkApiError, IlinkError, IlinkNetworkError, IlinkReplyBlockedError } from '../errors.js';

/**
 * Translates a client error into the runtime's error classes, so the outbox judges it as for any
 * transport: network failures and unreadable answers are retried (same client id), `-14` waits for a
 * new login, refusals by the rules fail at once with the reason.
 */
export function toRuntimeError(error: unknown): unknown {
  if (!(error instanceof IlinkError)) return error;
  if (error instanceof IlinkNetworkError) {
    return new WxNetworkError(error.endpoint, error.message, {
      cause: error,
      ...(error.status === undefined ? {} : { status: error.status }),
    });
  }
  if (error instanceof IlinkApiError) {
    if (error.isSessionExpired) return new LoginError('LOGIN_LOST', error.message, { cause: error });
    if (error.code === 'API_BAD_RESPONSE')
      return new WxApiError(error.endpoint, undefined, error.message, { cause: error });
    return new WxApiError(error.endpoint, error.ret ?? error.errcode, error.message, { cause: error });
  }
  if (error instanceof IlinkReplyBlockedError)
    return new WxError('REPLY_BLOCKED', error.message, { cause: error });
  return new WxError(error.code, error.message, { cause: error });
}
