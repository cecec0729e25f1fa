import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import type { WebWxClient } from '../../src/adapters/web/client/client.js';
import { MemberTable } from '../../src/adapters/web/contacts/member-table.js';
import { autoScan, setup, tempDir, useSessionWorld, waitFor } from './helpers.js';

const world = useSessionWorld();
const newClient = world.newClient;

function nextText(client: WebWxClient): Promise<string> {
  return waitFor<string>((cb) => {
    const h = (b: { messages: ReadonlyArray<{ MsgType: number; Content: string }> }) => {
      for (const m of b.messages) if (m.MsgType === 1) cb(m.Content);
    };
    client.on('sync', h);
    return () => client.off('sync', h);
  });
}

test('a restart resumes the saved session with no QR and gets the messages missed meanwhile', async () => {
  const first = newClient();
  autoScan(first, world.sim);
  await first.start();
  const userName = first.self?.userName;
  await first.stop();

  world.sim.phone.say('wxid_alice', 'sent while the bot was down');
  const second = newClient();
  let qrs = 0;
  second.on('qr', () => qrs++);
  const methods: string[] = [];
  second.on('login', (e) => methods.push(e.method));
  const missed = nextText(second);
  await second.start();
  expect(methods).toEqual(['resume']);
  expect(qrs).toBe(0);
  expect(second.self?.userName).toBe(userName);
  expect(second.contacts.find('Alice').length).toBe(1);
  expect(await missed).toBe('sent while the bot was down');
});

test('the session file is mode 0600 and no secret reaches the logs', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const client = newClient({ logger: pino({ level: 'trace' }, stream) });
  autoScan(client, world.sim);
  await client.start();
  world.sim.phone.say('wxid_alice', 'hi');
  await nextText(client);
  await client.stop();
  const file = join(world.dir, 'session.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(await readFile(file, 'utf8'));
  const secrets: string[] = [
    saved.credentials.skey,
    saved.credentials.sid,
    saved.credentials.passTicket,
    decodeURIComponent(saved.credentials.passTicket),
    ...saved.cookies.cookies
      .filter((c: { key: string }) =>
        ['wxsid', 'webwx_data_ticket', 'webwx_auth_ticket', 'webwxuvid'].includes(c.key),
      )
      .map((c: { value: string }) => c.value),
  ];
  expect(secrets.length).toBeGreaterThan(4);
  const log = lines.join('');
  expect(log.length).toBeGreaterThan(0);
  for (const s of secrets) expect(log).not.toContain(s);
  expect(log).toContain('wxbot:');
});

test('a dead session is discarded with one log line, then push login (no QR)', async () => {
  const first = newClient();
  autoScan(first, world.sim);
  await first.start();
  await first.stop();
  world.sim.phone.expireSession();

  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const second = newClient({ logger: pino({ level: 'info' }, stream) });
  let qrs = 0;
  second.on('qr', () => qrs++);
  world.sim.phone.waitForLoginRequest(5000).then((uuid) => world.sim.phone.confirm(uuid));
  const method = await second.login();
  expect(method).toBe('push');
  expect(qrs).toBe(0);
  const discarded = lines.filter((l) => l.includes('saved session is no longer valid'));
  expect(discarded).toHaveLength(1);
});

test('a dead session whose push login is not confirmed falls back to the QR', async () => {
  const first = newClient();
  autoScan(first, world.sim);
  await first.start();
  await first.stop();
  world.sim.phone.expireSession();

  const second = newClient({ maxPushPolls: 1 });
  const qr = waitFor<{ uuid: string }>((cb) => {
    second.on('qr', cb);
    return () => second.off('qr', cb);
  });
  const login = second.login();
  const shown = await qr;
  world.sim.phone.login(shown.uuid);
  expect(await login).toBe('qr');
});

test('the contacts are encoded for the session file before ready, and the saves after it reuse them', async () => {
  const friends = ['alice', 'bob', 'carol'].map((n) => ({ wxid: `wxid_${n}`, nickName: n }));
  const groups = [1, 2, 3].map((g) => ({
    wxid: `${1000000 + g}@chatroom`,
    topic: `Group ${g}`,
    members: ['wxid_alice', 'wxid_bob', 'wxid_carol'],
  }));
  const { dir, cleanup } = await tempDir();
  const { sim, client, done } = await setup(
    { cast: { friends, groups } },
    { sessionFile: join(dir, 'session.json') },
  );
  const toJSON = jest.spyOn(MemberTable.prototype, 'toJSON');
  try {
    autoScan(client, sim);
    let atReady = -1;
    client.on('ready', () => {
      atReady = toJSON.mock.calls.length;
    });
    await client.start();
    // Every group's member table was encoded before ready, while nothing waited…
    expect(atReady).toBe(3);
    sim.phone.say('wxid_alice', 'hi');
    await nextText(client);
    await client.stop(); // saves the session
    // …and the saves after ready did not encode them again (the contacts did not change).
    expect(toJSON).toHaveBeenCalledTimes(3);
    const saved = JSON.parse(await readFile(join(dir, 'session.json'), 'utf8'));
    expect(saved.contacts.members.map((m: { group: string }) => m.group).sort()).toEqual(
      client.contacts
        .groups()
        .map((g) => g.userName)
        .sort(),
    );
  } finally {
    toJSON.mockRestore();
    await done();
    await cleanup();
  }
});
