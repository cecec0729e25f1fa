import {
  buildContactRecord,
  buildDelContactRecord,
  buildMemberRecord,
  buildMessage,
  buildModContactRecord,
  buildProfile,
  buildSyncResponse,
  toWireJson,
  type WireMemberRecord,
  type WireMessageRecord,
  type WireModContactRecord,
  type WireProfileRecord,
  type WireSyncKey,
} from '../../src/wire/index.js';
import { CASES } from './cases.js';
import { decodeWireText } from './decode.js';
import { envFor, fixtureMessages, fixtureText, loadFixture, minifyJson } from './helpers.js';

describe('toWireJson', () => {
  test('writes a 19-digit NewMsgId as an exact bare number', () => {
    const text = toWireJson({ MsgId: '7103418922431299178', NewMsgId: 7103418922431299178n });
    expect(text).toBe('{"MsgId":"7103418922431299178","NewMsgId":7103418922431299178}');
    expect(toWireJson({ NewMsgId: 1234567890123456789n })).toContain('"NewMsgId":1234567890123456789');
  });

  test('never escapes /, keeps CJK, emoji and U+2005 raw', () => {
    const value = { Url: '/cgi-bin/mmwebwx-bin/webwxgeticon?a=1&b=2', Text: '@山顶见\u2005你好😄' };
    const text = toWireJson(value);
    expect(text).toBe('{"Url":"/cgi-bin/mmwebwx-bin/webwxgeticon?a=1&b=2","Text":"@山顶见\u2005你好😄"}');
    expect(text).not.toContain('\\u');
    expect(text).not.toContain('\\/');
    expect(JSON.parse(text)).toEqual(value);
  });

  test('escapes what JSON requires and behaves like JSON.stringify otherwise', () => {
    const value = {
      q: 'a"b\\c\nd\te\u0001',
      n: [1, -2.5, 0, Number.NaN],
      b: true,
      z: null,
      u: undefined,
      o: {},
    };
    expect(toWireJson(value)).toBe(JSON.stringify(value));
    expect(toWireJson([undefined])).toBe('[null]');
    expect(toWireJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  test('refuses circular structures with a TypeError', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => toWireJson(a)).toThrow(TypeError);
  });
});

/** Rebuild a whole sync fixture from specs and plain contact data; the JSON text must match byte for byte. */
function rebuildSync(file: string): string {
  const fixture = loadFixture(file);
  const messages = fixtureMessages(file).map((m, i) => {
    const c = CASES.find((x) => x.file === file && x.index === i);
    if (!c) throw new Error(`no case for ${file}#${i}`);
    return buildMessage(c.spec, envFor(m));
  });
  const plainText = (s: string): string => decodeWireText(s);
  const mods = (fixture.ModContactList as WireModContactRecord[]).map((m) =>
    buildModContactRecord({
      ...m,
      NickName: plainText(m.NickName),
      Signature: plainText(m.Signature),
      RemarkName: plainText(m.RemarkName),
      MemberList: m.MemberList.map((x: WireMemberRecord) =>
        buildMemberRecord({ ...x, NickName: plainText(x.NickName), DisplayName: plainText(x.DisplayName) }),
      ),
    }),
  );
  const dels = (fixture.DelContactList as Array<{ UserName: string }>).map((d) =>
    buildDelContactRecord(d.UserName),
  );
  const profile = fixture.Profile as WireProfileRecord;
  return toWireJson(
    buildSyncResponse({
      addMsgList: messages,
      modContactList: mods,
      delContactList: dels,
      profile:
        profile.BitFlag === 190
          ? buildProfile({ nickName: profile.NickName.Buff, headImgUrl: profile.HeadImgUrl })
          : buildProfile(),
      continueFlag: fixture.ContinueFlag as number,
      syncKey: fixture.SyncKey as WireSyncKey,
      syncCheckKey: fixture.SyncCheckKey as WireSyncKey,
    }),
  );
}

describe('whole webwxsync bodies, byte for byte', () => {
  test.each([
    'sync-text.json',
    'sync-group-text-mention.json',
    'sync-quote.json',
    'sync-location.json',
    'sync-music.json',
    'sync-mp-article.json',
    'sync-transfer.json',
    'sync-recall.json',
    'sync-statusnotify-init.json',
    'sync-statusnotify-enter.json',
    'sync-friend-added.json',
    'sync-system-join.json',
    'sync-system-misc.json',
    'sync-modcontact.json',
    'sync-continueflag.json',
    'sync-red-packet.json',
  ])('%s', (file) => {
    expect(rebuildSync(file)).toBe(minifyJson(fixtureText(file)));
  });

  test('the empty sync', () => {
    const fixture = loadFixture('webwxsync-empty.json');
    const text = toWireJson(
      buildSyncResponse({
        syncKey: fixture.SyncKey as WireSyncKey,
        syncCheckKey: fixture.SyncCheckKey as WireSyncKey,
      }),
    );
    expect(text).toBe(minifyJson(fixtureText('webwxsync-empty.json')));
  });

  test('NewMsgId survives: the digits in the text equal MsgId', () => {
    const text = rebuildSync('sync-text.json');
    const msg = fixtureMessages('sync-text.json')[0] as WireMessageRecord;
    expect(text).toContain(`"NewMsgId":${msg.MsgId},`);
  });
});

describe('contact lists, byte for byte', () => {
  test('webwxbatchgetcontact group body', () => {
    const fixture = loadFixture('batchgetcontact-group.json');
    const list = (fixture.ContactList as Array<Parameters<typeof buildContactRecord>[0]>).map((c) =>
      buildContactRecord({
        ...c,
        NickName: decodeWireText(c.NickName),
        MemberList: (c.MemberList ?? []).map((m) =>
          buildMemberRecord({
            ...m,
            NickName: decodeWireText(m.NickName),
            DisplayName: decodeWireText(m.DisplayName),
          }),
        ),
      }),
    );
    const body = { BaseResponse: { Ret: 0, ErrMsg: '' }, Count: list.length, ContactList: list };
    expect(toWireJson(body)).toBe(minifyJson(fixtureText('batchgetcontact-group.json')));
  });
});
