import { CapabilityError, ConfigError, LoginError, WxApiError, WxError, WxNetworkError } from '@wxbot/core';
import {
  IlinkApiError,
  IlinkConfigError,
  IlinkError,
  IlinkLoginError,
  IlinkMediaError,
  IlinkNetworkError,
  IlinkReplyBlockedError,
} from '../errors.js';

const LOGIN_CODES = {
  QR_EXPIRED: 'QR_EXPIRED',
  LOGIN_CANCELLED: 'LOGIN_ABORTED',
  VERIFY_CODE_REQUIRED: 'LOGIN_ABORTED',
  LOGIN_INCOMPLETE: 'LOGIN_BAD_ANSWER',
} as const;

/**
 * Translates a client error into the runtime's error classes, so the outbox and the CLI judge it as
 * for any transport: network failures and unreadable answers are retried (same client id), `-14`
 * waits for a new login, refusals by the reply rules are `CapabilityError`s, media faults name
 * themselves. A server refusal (`ret:-2`) is a `CapabilityError` like a local one. Other errors pass
 * through unchanged.
 */
export function toRuntimeError(error: unknown): unknown {
  if (!(error instanceof IlinkError)) return error;
  const why = { cause: error };
  if (error instanceof IlinkNetworkError) {
    return new WxNetworkError(error.endpoint, error.message, {
      ...why,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.host === undefined ? {} : { host: error.host }),
      ...(error.route === undefined ? {} : { route: error.route }),
    });
  }
  if (error instanceof IlinkApiError) {
    if (error.isSessionExpired) return new LoginError('LOGIN_LOST', error.message, why);
    // ret -2 without "rate limited": the server will not take a message in this turn (window closed,
    // quota used, token stale); like a local refusal, it can go after the person's next message.
    if (error.code === 'SEND_REFUSED')
      return new CapabilityError('TURN_QUOTA_EXHAUSTED', 'ilink', 'perTurnQuota', error.message);
    if (error.code === 'API_BAD_RESPONSE')
      return new WxApiError(error.endpoint, undefined, error.message, why);
    return new WxApiError(error.endpoint, error.ret ?? error.errcode, error.message, {
      ...why,
      rateLimited: error.code === 'RATE_LIMITED',
    });
  }
  if (error instanceof IlinkReplyBlockedError) {
    return error.reason === 'quota-used' || error.reason === 'refused-by-server'
      ? new CapabilityError('TURN_QUOTA_EXHAUSTED', 'ilink', 'perTurnQuota', error.message)
      : new CapabilityError('REPLY_WINDOW_CLOSED', 'ilink', 'proactiveSends', error.message);
  }
  if (error instanceof IlinkLoginError) {
    const code = LOGIN_CODES[error.code as keyof typeof LOGIN_CODES] ?? 'LOGIN_REFUSED';
    return new LoginError(code, error.message, why);
  }
  if (error instanceof IlinkMediaError) {
    if (error.code === 'MEDIA_TOO_LARGE') return new WxError('MEDIA_TOO_LARGE', error.message, why);
    // The CDN failed after its retries: a later attempt (same client id) may succeed.
    if (error.code === 'CDN_UPLOAD') return new WxNetworkError('cdn-upload', error.message, why);
    return new WxError('NOT_DOWNLOADABLE', error.message, why);
  }
  if (error instanceof IlinkConfigError) return new ConfigError(error.path, error.message, why);
  return new WxApiError('ilink', undefined, error.message, why);
}
