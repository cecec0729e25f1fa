import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createSimulator, type Simulator } from '@wxbot/simulator';
import { pino } from 'pino';
import { WebWxClient } from '../../src/client/client.js';
import type { WebWxClientOptions } from '../../src/client/options.js';
import { autoScan, FAST_SIM, fastClientOptions, tempDir, waitFor } from './helpers.js';

let sim: Simulator;
let dir: string;
let cleanup: () => Promise<void>;
const clients: WebWxClient[] = [];

beforeEach(async () => {
  sim = await createSimulator({
    ...FAST_SIM,
    cast: { friends: [{ wxid: 'wxid_alice', nickName: 'Alice' }] },
  });
  ({ dir, cleanup } = await tempDir());
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop();
  await sim.close();
  await cleanup();
});

function newClient(extra: WebWxClientOptions = {}): WebWxClient {
  const c = new WebWxClient(fastClientOptions(sim, { sessionFile: join(dir, 'session.json'), ...extra }));
  clients.push(c);
  return c;
}

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
  autoScan(first, sim);
  await first.start();
  const userName = first.self?.userName;
  await first.stop();

  sim.phone.say('wxid_alice', 'sent while the bot was down');
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
  autoScan(client, sim);
  await client.start();
  sim.phone.say('wxid_alice', 'hi');
  await nextText(client);
  await client.stop();
  const file = join(dir, 'session.json');
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
  autoScan(first, sim);
  await first.start();
  await first.stop();
  sim.phone.expireSession();

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
  sim.phone.waitForLoginRequest(5000).then((uuid) => sim.phone.confirm(uuid));
  const method = await second.login();
  expect(method).toBe('push');
  expect(qrs).toBe(0);
  const discarded = lines.filter((l) => l.includes('saved session is no longer valid'));
  expect(discarded).toHaveLength(1);
});

test('a dead session whose push login is not confirmed falls back to the QR', async () => {
  const first = newClient();
  autoScan(first, sim);
  await first.start();
  await first.stop();
  sim.phone.expireSession();

  const second = newClient({ maxPushPolls: 1 });
  const qr = waitFor<{ uuid: string }>((cb) => {
    second.on('qr', cb);
    return () => second.off('qr', cb);
  });
  const login = second.login();
  const shown = await qr;
  sim.phone.login(shown.uuid);
  expect(await login).toBe('qr');
});
