import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ContactStore } from '../../src/adapters/web/contacts/store.js';
import type { WireContact, WireMessage, WireSyncResponse } from '../../src/adapters/web/protocol/wire.js';

/** The Web WeChat fixtures (fixtures/ at the repository root). */
export const FIXTURES = new URL('../../../../fixtures/', import.meta.url);

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export function sync(name: string): WireSyncResponse {
  return fixture<WireSyncResponse>(name);
}

export function messages(name: string): WireMessage[] {
  return sync(name).AddMsgList;
}

// The cast of fixtures/_README.md.
export const ME = '@a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const ALICE = '@f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f00';
export const BOB = '@0aa1bb2cc3dd4ee5ff60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6';
export const CAROL = '@7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b';
export const DAVE = '@9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const GROUP = '@@9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716059c8b7a6f5e4d3c2b1a0f9e8d';
export const OFFICIAL = '@3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a88';
export const NEWFRIEND = '@4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c';

/** The documented `name:` id rule, computed independently of the code under test. */
export function nameHash(category: 'person' | 'group' | 'official', name: string): string {
  return `name:${createHash('sha256').update(`${category}\n${name}`).digest('hex').slice(0, 16)}`;
}

/**
 * A store as the client would have it after login: init, both getcontact pages, the group's
 * batchgetcontact, and the wxids of the statusNotify code 4 message.
 */
export function world(): ContactStore {
  const init = fixture<{ User: WireContact; ContactList: WireContact[] }>('webwxinit.json');
  const page1 = fixture<{ MemberList: WireContact[] }>('webwxgetcontact-page1.json');
  const page2 = fixture<{ MemberList: WireContact[] }>('webwxgetcontact-page2.json');
  const detail = fixture<{ ContactList: WireContact[] }>('batchgetcontact-group.json');
  const store = new ContactStore();
  store.setSelf(init.User);
  store.upsert(init.ContactList);
  store.upsert(page1.MemberList);
  store.upsert(page2.MemberList);
  for (const g of detail.ContactList) store.setGroupDetail(g);
  const notify = messages('sync-statusnotify-init.json')[0];
  if (notify) {
    store.mapWxids(notify.StatusNotifyUserName.split(','), [
      'filehelper',
      '1234567890@chatroom',
      'wxid_alice00demo12',
      'wxid_bob000demo34',
      'gh_0123456789ab',
    ]);
  }
  return store;
}
