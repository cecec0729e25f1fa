import { createServer, type Server } from 'node:net';
import { ExitCode } from '../src/exit-codes.js';
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
