import type { SyncBatch } from '../../src/adapters/web/client/types.js';
import { autoScan, setup, waitFor } from './helpers.js';

test('5,000 friends and 200 groups of 500: paged getcontact and batchget ≤ 50 per call', async () => {
  const friends = Array.from({ length: 5000 }, (_, i) => ({ wxid: `wxid_f${i}`, nickName: `Friend ${i}` }));
  const groups = Array.from({ length: 200 }, (_, g) => ({
    wxid: `${1000000 + g}@chatroom`,
    topic: `Group ${g}`,
    members: Array.from({ length: 499 }, (_, k) => `wxid_f${(g * 25 + k) % 5000}`),
  }));
  // Answers of several MB: on a busy machine one can take longer than the 5 s other tests allow,
  // and a slow answer is not what this test is about.
  const { sim, client, done } = await setup(
    { cast: { friends, groups }, contactPageSize: 500 },
    { timeouts: { request: 50_000, loginPoll: 2000, syncCheck: 2000, upload: 10_000, download: 10_000 } },
  );
  try {
    autoScan(client, sim);
    const pages = sim.faults.delay('webwxgetcontact', 0);
    const batches = sim.faults.delay('webwxbatchgetcontact', 0);
    await client.start();
    const hits = (id: number) => sim.faults.list().find((f) => f.id === id)?.hits ?? 0;
    // 5,000 friends + 200 groups + specials at 500 per page.
    expect(hits(pages)).toBeGreaterThanOrEqual(11);
    expect(hits(pages)).toBeLessThanOrEqual(12);
    // 200 groups, 10 per call (≤ 50 allowed; smaller calls keep the parse peak low, contact-loader.ts).
    expect(hits(batches)).toBe(20);
    expect(client.contacts.friends().length).toBe(5000);
    const loaded = client.contacts.groups();
    expect(loaded.length).toBe(200);
    for (const g of loaded) {
      expect(g.membersLoaded).toBe(true);
      // 499 members + the bot.
      expect(client.contacts.members(g.userName).length).toBe(500);
    }
  } finally {
    await done();
  }
  // A cap for a hang: 100,000 group members take a few seconds quiet, a minute or more when loaded.
}, 180_000);

test('an unknown group and its sender are fetched before the batch is emitted', async () => {
  const { sim, client, done } = await setup({
    cast: {
      strangers: [{ wxid: 'wxid_carol', nickName: 'Carol' }],
      friends: [{ wxid: 'wxid_bob', nickName: 'Bob' }],
    },
  });
  try {
    autoScan(client, sim);
    await client.start();
    const batch = waitFor<SyncBatch>((cb) => {
      const h = (b: SyncBatch) => {
        if (b.messages.some((m) => m.FromUserName.startsWith('@@') && m.MsgType === 1)) cb(b);
      };
      client.on('sync', h);
      return () => client.off('sync', h);
    });
    const knownAtEmit: Array<string | undefined> = [];
    client.on('sync', (b) => {
      for (const m of b.messages) {
        if (!m.FromUserName.startsWith('@@') || m.MsgType !== 1) continue;
        const sender = m.Content.slice(0, m.Content.indexOf(':<br/>'));
        knownAtEmit.push(client.contacts.group(m.FromUserName)?.topic);
        knownAtEmit.push(client.contacts.member(m.FromUserName, sender)?.nickName);
      }
    });
    const g = sim.phone.addGroup({ topic: 'Hikers', members: ['wxid_carol', 'wxid_bob'], saved: false });
    sim.phone.sayInGroup(g, 'wxid_carol', 'hello group');
    await batch;
    expect(knownAtEmit).toEqual(['Hikers', 'Carol']);
  } finally {
    await done();
  }
});

test('ModContactList and DelContactList update the store', async () => {
  const { sim, client, done } = await setup({ cast: { friends: [{ wxid: 'wxid_bob', nickName: 'Bob' }] } });
  try {
    autoScan(client, sim);
    await client.start();
    const seen = (pred: (b: SyncBatch) => boolean) =>
      waitFor<SyncBatch>((cb) => {
        const h = (b: SyncBatch) => pred(b) && cb(b);
        client.on('sync', h);
        return () => client.off('sync', h);
      });
    const renamed = seen((b) => b.modContacts.length > 0);
    sim.phone.rename('wxid_bob', 'Robert');
    await renamed;
    expect(client.contacts.find('Robert').length).toBe(1);
    const bob = client.contacts.find('Robert')[0]?.userName ?? '';
    const deleted = seen((b) => b.delContacts.includes(bob));
    sim.phone.deleteFriend('wxid_bob');
    await deleted;
    expect(client.contacts.has(bob)).toBe(false);
  } finally {
    await done();
  }
});
