import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestBot, type MemoryTestBot } from '@wxbot/testing';
import { ConsoleError, isLoopbackHost, LoginState, startConsole, type WebConsole } from '../src/index.js';

let kit: MemoryTestBot;
let web: WebConsole;
const TOKEN = 'a-long-enough-console-token-0123456789';

function call(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: web.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  kit = await createTestBot({ transport: 'memory', cast: { friends: ['Alice'] } });
  web = await startConsole(kit.bot, { token: TOKEN });
});

afterAll(async () => {
  await web?.close();
  await kit?.bot.stop();
});

describe('who may use the console', () => {
  test('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${TOKEN}`);
  });

  test('every path needs the token', async () => {
    for (const path of ['/', '/app.js', '/api/state', '/api/events', '/api/logs']) {
      expect((await call(path)).status).toBe(401);
    }
    expect(
      (await call('/api/state', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
  });

  test('the token URL sets an HttpOnly SameSite=Strict session cookie and leaves the address', async () => {
    const res = await call(`/?token=${TOKEN}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const page = await call('/', { headers: { cookie: session } });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(TOKEN);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  test('writes need the console header and a same-origin Origin', async () => {
    const body = JSON.stringify({ as: 'Alice', text: 'x' });
    const json = { 'content-type': 'application/json' };
    expect(
      (await call('/api/sandbox/say', { method: 'POST', headers: { ...bearer, ...json }, body })).status,
    ).toBe(403);
    const foreign = { ...bearer, ...json, 'x-wxbot-console': '1', origin: 'https://evil.example' };
    expect((await call('/api/sandbox/say', { method: 'POST', headers: foreign, body })).status).toBe(403);
    const own = { ...bearer, ...json, 'x-wxbot-console': '1', origin: `http://127.0.0.1:${web.port}` };
    // Accepted past the checks: this console has no sandbox, which it says.
    const res = await call('/api/sandbox/say', { method: 'POST', headers: own, body });
    expect(res.status).toBe(404);
    expect(res.body).toContain('--sandbox');
  });

  test('a foreign Host is refused (DNS rebinding)', async () => {
    expect(
      (await call('/api/state', { headers: { ...bearer, host: `evil.example:${web.port}` } })).status,
    ).toBe(421);
  });

  test('no session secret is in what the page reads', async () => {
    const state = await call('/api/state', { headers: bearer });
    expect(state.status).toBe(200);
    expect(state.body).not.toMatch(/skey|pass_ticket|wxsid|wxuin|cookie|context_token|bot_token/i);
    expect(state.body).not.toContain(TOKEN);
  });

  test('a public address without a configured token is refused with what to do', async () => {
    const attempt = startConsole(kit.bot, { host: '0.0.0.0' });
    await expect(attempt).rejects.toBeInstanceOf(ConsoleError);
    await expect(attempt).rejects.toThrow(/without a configured token.*console\.token/);
    await expect(startConsole(kit.bot, { token: 'short' })).rejects.toThrow(/at least 16/);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(isLoopbackHost('192.168.1.2')).toBe(false);
  });
});

describe('the verify-code prompt', () => {
  test('a code typed in the page answers the transport', async () => {
    const login = new LoginState(kit.bot);
    const prompted = await startConsole(kit.bot, { token: TOKEN, login });
    try {
      const asked = login.askVerifyCode({ wrong: false });
      expect(login.view.phase).toBe('verify-code');
      const headers = { ...bearer, 'content-type': 'application/json', 'x-wxbot-console': '1' };
      const post = (code: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: prompted.port,
              path: '/api/login/verify-code',
              method: 'POST',
              headers,
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify({ code }));
        });
      expect(await post('not digits')).toBe(400);
      expect(await post('123456')).toBe(200);
      await expect(asked).resolves.toBe('123456');
      expect(await post('123456')).toBe(409);
    } finally {
      await prompted.close();
      login.dispose();
    }
  });
});

describe('the live stream', () => {
  test('opens with the current login view and status, so a page never misses a step taken before it connected', async () => {
    // The page reads /api/state, then opens /api/events: a new QR in between must still reach it.
    const first = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: web.port, path: '/api/events', headers: bearer },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (/event: status/.test(text)) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (err) => (/socket hang up|aborted/.test(err.message) ? undefined : reject(err)));
      req.end();
    });
    const events = [...first.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events.slice(0, 3)).toEqual(['hello', 'login', 'status']);
    const login = /event: login\ndata: (.*)\n/.exec(first)?.[1];
    expect(JSON.parse(login ?? '{}')).toMatchObject({ phase: 'logged-in' });
  });
});
