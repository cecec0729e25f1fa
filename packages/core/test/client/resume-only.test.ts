import { join } from 'node:path';
import type { WebWxClient } from '../../src/adapters/web/client/client.js';
import type { WebWxClientOptions } from '../../src/adapters/web/client/options.js';
import { loadSession } from '../../src/adapters/web/session/session-file.js';
import { LoginError } from '../../src/errors.js';
import { autoScan, useSessionWorld } from './helpers.js';

const world = useSessionWorld();
const newClient = world.newClient;

/** A client that must never start a new login: counts QR codes it would show. */
function resumeOnlyClient(extra: WebWxClientOptions = {}): { client: WebWxClient; qrs: () => number } {
  const client = newClient(extra);
  let qrs = 0;
  client.on('qr', () => qrs++);
  return { client, qrs: () => qrs };
}

async function loginError(client: WebWxClient): Promise<LoginError> {
  const err = await client.login({ resumeOnly: true }).then(
    (method) => new Error(`logged in (${method})`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LoginError);
  return err as LoginError;
}

async function savedLiveSession(): Promise<string | undefined> {
  const first = newClient();
  autoScan(first, world.sim);
  await first.start();
  const userName = first.self?.userName;
  await first.stop();
  return userName;
}

test('resumeOnly resumes a live saved session', async () => {
  const userName = await savedLiveSession();
  const { client, qrs } = resumeOnlyClient();
  expect(await client.login({ resumeOnly: true })).toBe('resume');
  expect(client.self?.userName).toBe(userName);
  expect(qrs()).toBe(0);
});

test('resumeOnly without a session file: NO_SESSION, and no login is started', async () => {
  const { client, qrs } = resumeOnlyClient();
  const err = await loginError(client);
  expect(err.code).toBe('NO_SESSION');
  expect(err.message).toContain('no session file');
  expect(client.loggedIn).toBe(false);
  expect(qrs()).toBe(0);
  expect(world.sim.phone.pendingLogin).toBeUndefined();
});

test('resumeOnly with a session of the other login mode: NO_SESSION naming the modes', async () => {
  await savedLiveSession();
  const { client, qrs } = resumeOnlyClient({ mode: 'web' });
  const err = await loginError(client);
  expect(err.code).toBe('NO_SESSION');
  expect(err.message).toContain('desktop mode, not web');
  expect(qrs()).toBe(0);
});

test('resumeOnly after the phone ended the session: SESSION_ENDED, no push prompt, no QR', async () => {
  await savedLiveSession();
  world.sim.phone.logout();
  const { client, qrs } = resumeOnlyClient();
  const err = await loginError(client);
  expect(err.code).toBe('SESSION_ENDED');
  expect(err.message).toContain('ended on the server');
  expect(qrs()).toBe(0);
  expect(world.sim.phone.pendingLogin).toBeUndefined();
  // The file is left as it was (a later full login may still use it for push login).
  const saved = await loadSession(join(world.dir, 'session.json'));
  expect(saved.status === 'ok' && saved.data.uin).toBeGreaterThan(0);
});

test('resumeOnly after a logout: SESSION_ENDED, while a plain login still falls back to a new login', async () => {
  const first = newClient();
  autoScan(first, world.sim);
  await first.start();
  await first.logout();
  const { client, qrs } = resumeOnlyClient();
  const err = await loginError(client);
  expect(err.code).toBe('SESSION_ENDED');
  expect(err.message).toContain('already ended');
  expect(qrs()).toBe(0);
  expect(world.sim.phone.pendingLogin).toBeUndefined();

  const again = newClient();
  autoScan(again, world.sim);
  // The push login waits for the phone; confirm it as soon as it shows up.
  void world.sim.phone.waitForLoginRequest().then((uuid) => world.sim.phone.login(uuid));
  expect(['push', 'qr']).toContain(await again.login());
});
