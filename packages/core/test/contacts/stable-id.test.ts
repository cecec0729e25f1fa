import { createHash } from 'node:crypto';
import { isWxid, stableId } from '../../src/adapters/web/contacts/stable-id.js';
import { ContactStore } from '../../src/adapters/web/contacts/store.js';
import type { WireContact } from '../../src/adapters/web/protocol/wire.js';
import {
  ALICE,
  BOB,
  CAROL,
  fixture,
  GROUP,
  ME,
  nameHash,
  OFFICIAL,
  world,
} from '../message/fixture-world.js';

// The expected uin ids are computed here, independently of the code under test.
const uinHash = (uin: number): string =>
  `uin:${createHash('sha256').update(`uin\n${uin}`).digest('hex').slice(0, 16)}`;

/** The same account as another login: every `@…` UserName replaced by a new one. */
function relogin<T>(value: T): T {
  const json = JSON.stringify(value).replace(
    /@(@?)([0-9a-f]{32,64})/g,
    (_m, at: string, hex: string) => `@${at}${[...hex].reverse().join('')}`,
  );
  return JSON.parse(json) as T;
}

function session(store: ContactStore): void {
  const init = relogin(fixture<{ User: WireContact; ContactList: WireContact[] }>('webwxinit.json'));
  store.setSelf(init.User);
  store.upsert(init.ContactList);
  store.upsert(relogin(fixture<{ MemberList: WireContact[] }>('webwxgetcontact-page1.json')).MemberList);
  store.upsert(relogin(fixture<{ MemberList: WireContact[] }>('webwxgetcontact-page2.json')).MemberList);
  for (const g of relogin(fixture<{ ContactList: WireContact[] }>('batchgetcontact-group.json')).ContactList)
    store.setGroupDetail(g);
}

const newName = (u: string) => relogin(u);

describe('stableId rule', () => {
  test('wxid > special > uin > alias > name hash > UserName', () => {
    expect(stableId({ kind: 'friend', userName: '@a', wxid: 'wxid_x', uin: 5, alias: 'al' })).toBe('wxid_x');
    expect(stableId({ kind: 'special', userName: 'filehelper', nickName: '文件传输助手' })).toBe(
      'filehelper',
    );
    expect(stableId({ kind: 'self', userName: '@a', uin: 5, alias: 'al' })).toBe(uinHash(5));
    expect(stableId({ kind: 'friend', userName: '@a', uin: 0, alias: 'al', nickName: 'n' })).toBe('alias:al');
    expect(stableId({ kind: 'friend', userName: '@a', remarkName: 'R', nickName: 'n' })).toBe(
      nameHash('person', 'R'),
    );
    expect(stableId({ kind: 'stranger', userName: '@a', nickName: 'n' })).toBe(nameHash('person', 'n'));
    expect(stableId({ kind: 'group', userName: '@@g', nickName: 'n' })).toBe(nameHash('group', 'n'));
    expect(stableId({ kind: 'stranger', userName: '@a' })).toBe('@a');
    // A session id is never taken for a wxid.
    expect(stableId({ kind: 'friend', userName: '@a', wxid: '@b', alias: 'al' })).toBe('alias:al');
  });

  test('isWxid', () => {
    for (const ok of [
      'wxid_alice00demo12',
      '1234567890@chatroom',
      'gh_0123456789ab',
      'filehelper',
      'xm_demo1',
    ])
      expect(isWxid(ok)).toBe(true);
    for (const bad of ['@f1e2', '@@9c8b', 'v1_abc@stranger', '', 'a', 'has space', 'x:y'])
      expect(isWxid(bad)).toBe(false);
  });
});

describe('ids across a simulated re-login', () => {
  test('without any saved state: uin, alias and name hashes are the same, wxid-based ids are not known', () => {
    const a = new ContactStore();
    session(a);
    const b = new ContactStore();
    b.setSelf(fixture<{ User: WireContact }>('webwxinit.json').User);
    expect(a.self?.id).toBe(uinHash(2912345678));
    expect(a.get(newName(ALICE))?.id).toBe('alias:xm_demo');
    expect(a.get(newName(BOB))?.id).toBe(nameHash('person', 'Bob 李'));
    expect(a.group(newName(GROUP))?.id).toBe(nameHash('group', '周末爬山群'));
    expect(a.member(newName(GROUP), newName(CAROL))?.id).toBe(nameHash('person', '卡萝'));
    expect(b.self?.id).toBe(a.self?.id);
  });

  test('learned wxids carry over through the snapshot, for every kind of fingerprint', () => {
    const first = world();
    const ids = {
      self: first.self?.id,
      alice: first.get(ALICE)?.id,
      bob: first.get(BOB)?.id,
      group: first.group(GROUP)?.id,
      official: first.get(OFFICIAL)?.id,
      carol: first.member(GROUP, CAROL)?.id,
    };
    expect(ids).toEqual({
      self: uinHash(2912345678),
      alice: 'wxid_alice00demo12',
      bob: 'wxid_bob000demo34',
      group: '1234567890@chatroom',
      official: 'gh_0123456789ab',
      carol: nameHash('person', '卡萝'),
    });
    const second = ContactStore.restore(JSON.parse(JSON.stringify(first.snapshot())));
    second.clear();
    session(second);
    expect(second.get(ALICE)).toBeUndefined(); // old UserNames are gone
    expect({
      self: second.self?.id,
      alice: second.get(newName(ALICE))?.id,
      bob: second.get(newName(BOB))?.id,
      group: second.group(newName(GROUP))?.id,
      official: second.get(newName(OFFICIAL))?.id,
      carol: second.member(newName(GROUP), newName(CAROL))?.id,
    }).toEqual(ids);
  });

  test('mapWxids reports id changes, ignores misaligned lists and never remaps the bot', () => {
    const store = new ContactStore();
    store.setSelf({ UserName: ME, NickName: 'me', Uin: 7 });
    store.upsert([{ UserName: ALICE, NickName: 'A', ContactFlag: 3, Alias: 'al' }]);
    expect(store.mapWxids([ALICE], ['wxid_a', 'extra'])).toEqual([]);
    expect(store.mapWxids([ALICE, ME], ['wxid_a', 'wxid_me'])).toEqual([
      { userName: ALICE, oldId: 'alias:al', newId: 'wxid_a' },
    ]);
    expect(store.self?.id).toBe(uinHash(7));
    expect(store.mapWxids([ALICE], ['wxid_a'])).toEqual([]); // already known
  });

  test('limit: same nickname, no alias/remark → same id; their wxids are never guessed later', () => {
    const first = new ContactStore();
    first.upsert([
      { UserName: '@1', NickName: '张伟', ContactFlag: 3 },
      { UserName: '@2', NickName: '张伟', ContactFlag: 3 },
    ]);
    expect(first.get('@1')?.id).toBe(first.get('@2')?.id);
    first.mapWxids(['@1', '@2'], ['wxid_one', 'wxid_two']);
    expect([first.get('@1')?.id, first.get('@2')?.id]).toEqual(['wxid_one', 'wxid_two']);
    const second = ContactStore.restore(first.snapshot());
    second.clear();
    second.upsert([{ UserName: '@3', NickName: '张伟', ContactFlag: 3 }]);
    expect(second.get('@3')?.id).toBe(nameHash('person', '张伟'));
  });

  test('limit: a nickname change breaks a name-hash id', () => {
    const store = new ContactStore();
    store.upsert([{ UserName: '@1', NickName: 'old', ContactFlag: 3 }]);
    const before = store.get('@1')?.id;
    store.applyModContacts([{ UserName: '@1', NickName: 'new' }]);
    expect(store.get('@1')?.id).not.toBe(before);
  });
});
