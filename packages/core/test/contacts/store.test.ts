import { createHash } from 'node:crypto';
import { jest } from '@jest/globals';
import { MemberTable } from '../../src/adapters/web/contacts/member-table.js';
import { ContactStore } from '../../src/adapters/web/contacts/store.js';
import type { WireContact } from '../../src/adapters/web/protocol/wire.js';
import { WxError } from '../../src/errors.js';
import {
  ALICE,
  BOB,
  CAROL,
  DAVE,
  GROUP,
  ME,
  nameHash,
  OFFICIAL,
  sync,
  world,
} from '../message/fixture-world.js';

// The expected uin ids are computed here, independently of the code under test.
const uinHash = (uin: number): string =>
  `uin:${createHash('sha256').update(`uin\n${uin}`).digest('hex').slice(0, 16)}`;

function person(userName: string, nick: string, extra: Partial<WireContact> = {}): WireContact {
  return { UserName: userName, NickName: nick, ContactFlag: 3, ...extra };
}

describe('classification (protocol.md §4.6, in order)', () => {
  test('the login world', () => {
    const store = world();
    expect(store.get('filehelper')?.kind).toBe('special');
    expect(store.get('weixin')?.kind).toBe('special'); // special wins over VerifyFlag 56
    expect(store.get(OFFICIAL)?.kind).toBe('official');
    expect(store.get(ME)?.kind).toBe('self');
    expect(store.self?.userName).toBe(ME);
    expect(store.get(ALICE)?.kind).toBe('friend');
    expect(store.get(BOB)?.kind).toBe('friend'); // ContactFlag 2051 has bit 1
    expect(store.group(GROUP)?.kind).toBe('group');
    expect(store.get(CAROL)).toBeUndefined(); // only a group member
    expect(
      store
        .friends()
        .map((c) => c.userName)
        .sort(),
    ).toEqual([ALICE, BOB].sort());
    expect(store.groups().map((g) => g.userName)).toEqual([GROUP]);
  });

  test('edge ids and flags', () => {
    const store = new ContactStore();
    store.upsert([
      person('123456@chatroom', 'internal group id'),
      person('someone@qqim', 'qq'),
      person('@0001', 'Stranger', { ContactFlag: 0 }),
      person('@0002', 'Brand', { ContactFlag: 0, VerifyFlag: 8 }),
    ]);
    expect(store.get('123456@chatroom')?.kind).toBe('group');
    expect(store.get('someone@qqim')?.kind).toBe('special');
    expect(store.get('@0001')?.kind).toBe('stranger');
    expect(store.get('@0002')?.kind).toBe('official');
  });

  test('names: emoji spans become Unicode, name = remark else nickname', () => {
    const alice = world().get(ALICE);
    expect(alice?.nickName).toBe('小明🌛');
    expect(alice?.remarkName).toBe('明哥');
    expect(alice?.name).toBe('明哥');
    expect(alice?.alias).toBe('xm_demo');
  });

  test('a self record seen before setSelf moves to self', () => {
    const store = new ContactStore();
    store.upsert([person(ME, '测试机器人', { ContactFlag: 7 })]);
    expect(store.get(ME)?.kind).toBe('friend');
    store.setSelf({ UserName: ME, NickName: '测试机器人', Uin: 2912345678 });
    expect(store.get(ME)?.kind).toBe('self');
    expect(store.size).toBe(0);
    expect(store.self?.id).toBe(uinHash(2912345678));
  });
});

describe('groups and members', () => {
  test('batchgetcontact detail loads members with display names', () => {
    const store = world();
    const group = store.group(GROUP);
    expect(group).toMatchObject({
      topic: '周末爬山群',
      membersLoaded: true,
      memberCount: 4,
      encryChatRoomId: '@5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a',
      ownerUin: 2912345678,
    });
    expect(store.member(GROUP, ALICE)).toEqual({
      id: 'wxid_alice00demo12',
      userName: ALICE,
      nickName: '小明🌛',
      displayName: '山顶见',
      uin: 0,
    });
    expect(store.member(GROUP, CAROL)).toEqual({
      id: nameHash('person', '卡萝'),
      userName: CAROL,
      nickName: '卡萝',
      displayName: '',
      uin: 0,
    });
    expect(store.member(GROUP, ME)?.id).toBe(uinHash(2912345678));
    expect(store.members(GROUP)).toHaveLength(4);
    expect(store.members('@@unknown')).toEqual([]);
  });

  test('a member record is looked up once per change of the store, never served stale', () => {
    const store = world();
    const carol = store.member(GROUP, CAROL);
    // Every group message asks for its sender: the same (frozen) record until something changes.
    expect(store.member(GROUP, CAROL)).toBe(carol);
    expect(Object.isFrozen(carol)).toBe(true);
    expect(store.hasMember(GROUP, DAVE)).toBe(false);
    expect(store.member(GROUP, DAVE)).toBeUndefined();
    // A new member list: the "not a member" answer is not kept.
    store.applyModContacts(sync('sync-system-join.json').ModContactList);
    expect(store.hasMember(GROUP, DAVE)).toBe(true);
    expect(store.member(GROUP, DAVE)?.nickName).toBe('大卫');
    // A learned wxid changes the member's stable id at once.
    store.mapWxids([CAROL], ['wxid_carol_demo']);
    expect(store.member(GROUP, CAROL)?.id).toBe('wxid_carol_demo');
  });

  test('groupsNeedingMembers lists groups until their detail arrives', () => {
    const store = new ContactStore();
    store.upsert([
      { UserName: GROUP, NickName: '周末爬山群', ContactFlag: 3, MemberCount: 0, MemberList: [] },
    ]);
    expect(store.groupsNeedingMembers()).toEqual([GROUP]);
    expect(store.group(GROUP)?.membersLoaded).toBe(false);
    store.setGroupDetail({ UserName: GROUP, NickName: '周末爬山群', MemberList: [] });
    expect(store.groupsNeedingMembers()).toEqual([]);
  });

  test('ModContactList group entry replaces the member list (sync-system-join)', () => {
    const store = world();
    store.applyModContacts(sync('sync-system-join.json').ModContactList);
    const group = store.group(GROUP);
    expect(group?.memberCount).toBe(5);
    expect(group?.ownerUserName).toBe(ME);
    expect(group?.encryChatRoomId).toBe('@5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a'); // kept: Mod has none
    expect(store.member(GROUP, DAVE)?.nickName).toBe('大卫');
  });
});

describe('Mod / Del merges', () => {
  test('sync-modcontact: profile update merged, Bob deleted', () => {
    const store = world();
    const s = sync('sync-modcontact.json');
    store.applyModContacts(s.ModContactList);
    store.remove(s.DelContactList.map((d) => d.UserName));
    const alice = store.get(ALICE);
    expect(alice).toMatchObject({
      remarkName: '明哥',
      signature: '周末爬山中',
      contactFlag: 2051,
      alias: 'xm_demo',
      nickName: '小明🌛',
    });
    expect(store.has(BOB)).toBe(false);
    expect(store.get(BOB)).toBeUndefined();
  });

  test('empty fields in a Mod entry do not clear known ones; full records do', () => {
    const store = world();
    store.applyModContacts([
      { UserName: ALICE, NickName: '', RemarkName: '', Signature: '新签名', Alias: '' },
    ]);
    expect(store.get(ALICE)).toMatchObject({
      nickName: '小明🌛',
      remarkName: '明哥',
      alias: 'xm_demo',
      signature: '新签名',
    });
    store.upsert([{ UserName: ALICE, NickName: '小明', RemarkName: '', Alias: 'xm_demo' }]);
    expect(store.get(ALICE)).toMatchObject({ nickName: '小明', remarkName: '', name: '小明' });
  });

  test('malformed records are ignored', () => {
    const store = new ContactStore();
    store.upsert([null, 42, {}, { UserName: '' }] as unknown as WireContact[]);
    expect(store.size).toBe(0);
  });
});

describe('find', () => {
  test('by remark, alias, nickname, group topic, member display name', () => {
    const store = world();
    expect(store.find('明哥').map((c) => c.userName)).toEqual([ALICE]);
    expect(store.find('xm_demo').map((c) => c.userName)).toEqual([ALICE]);
    expect(store.find('小明').map((c) => c.userName)).toEqual([ALICE]);
    expect(store.find('山顶见').map((c) => c.userName)).toEqual([ALICE]);
    expect(store.find('周末爬山群').map((c) => c.userName)).toEqual([GROUP]);
    expect(store.find('卡萝')).toEqual([
      expect.objectContaining({ userName: CAROL, kind: 'stranger', name: '卡萝' }),
    ]);
    expect(store.find('   ')).toEqual([]);
    expect(store.find('nobody-has-this')).toEqual([]);
  });

  test('exact before case-insensitive before partial', () => {
    const store = new ContactStore();
    store.upsert([person('@1', 'Bob 李'), person('@2', 'bob'), person('@3', 'Bob')]);
    expect(store.find('Bob').map((c) => c.userName)).toEqual(['@3', '@2', '@1']);
  });
});

describe('snapshot / restore', () => {
  test('JSON round trip keeps contacts, members, ids', () => {
    const store = world();
    store.applyModContacts(sync('sync-system-join.json').ModContactList);
    const restored = ContactStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.self).toEqual(store.self);
    expect(restored.all()).toEqual(store.all());
    expect(restored.members(GROUP)).toEqual(store.members(GROUP));
    expect(restored.size).toBe(store.size);
    expect(restored.wxidOf(ALICE)).toBe('wxid_alice00demo12');
  });

  test('snapshotChunks is the snapshot as UTF-8 JSON after every kind of change', () => {
    const store = world();
    const asJson = () => JSON.parse(Buffer.concat(store.snapshotChunks()).toString('utf8')) as unknown;
    expect(asJson()).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
    const changes: Array<() => void> = [
      () => store.applyModContacts(sync('sync-system-join.json').ModContactList),
      () => store.upsert([person('@new', '新朋友 😀 "quoted" \\ back')]),
      () =>
        store.setGroupDetail({
          UserName: GROUP,
          NickName: '周末爬山群',
          MemberList: [],
        } as unknown as WireContact),
      () => store.mapWxids(['@new'], ['wxid_new00000001']),
      () => store.remove([BOB]),
      () => store.setSelf({ UserName: ME, NickName: 'renamed me' }),
      () => store.clear(),
    ];
    for (const change of changes) {
      change();
      expect(asJson()).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
      // Restorable, like the session file's contacts.
      expect(ContactStore.restore(asJson()).size).toBe(store.size);
    }
  });

  test("a save after a learned wxid or one group's new members does not encode the other groups again", () => {
    const store = new ContactStore();
    store.setSelf({ UserName: ME, NickName: 'me', Uin: 1 });
    const groups = Array.from({ length: 20 }, (_, g) => `@@g${g}`);
    for (const g of groups) {
      store.setGroupDetail({
        UserName: g,
        NickName: `group ${g}`,
        MemberList: Array.from({ length: 50 }, (_, m) => ({ UserName: `@m${g}-${m}`, NickName: `m${m}` })),
      } as unknown as WireContact);
    }
    store.snapshotChunks();
    const toJSON = jest.spyOn(MemberTable.prototype, 'toJSON');
    try {
      store.snapshotChunks();
      expect(toJSON).toHaveBeenCalledTimes(0); // nothing changed
      store.mapWxids(['@m@@g3-1'], ['wxid_member00001']);
      store.snapshotChunks();
      expect(toJSON).toHaveBeenCalledTimes(0); // ids only
      store.setGroupDetail({
        UserName: '@@g7',
        NickName: 'group 7',
        MemberList: [{ UserName: '@joiner', NickName: 'joiner' }],
      } as unknown as WireContact);
      const json = JSON.parse(Buffer.concat(store.snapshotChunks()).toString('utf8')) as {
        members: Array<{ group: string }>;
        wxids: Array<[string, string]>;
      };
      expect(toJSON).toHaveBeenCalledTimes(1); // that group only
      expect(json.members.map((m) => m.group)).toEqual(groups);
      expect(json.wxids).toEqual([['@m@@g3-1', 'wxid_member00001']]);
      expect(json).toEqual(JSON.parse(JSON.stringify(store.snapshot())));
    } finally {
      toJSON.mockRestore();
    }
  });

  test('a value that is not a snapshot is a typed error', () => {
    for (const bad of [null, 42, {}, { version: 2 }]) {
      expect(() => ContactStore.restore(bad)).toThrow(WxError);
    }
    try {
      ContactStore.restore({ version: 9 });
    } catch (err) {
      expect((err as WxError).code).toBe('CONTACTS_SNAPSHOT');
    }
  });

  test('malformed entries inside a snapshot are skipped', () => {
    const restored = ContactStore.restore({
      version: 1,
      self: null,
      contacts: [null, { userName: 5 }, { userName: '@x', nickName: 'X' }],
      members: 'no',
      wxids: [[1, 2]],
      identities: {},
    });
    expect(restored.all().map((c) => c.userName)).toEqual(['@x']);
  });
});
