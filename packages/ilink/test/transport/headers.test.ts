import { describe, expect, it } from '@jest/globals';
import { clientVersionNumber, postHeaders, randomWechatUin } from '../../src/transport/headers.js';

describe('iLink headers', () => {
  it('packs the client version as the official client does', () => {
    expect(clientVersionNumber('2.4.9')).toBe('132105');
    expect(clientVersionNumber('2.2.0')).toBe('131584');
    expect(clientVersionNumber('1.0.0')).toBe('65536');
    expect(clientVersionNumber('1.0.11')).toBe('65547');
  });

  it('writes X-WECHAT-UIN as base64 of the decimal text of a uint32', () => {
    expect(randomWechatUin(() => 305419896)).toBe('MzA1NDE5ODk2');
    const values = new Set(Array.from({ length: 20 }, () => randomWechatUin()));
    expect(values.size).toBeGreaterThan(15);
    for (const v of values) expect(Buffer.from(v, 'base64').toString()).toMatch(/^\d{1,10}$/);
  });

  it('sends AuthorizationType always and the Bearer token only when known', () => {
    const identity = { appId: 'bot', version: '2.4.9', botAgent: 'wxbot/0.1.0' };
    const anon = postHeaders(identity, undefined);
    expect(anon).toMatchObject({
      'iLink-App-Id': 'bot',
      'iLink-App-ClientVersion': '132105',
      AuthorizationType: 'ilink_bot_token',
      'Content-Type': 'application/json',
    });
    expect(anon.Authorization).toBeUndefined();
    expect(anon['Content-Length']).toBeUndefined();
    expect(postHeaders(identity, 'tok').Authorization).toBe('Bearer tok');
  });
});
