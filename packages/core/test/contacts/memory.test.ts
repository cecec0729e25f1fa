import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ContactStore } from '../../src/adapters/web/contacts/store.js';
import type { WireMember } from '../../src/adapters/web/protocol/wire.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function member(g: number, i: number): WireMember {
  const id = g * 1000 + i;
  return {
    Uin: 0,
    UserName: `@${hex(id, 8).repeat(8)}`,
    NickName: `成员${id}<span class="emoji emoji1f600"></span>`,
    AttrStatus: 2147597,
    PYInitial: 'CY',
    PYQuanPin: `chengyuan${id}`,
    RemarkPYInitial: '',
    RemarkPYQuanPin: '',
    MemberStatus: 0,
    DisplayName: i % 5 === 0 ? `群昵称${i}` : '',
    KeyWord: '',
  };
}

test('200 groups × 500 members stay compact', () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = new ContactStore();
  for (let g = 0; g < 200; g++) {
    store.setGroupDetail({
      UserName: `@@${hex(g, 64)}`,
      NickName: `群${g}`,
      MemberCount: 500,
      MemberList: Array.from({ length: 500 }, (_, i) => member(g, i)),
    });
  }
  gc();
  const usedMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  // Printed for the record; the same members as wire objects take ~34 MB.
  console.log(`contact store: 100,000 members use ${usedMb.toFixed(1)} MB of heap`);
  expect(store.members(`@@${hex(7, 64)}`)).toHaveLength(500);
  expect(store.member(`@@${hex(7, 64)}`, member(7, 3).UserName)?.nickName).toBe('成员7003😀');
  expect(usedMb).toBeLessThan(20);
});
