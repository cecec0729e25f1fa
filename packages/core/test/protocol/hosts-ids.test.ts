import { apiUrl, baseRequest, raw } from '../../src/adapters/web/protocol/context.js';
import { alternatePushHost, hostsFor, hostsFromRedirect } from '../../src/adapters/web/protocol/hosts.js';
import { formatSyncKey, newClientMsgId, newDeviceId } from '../../src/adapters/web/protocol/ids.js';
import { detectMime, uploadMediaType } from '../../src/adapters/web/protocol/mime.js';
import { fileAppMsg, mentionSource } from '../../src/adapters/web/protocol/send-api.js';
import { fixture } from './fixtures.js';

test('host mapping follows the official table (§2.2)', () => {
  expect(hostsFor('wx2.qq.com')).toEqual({
    main: 'wx2.qq.com',
    login: 'login.wx2.qq.com',
    file: 'file.wx2.qq.com',
    push: 'webpush.wx2.qq.com',
  });
  expect(hostsFor('wx8.qq.com').push).toBe('webpush.wx8.qq.com');
  expect(hostsFor('wx.qq.com')).toMatchObject({ file: 'file.wx.qq.com', push: 'webpush.wx.qq.com' });
  expect(hostsFor('web2.wechat.com').push).toBe('webpush.web2.wechat.com');
  expect(hostsFor('web.wechat.com').file).toBe('file.web.wechat.com');
  expect(hostsFor('example.org')).toMatchObject({ push: 'webpush.weixin.qq.com', file: 'file.wx.qq.com' });
  const redirect = fixture('login-200.txt').match(/redirect_uri="([^"]+)"/)?.[1] ?? '';
  expect(hostsFromRedirect(redirect).main).toBe('wx2.qq.com');
  expect(alternatePushHost('webpush.wx2.qq.com')).toBe('webpush2.wx2.qq.com');
  expect(alternatePushHost('webpush2.wx2.qq.com')).toBe('webpush.wx2.qq.com');
});

test('ClientMsgId is 17 digits, DeviceID is e + 15 digits', () => {
  for (let i = 0; i < 50; i++) {
    expect(newClientMsgId()).toMatch(/^\d{17}$/);
    expect(newDeviceId()).toMatch(/^e\d{15}$/);
  }
  expect(newClientMsgId(1716881300123)).toMatch(/^17168813001230\d{3}$/);
});

test('synccheck URL matches the captured request', () => {
  const expected = fixture('requests/synccheck-url.txt').trim();
  const key = JSON.parse(fixture('webwxsync-empty.json')).SyncKey;
  const url = apiUrl('webpush.wx2.qq.com', '/cgi-bin/mmwebwx-bin/synccheck', {
    r: 1716881301234,
    skey: '@crypt_3f2a9c1e_7b4d8e2f6a1c9b3d5e7f0a2c4b6d8e1f',
    sid: 'kQ3/xZ8pLm+2TyVc',
    uin: 2912345678,
    deviceid: 'e482913057261834',
    synckey: formatSyncKey(key),
    _: 1716881234568,
  });
  expect(url).toBe(expected);
});

test('pass_ticket is pasted verbatim, BaseRequest matches the request fixture', () => {
  expect(apiUrl('h', '/p', { pass_ticket: raw('a%2Bb') })).toBe('https://h/p?pass_ticket=a%2Bb');
  const req = JSON.parse(fixture('requests/webwxsync.json'));
  expect(
    baseRequest({
      uin: 2912345678,
      sid: 'kQ3/xZ8pLm+2TyVc',
      skey: '@crypt_3f2a9c1e_7b4d8e2f6a1c9b3d5e7f0a2c4b6d8e1f',
      passTicket: 'x',
      deviceId: 'e482913057261834',
    }),
  ).toEqual(req.BaseRequest);
  expect(JSON.parse(fixture('requests/webwxinit.json')).BaseRequest.Uin).toBe('2912345678');
});

test('mention MsgSource and file appmsg match the request fixtures', () => {
  const mention = JSON.parse(fixture('requests/webwxsendmsg-mention.json')).Msg;
  const users = (mention.MsgSource as string).match(/<atusername>([^<]*)</)?.[1]?.split(',') ?? [];
  expect(mentionSource(users, mention.ToUserName)).toBe(mention.MsgSource);
  const file = JSON.parse(fixture('requests/webwxsendappmsg-file.json')).Msg;
  expect(
    fileAppMsg({ name: '季度报告.pdf', size: 1048576, mediaId: '@crypt_7a3c9e1f_0123456789abcdef' }),
  ).toBe(file.Content);
});

test('MIME from magic bytes, then name; mediatype per §7.3 (gif is doc)', () => {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
  const gif = new TextEncoder().encode('GIF89a....');
  const mp4 = Uint8Array.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]);
  expect(detectMime('x.bin', jpeg)).toBe('image/jpeg');
  expect(detectMime('a.png', new Uint8Array(4))).toBe('image/png');
  expect(detectMime('weird', new Uint8Array(4))).toBe('application/octet-stream');
  expect(uploadMediaType(detectMime('x', jpeg))).toBe('pic');
  expect(uploadMediaType(detectMime('x.gif', gif))).toBe('doc');
  expect(uploadMediaType(detectMime('v', mp4))).toBe('video');
  expect(uploadMediaType('application/pdf')).toBe('doc');
});
