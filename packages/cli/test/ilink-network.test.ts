import { createServer, type Server } from 'node:net';
import { IlinkAdapter } from '@wxbot/ilink';
import { ExitCode } from '../src/exit-codes.js';
import { explainNetworkError } from '../src/network-hint.js';
import { run, tempDir } from './helpers.js';

// Issue 17: on iLink a network failure printed only `get_bot_qrcode: connection failed (ENOTFOUND)`.
// Now, as on Web, the CLI names the host, how it tried (directly or through which proxy) and what to check.

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port on 127.0.0.1 that nothing listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const saved = { ...process.env };
afterEach(() => {
  for (const key of PROXY_VARS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

test('an unreachable iLink host: the CLI names it, how it was tried and what to check', async () => {
  for (const key of PROXY_VARS) delete process.env[key];
  const port = await closedPort();
  const dir = await tempDir({
    'wxbot.config.yaml': `transport: ilink\nilink:\n  baseUrl: http://127.0.0.1:${port}\n`,
  });
  const r = await run(['start'], dir);
  expect(r.code).toBe(ExitCode.Failure);
  expect(r.errLines).toContainEqual(
    `wxbot: could not reach 127.0.0.1:${port} (get_bot_qrcode: connection failed (ECONNREFUSED))`,
  );
  expect(r.stderr).toContain('tried: a direct');
  expect(r.stderr).toContain('check: the connection was refused');
}, 30_000);

test('iLink goes through HTTPS_PROXY to the real host; the failure names the host and the proxy', async () => {
  // A stand-in proxy on 127.0.0.1: records each CONNECT and hangs up, as one that cannot reach the host.
  const connects: string[] = [];
  const proxy = createServer((socket) => {
    socket.once('data', (chunk) => {
      connects.push(chunk.toString('latin1').split('\r\n')[0] ?? '');
      socket.destroy();
    });
  });
  const url = `http://127.0.0.1:${await listen(proxy)}`;
  try {
    for (const key of PROXY_VARS) delete process.env[key];
    process.env.HTTPS_PROXY = url;
    const dir = await tempDir({ 'wxbot.config.yaml': 'transport: ilink\n' });
    const r = await run(['start'], dir);
    expect(r.code).not.toBe(ExitCode.Ok);
    expect(connects[0]).toBe('CONNECT ilinkai.weixin.qq.com:443 HTTP/1.1');
    expect(r.errLines).toContainEqual(
      expect.stringMatching(/^wxbot: could not reach ilinkai\.weixin\.qq\.com \(get_bot_qrcode: /),
    );
    expect(r.stderr).toContain(`tried: through the proxy ${url}`);
    expect(r.stderr).toMatch(/check: .+/);
  } finally {
    proxy.close();
  }
}, 30_000);

/** A stand-in proxy on 127.0.0.1 that records each request line and hangs up. */
async function refusingProxy(): Promise<{ url: string; lines: string[]; server: Server }> {
  const lines: string[] = [];
  const server = createServer((socket) => {
    socket.once('data', (chunk) => {
      lines.push(chunk.toString('latin1').split('\r\n')[0] ?? '');
      socket.destroy();
    });
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, lines, server };
}

test('baseUrl bypasses the proxy: the hint says a direct connection to that address, not "through the proxy"', async () => {
  const proxy = await refusingProxy();
  try {
    for (const key of PROXY_VARS) delete process.env[key];
    process.env.HTTPS_PROXY = proxy.url;
    process.env.HTTP_PROXY = proxy.url;
    const port = await closedPort();
    const dir = await tempDir({
      'wxbot.config.yaml': `transport: ilink\nilink:\n  baseUrl: http://127.0.0.1:${port}\n`,
    });
    const r = await run(['start'], dir);
    expect(r.code).toBe(ExitCode.Failure);
    expect(proxy.lines).toEqual([]); // it really went direct
    expect(r.stderr).toContain(
      `tried: a direct connection to 127.0.0.1:${port} (the configured connectTo/baseUrl`,
    );
    expect(r.stdout).toContain(`Connecting to WeChat at 127.0.0.1:${port}…`);
    expect(r.stdout + r.stderr).not.toContain('through the proxy');
    expect(r.stderr).toContain(`is the server at 127.0.0.1:${port} running`);
  } finally {
    proxy.server.close();
  }
}, 30_000);

test('NO_PROXY sends a host around the proxy: the hint says so; without NO_PROXY it names the proxy', async () => {
  const proxy = await refusingProxy();
  try {
    for (const key of PROXY_VARS) delete process.env[key];
    process.env.HTTPS_PROXY = proxy.url;
    process.env.HTTP_PROXY = proxy.url;
    const port = await closedPort();
    // A login host that is not a connectTo target: the proxy variables apply to it.
    const login = async () => {
      const adapter = new IlinkAdapter({
        loginBaseUrl: `http://127.0.0.1:${port}`,
        timeouts: { config: 5000 },
      });
      const error = await adapter.login().then(
        () => undefined,
        (err: unknown) => err,
      );
      await adapter.stop();
      return explainNetworkError(error) ?? [];
    };

    process.env.NO_PROXY = '127.0.0.1';
    const around = await login();
    expect(proxy.lines).toEqual([]);
    expect(around[1]).toBe(
      `  tried: a direct connection (NO_PROXY matches 127.0.0.1:${port}, so the proxy ${proxy.url} was not used)`,
    );
    expect(around[2]).toMatch(
      /^ {2}check: the connection was refused.*take 127\.0\.0\.1:\d+ out of NO_PROXY/,
    );

    delete process.env.NO_PROXY;
    const through = await login();
    expect(proxy.lines[0]).toMatch(
      new RegExp(`^POST http://127\\.0\\.0\\.1:${port}/ilink/bot/get_bot_qrcode`),
    );
    expect(through[1]).toBe(
      `  tried: through the proxy ${proxy.url} (from HTTPS_PROXY/HTTP_PROXY; NO_PROXY excludes hosts)`,
    );
  } finally {
    proxy.server.close();
  }
}, 30_000);
