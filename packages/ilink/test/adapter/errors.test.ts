import { describe, expect, it } from '@jest/globals';
import { CapabilityError, LoginError, WxApiError, WxNetworkError } from '@wxbot/core';
import { toRuntimeError } from '../../src/adapter/errors.js';
import {
  IlinkApiError,
  IlinkLoginError,
  IlinkMediaError,
  IlinkNetworkError,
  IlinkReplyBlockedError,
} from '../../src/errors.js';

describe('toRuntimeError: iLink failures in the runtime error classes the outbox and the CLI judge', () => {
  it('network failures stay retryable; -14 is a lost login; -2 closes the turn like a local refusal', () => {
    expect(toRuntimeError(new IlinkNetworkError('sendmessage', 'TIMEOUT', 'slow'))).toBeInstanceOf(
      WxNetworkError,
    );
    const lost = toRuntimeError(
      new IlinkApiError('sendmessage', { ret: -14 }, 'ended', { code: 'SESSION_EXPIRED' }),
    );
    expect(lost).toBeInstanceOf(LoginError);
    expect(lost).toMatchObject({ code: 'LOGIN_LOST' });
    expect(
      toRuntimeError(new IlinkApiError('sendmessage', { ret: -2 }, 'no', { code: 'SEND_REFUSED' })),
    ).toMatchObject({ code: 'TURN_QUOTA_EXHAUSTED', transport: 'ilink', message: 'no' });
    expect(
      toRuntimeError(
        new IlinkApiError('sendmessage', { ret: -2, errmsg: 'rate limited' }, 'slow', {
          code: 'RATE_LIMITED',
        }),
      ),
    ).toMatchObject({ code: 'RATE_LIMITED', ret: -2 });
    expect(toRuntimeError(new IlinkApiError('getupdates', {}, 'html'))).toBeInstanceOf(WxApiError);
  });

  it('reply-rule refusals become capability errors, login and media errors keep their meaning', () => {
    const quota = toRuntimeError(new IlinkReplyBlockedError('quota-used', 'used up'));
    expect(quota).toBeInstanceOf(CapabilityError);
    expect(quota).toMatchObject({ code: 'TURN_QUOTA_EXHAUSTED', transport: 'ilink' });
    expect(toRuntimeError(new IlinkReplyBlockedError('window-closed', 'late'))).toMatchObject({
      code: 'REPLY_WINDOW_CLOSED',
    });
    expect(toRuntimeError(new IlinkLoginError('QR_EXPIRED', 'three QR codes'))).toMatchObject({
      code: 'QR_EXPIRED',
    });
    expect(toRuntimeError(new IlinkLoginError('LOGIN_CANCELLED', 'stop'))).toMatchObject({
      code: 'LOGIN_ABORTED',
    });
    expect(toRuntimeError(new IlinkMediaError('MEDIA_DECRYPT', 'bad key'))).toMatchObject({
      code: 'NOT_DOWNLOADABLE',
    });
    expect(toRuntimeError(new IlinkMediaError('CDN_UPLOAD', 'cdn down'))).toBeInstanceOf(WxNetworkError);
    const other = new Error('plain');
    expect(toRuntimeError(other)).toBe(other);
  });
});
