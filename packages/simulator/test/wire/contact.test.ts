import {
  buildContactRecord,
  buildDelContactRecord,
  buildMemberRecord,
  buildModContactRecord,
  buildProfile,
  buildUserRecord,
  headImgUrl,
  keyWordOf,
  memberRecordJson,
  toWireJson,
  type WireContactRecord,
  type WireMemberRecord,
  type WireModContactRecord,
  type WireUserRecord,
} from '../../src/wire/index.js';
import { decodeWireText } from './decode.js';
import { CAROL, GROUP, loadFixture, ME, shape } from './helpers.js';

const SKEY = '@crypt_3f2a9c1e_7b4d8e2f6a1c9b3d5e7f0a2c4b6d8e1f';

/** Fixture record → builder input in plain text (what a simulator stores). */
function plain<T extends { NickName: string }>(rec: T): T {
  const out = { ...rec } as Record<string, unknown>;
  for (const key of ['NickName', 'RemarkName', 'DisplayName', 'Signature']) {
    if (typeof out[key] === 'string') out[key] = decodeWireText(out[key] as string);
  }
  if (Array.isArray(out.MemberList)) {
    out.MemberList = (out.MemberList as WireMemberRecord[]).map((m) => buildMemberRecord(plain(m)));
  }
  return out as T;
}

const contactsOf = (file: string, key: string): WireContactRecord[] =>
  loadFixture(file)[key] as WireContactRecord[];

const FULL_RECORDS: Array<[string, WireContactRecord]> = [
  ...contactsOf('webwxinit.json', 'ContactList').map(
    (c) => [`webwxinit ${c.UserName}`, c] as [string, WireContactRecord],
  ),
  ...contactsOf('webwxgetcontact-page1.json', 'MemberList').map(
    (c) => [`getcontact p1 ${c.UserName}`, c] as [string, WireContactRecord],
  ),
  ...contactsOf('webwxgetcontact-page2.json', 'MemberList').map(
    (c) => [`getcontact p2 ${c.UserName}`, c] as [string, WireContactRecord],
  ),
  ...contactsOf('batchgetcontact-group.json', 'ContactList').map(
    (c) => [`batchget group ${c.UserName}`, c] as [string, WireContactRecord],
  ),
  ...contactsOf('batchgetcontact-member.json', 'ContactList').map(
    (c) => [`batchget member ${c.UserName}`, c] as [string, WireContactRecord],
  ),
];

describe('buildContactRecord', () => {
  test.each(FULL_RECORDS)('%s', (_name, fixture) => {
    const built = buildContactRecord(plain(fixture));
    expect(shape(built)).toEqual(shape(fixture));
    expect(built).toEqual(fixture);
  });

  test('fills every field from a minimal input, in wire order', () => {
    const alice = contactsOf('webwxinit.json', 'ContactList')[3] as WireContactRecord;
    const built = buildContactRecord({
      UserName: alice.UserName,
      NickName: '小明🌛',
      HeadImgUrl: headImgUrl(alice.UserName, SKEY, { seq: 626738123 }),
      ContactFlag: 3,
      RemarkName: '明哥',
      Sex: 1,
      Signature: '今天也要加油',
      PYInitial: 'XM',
      PYQuanPin: 'xiaoming',
      RemarkPYInitial: 'MG',
      RemarkPYQuanPin: 'mingge',
      AttrStatus: 235109,
      Province: '广东',
      City: '深圳',
      Alias: 'xm_demo',
      SnsFlag: 17,
      KeyWord: keyWordOf('xm_demo_internal'),
    });
    expect(built).toEqual(alice);
    expect(Object.keys(built)).toEqual(Object.keys(alice));
  });

  test('escapes text fields as the server does', () => {
    const built = buildContactRecord({ UserName: '@x', NickName: 'A&B <3 😄', Signature: 'line1\nline2' });
    expect(built.NickName).toBe('A&amp;B &lt;3 <span class="emoji emoji1f604"></span>');
    expect(built.Signature).toBe('line1<br/>line2');
    expect(built.MemberList).toEqual([]);
    expect(built.MemberCount).toBe(0);
  });
});

describe('headImgUrl', () => {
  test('group, person and member-through-group forms', () => {
    const group = contactsOf('webwxinit.json', 'ContactList')[1] as WireContactRecord;
    expect(headImgUrl(GROUP, SKEY, { seq: 625238710 })).toBe(group.HeadImgUrl);
    const carol = contactsOf('batchgetcontact-member.json', 'ContactList')[0] as WireContactRecord;
    expect(headImgUrl(CAROL, SKEY, { chatRoomId: '@5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a' })).toBe(
      carol.HeadImgUrl,
    );
  });
});

describe('buildMemberRecord', () => {
  const group = contactsOf('batchgetcontact-group.json', 'ContactList')[0] as WireContactRecord;
  test.each(group.MemberList.map((m) => [m.NickName, m] as const))('%s', (_n, member) => {
    const built = buildMemberRecord(plain(member));
    expect(shape(built)).toEqual(shape(member));
    expect(built).toEqual(member);
  });
});

describe('buildModContactRecord / buildDelContactRecord / buildProfile', () => {
  const mods: Array<[string, WireModContactRecord]> = [
    'sync-friend-added.json',
    'sync-system-join.json',
    'sync-modcontact.json',
  ].flatMap((f) =>
    (loadFixture(f).ModContactList as WireModContactRecord[]).map(
      (m) => [f, m] as [string, WireModContactRecord],
    ),
  );
  test.each(mods)('%s ModContactList entry', (_f, fixture) => {
    const built = buildModContactRecord(plain(fixture));
    expect(shape(built)).toEqual(shape(fixture));
    expect(built).toEqual(fixture);
  });

  test('group ModContact from a minimal input has ChatRoomOwner and the member list', () => {
    const fixture = (
      loadFixture('sync-system-join.json').ModContactList as WireModContactRecord[]
    )[0] as WireModContactRecord;
    const built = buildModContactRecord({
      UserName: GROUP,
      NickName: '周末爬山群',
      ChatRoomOwner: ME,
      HeadImgUrl: headImgUrl(GROUP, SKEY),
      ContactFlag: 3,
      Statues: 1,
      MemberList: fixture.MemberList.map((m) => buildMemberRecord(plain(m))),
    });
    expect(built).toEqual(fixture);
  });

  test('DelContactList entry', () => {
    const del = loadFixture('sync-modcontact.json').DelContactList as unknown[];
    expect([
      buildDelContactRecord('@0aa1bb2cc3dd4ee5ff60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6'),
    ]).toEqual(del);
  });

  test('Profile: empty (BitFlag 0) and changed (BitFlag 190)', () => {
    expect(buildProfile()).toEqual(loadFixture('sync-text.json').Profile);
    const changed = buildProfile({
      nickName: '测试机器人2号',
      headImgUrl: headImgUrl(ME, SKEY, { seq: 1980809999 }),
    });
    expect(changed).toEqual(loadFixture('sync-modcontact.json').Profile);
    expect(shape(changed)).toEqual(shape(loadFixture('sync-modcontact.json').Profile));
  });
});

describe('buildUserRecord', () => {
  test('webwxinit User', () => {
    const user = loadFixture('webwxinit.json').User as WireUserRecord;
    const built = buildUserRecord({
      Uin: 2912345678,
      UserName: ME,
      NickName: '测试机器人',
      HeadImgUrl: headImgUrl(ME, SKEY, { seq: 1980801123 }),
      Sex: 1,
      Signature: 'beep boop',
      SnsFlag: 49,
    });
    expect(shape(built)).toEqual(shape(user));
    expect(built).toEqual(user);
  });
});

describe('memberRecordJson', () => {
  test('writes the same bytes as toWireJson(buildMemberRecord(…))', () => {
    const inputs = [
      { UserName: '@abc', NickName: '' },
      { Uin: 2912345678, UserName: '@self', NickName: '测试机器人', AttrStatus: 235557, KeyWord: 'wxi' },
      { UserName: '@x', NickName: 'Bob <b>&"quote"\\ 🌛', DisplayName: '山顶见\n2', AttrStatus: 102501 },
      { UserName: '@y', NickName: 'a\u2005b', DisplayName: '', MemberStatus: 1, PYQuanPin: 'xx' },
      { UserName: '@z', NickName: 'z', AttrStatus: Number.NaN },
    ];
    for (const input of inputs) {
      expect(memberRecordJson(input)).toBe(toWireJson(buildMemberRecord(input)));
      // memoized escaping: a second call gives the same text
      expect(memberRecordJson(input)).toBe(toWireJson(buildMemberRecord(input)));
    }
  });
});
