import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { WebWxClient } from '../../src/adapters/web/client/client.js';
import { autoScan, useSessionWorld, waitFor } from './helpers.js';

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
