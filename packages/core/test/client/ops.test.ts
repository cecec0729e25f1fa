import { renderQrToString } from '../../src/adapter/qr-terminal.js';
import { autoScan, setup } from './helpers.js';

test('friend request accept, remark, group create/add/remove/rename, mark read', async () => {
  const { sim, client, done } = await setup({
    cast: {
      friends: [
        { wxid: 'wxid_alice', nickName: 'Alice' },
        { wxid: 'wxid_bob', nickName: 'Bob' },
        { wxid: 'wxid_dave', nickName: 'Dave' },
      ],
    },
  });
  try {
    autoScan(client, sim);
    await client.start();
    const events: string[] = [];
    sim.onEvent((e) => events.push(e.type));
    const u = (n: string) => client.contacts.find(n)[0]?.userName ?? '';

    const req = sim.phone.friendRequest({ wxid: 'wxid_newbie', nickName: 'Newbie' }, 'hi');
    const info = req.message.record.RecommendInfo as { UserName: string; Ticket: string };
    await client.acceptFriend({ userName: info.UserName, ticket: info.Ticket });
    expect(events).toContain('contact.friend');

    await client.setRemark(u('Alice'), '小爱');
    expect(events).toContain('bot.oplog');

    const created = await client.createGroup([u('Alice'), u('Bob')], 'Proj');
    expect(created.userName).toMatch(/^@@/);
    expect(client.contacts.group(created.userName)?.topic).toBe('Proj');
    await client.addGroupMembers(created.userName, [u('Dave')]);
    expect(sim.phone.members(sim.phone.find('Proj') ?? 'x').map((m) => m.wxid)).toContain('wxid_dave');
    await client.removeGroupMembers(created.userName, [u('Dave')]);
    expect(sim.phone.members(sim.phone.find('Proj') ?? 'x').map((m) => m.wxid)).not.toContain('wxid_dave');
    await client.renameGroup(created.userName, 'Proj 2');
    expect(sim.phone.find('Proj 2')).toBeDefined();
    await expect(client.markRead(u('Alice'))).resolves.toBeUndefined();
  } finally {
    await done();
  }
});

test('calls before login fail with a LoginError that says what to do', async () => {
  const { client, done } = await setup();
  try {
    await expect(client.send({ kind: 'text', to: 'filehelper', text: 'x' })).rejects.toThrow(
      /call start\(\) or login\(\) first/,
    );
  } finally {
    await done();
  }
});

test('the QR renders for a terminal', async () => {
  const out = await renderQrToString('https://login.weixin.qq.com/l/Qm9vdF9UZQ==');
  expect(out.split('\n').length).toBeGreaterThan(10);
});
