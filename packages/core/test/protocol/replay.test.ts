import { parseBatch, parseContactPage, parseInit } from '../../src/adapters/web/protocol/contacts-api.js';
import {
  parseLoginPoll,
  parseNewLoginPage,
  refusedMessage,
} from '../../src/adapters/web/protocol/login-api.js';
import { jsAssignment, parseApiJson } from '../../src/adapters/web/protocol/parse.js';
import { parseSync, parseSyncCheck } from '../../src/adapters/web/protocol/sync-api.js';
import { LoginError, WxApiError } from '../../src/errors.js';
import { fixture, fixtureNames } from './fixtures.js';

describe('login bodies', () => {
  test('jslogin uuid', () => {
    const body = fixture('jslogin.txt');
    expect(jsAssignment(body, 'window.QRLogin.code')).toBe('200');
    expect(jsAssignment(body, 'window.QRLogin.uuid')).toBe('Qm9vdF9UZQ==');
  });

  test('login poll 408 / 201 / 200 / 400', () => {
    expect(parseLoginPoll(fixture('login-408.txt'))).toEqual({ code: 408 });
    const scanned = parseLoginPoll(fixture('login-201.txt'));
    expect(scanned.code).toBe(201);
    expect(scanned.code === 201 && scanned.avatar?.startsWith('data:img/jpg;base64,/9j/')).toBe(true);
    const ok = parseLoginPoll(fixture('login-200.txt'));
    expect(ok).toEqual({
      code: 200,
      redirectUri:
        'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=AdKf0x3qN-7PmVbY9sT2wL1c@qrticket_0&uuid=Qm9vdF9UZQ==&lang=zh_CN&scan=1716881234',
    });
    expect(parseLoginPoll(fixture('login-400.txt')).code).toBe(400);
  });

  test('login poll tolerates spacing and quotes, and a body with no code', () => {
    expect(parseLoginPoll("window.code = 201 ; window.userAvatar='data:x';")).toEqual({
      code: 201,
      avatar: 'data:x',
    });
    expect(parseLoginPoll('<html>blocked</html>')).toEqual({ code: undefined, raw: undefined });
  });

  test('newloginpage success keeps pass_ticket encoded and the uin exact', () => {
    const t = parseNewLoginPage(fixture('newloginpage.xml'), 'web');
    expect(t).toEqual({
      uin: 2912345678,
      sid: 'kQ3/xZ8pLm+2TyVc',
      skey: '@crypt_3f2a9c1e_7b4d8e2f6a1c9b3d5e7f0a2c4b6d8e1f',
      passTicket: 'Xb7tK2mQ9%2BvR4nP1sL8wZ3cF6hJ0dG5yA%2FeU7iO4kM2qT9rW1xN6bC3vE8%3D',
    });
  });

  test('newloginpage body of the header capture parses the same', () => {
    const raw = fixture('newloginpage-response-headers.txt');
    const body = raw.slice(raw.indexOf('<error>'));
    expect(parseNewLoginPage(body, 'desktop').uin).toBe(2912345678);
  });

  test('wxsid/wxuin missing from the XML come from cookies', () => {
    const xml =
      '<error><ret>0</ret><message></message><skey>@crypt_a_b</skey><pass_ticket>p%2B</pass_ticket></error>';
    const cookies: Record<string, string> = { wxsid: 'sid/+', wxuin: '42' };
    const t = parseNewLoginPage(xml, 'desktop', (n) => cookies[n]);
    expect(t).toMatchObject({ sid: 'sid/+', uin: 42 });
  });

  test('ret 1203 becomes a LoginError that names the way out', () => {
    let err: unknown;
    try {
      parseNewLoginPage(fixture('newloginpage-1203.xml'), 'web');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('LOGIN_REFUSED');
    expect((err as LoginError).message).toMatch(/ret=1203.*cannot use web WeChat; try login\.mode: desktop/);
    expect(refusedMessage(1203, '', 'desktop')).not.toMatch(/try login\.mode: desktop/);
  });

  test('an HTML page instead of the XML is a LoginError, not a crash', () => {
    expect(() => parseNewLoginPage('<html><body>reload</body></html>', 'web')).toThrow(LoginError);
  });

  test('pushloginurl ret is a string', () => {
    const json = JSON.parse(fixture('pushloginurl.json')) as { ret: unknown; uuid: string };
    expect(json.ret).toBe('0');
    expect(json.uuid).toBe('Id8Q5Ypacg==');
  });
});

describe('synccheck', () => {
  test.each([
    ['synccheck-0-0.txt', 0, 0],
    ['synccheck-0-2.txt', 0, 2],
    ['synccheck-0-4.txt', 0, 4],
    ['synccheck-0-7.txt', 0, 7],
    ['synccheck-1100.txt', 1100, 0],
    ['synccheck-1101.txt', 1101, 0],
    ['synccheck-1102.txt', 1102, 0],
  ])('%s', (file, retcode, selector) => {
    expect(parseSyncCheck(fixture(file))).toEqual({ retcode, selector });
  });

  test('garbage is a WxApiError without ret', () => {
    expect(() => parseSyncCheck('3a:4f:00')).toThrow(WxApiError);
  });
});

describe('init and contacts', () => {
  test('webwxinit', () => {
    const init = parseInit(fixture('webwxinit.json'));
    expect(init.user.UserName).toMatch(/^@[0-9a-f]{64}$/);
    expect(init.user.Uin).toBe(2912345678);
    expect(init.syncKey.Count).toBeGreaterThan(0);
    expect(init.contacts.length).toBeGreaterThan(0);
  });

  test('getcontact pages chain by Seq and end at 0', () => {
    const p1 = parseContactPage(fixture('webwxgetcontact-page1.json'));
    const p2 = parseContactPage(fixture('webwxgetcontact-page2.json'));
    expect(p1.seq).not.toBe(0);
    expect(p2.seq).toBe(0);
    expect(p1.contacts.length + p2.contacts.length).toBeGreaterThan(2);
  });

  test('batchgetcontact group carries members and EncryChatRoomId', () => {
    const [group] = parseBatch(fixture('batchgetcontact-group.json'));
    expect(group?.UserName.startsWith('@@')).toBe(true);
    expect(group?.EncryChatRoomId).toBe('@5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a');
    expect(group?.MemberList?.length).toBeGreaterThan(0);
    expect(parseBatch(fixture('batchgetcontact-member.json')).length).toBe(1);
  });
});

describe('webwxsync answers', () => {
  const files = fixtureNames(/^(sync-.*|webwxsync-empty)\.json$/);

  test('there are sync fixtures', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  test.each(files)('%s parses with MsgId strings and usable keys', (file) => {
    const text = fixture(file);
    const r = parseSync(text);
    expect(r.SyncKey.Count).toBeGreaterThan(0);
    const raw = JSON.parse(text) as { AddMsgList: Array<{ MsgId: string }> };
    expect(r.AddMsgList.map((m) => m.MsgId)).toEqual(raw.AddMsgList.map((m) => m.MsgId));
    for (const m of r.AddMsgList) expect(typeof m.MsgId).toBe('string');
  });

  test('ContinueFlag is read', () => {
    expect(parseSync(fixture('sync-continueflag.json')).ContinueFlag).toBe(1);
  });

  test('MsgId is kept exactly although NewMsgId loses precision', () => {
    const r = parseSync(fixture('sync-continueflag.json'));
    const m = r.AddMsgList[0];
    expect(m?.MsgId).toBe('7103418922431357096');
    expect(String(m?.NewMsgId)).not.toBe('7103418922431357096');
  });

  test('a truncated body is a WxApiError naming the endpoint', () => {
    const text = fixture('sync-text.json');
    try {
      parseSync(text.slice(0, text.length / 2));
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(WxApiError);
      expect((e as WxApiError).endpoint).toBe('webwxsync');
      expect((e as WxApiError).ret).toBeUndefined();
    }
  });
});

describe('BaseResponse codes', () => {
  test.each([
    ['baseresponse--1.json', -1],
    ['baseresponse-1100.json', 1100],
    ['baseresponse-1101.json', 1101],
    ['baseresponse-1102.json', 1102],
    ['baseresponse-1204.json', 1204],
    ['baseresponse-1205.json', 1205],
    ['webwxupdatechatroom-refused.json', 1],
  ])('%s → WxApiError ret %i', (file, ret) => {
    try {
      parseApiJson('webwxsendmsg', fixture(file));
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(WxApiError);
      expect((e as WxApiError).ret).toBe(ret);
      expect((e as WxApiError).endpoint).toBe('webwxsendmsg');
    }
  });

  test.each([
    'baseresponse-ok.json',
    'webwxsendmsg.json',
    'webwxstatusnotify.json',
    'webwxuploadmedia.json',
    'webwxcheckupload.json',
    'webwxrevokemsg.json',
    'webwxcreatechatroom.json',
    'webwxupdatechatroom.json',
  ])('%s is accepted', (file) => {
    expect(parseApiJson('x', fixture(file)).BaseResponse).toEqual({ Ret: 0, ErrMsg: expect.any(String) });
  });

  test('HTML instead of JSON says so', () => {
    expect(() => parseApiJson('webwxinit', '<html>error</html>')).toThrow(
      /webwxinit: unreadable answer \(got HTML/,
    );
  });
});
