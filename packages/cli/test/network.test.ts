import { createServer, type Server } from 'node:net';
import { proxyLabelFor } from '@wxbot/core';
import { run, tempDir } from './helpers.js';

// A stand-in proxy on 127.0.0.1: records each CONNECT and hangs up, as a proxy that cannot reach the host would.
async function refusingProxy(): Promise<{ url: string; connects: string[]; server: Server }> {
  const connects: string[] = [];
  const server = createServer((socket) => {
    socket.once('data', (chunk) => {
      connects.push(chunk.toString('latin1').split('\r\n')[0] ?? '');
      socket.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, connects, server };
}

describe('network failures', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  test('HTTPS_PROXY is used, and the failure names the host, the proxy and what to check', async () => {
    const proxy = await refusingProxy();
    try {
      process.env.HTTPS_PROXY = proxy.url;
      const dir = await tempDir({ 'wxbot.config.yaml': 'login: { autoRelogin: false }\n' });
      const r = await run(['start'], dir);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain(`Connecting to WeChat through the proxy ${proxy.url}`);
      expect(proxy.connects[0]).toMatch(/^CONNECT login\.wx\.qq\.com:443 HTTP\/1\.1$/);
      expect(r.errLines).toContainEqual(
        expect.stringMatching(/^wxbot: could not reach login\.wx\.qq\.com \(jslogin: /),
      );
      expect(r.stderr).toContain(`tried: through the proxy ${proxy.url}`);
      expect(r.stderr).toMatch(/check: .+/);
    } finally {
      proxy.server.close();
    }
  }, 30_000);

  test('hosts.connectTo bypasses the proxy: the failure says a direct connection to that address', async () => {
    const proxy = await refusingProxy();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    try {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.HTTP_PROXY = proxy.url;
      const dir = await tempDir({
        'wxbot.config.yaml': `login: { autoRelogin: false }\nhosts: { connectTo: "http://127.0.0.1:${port}" }\n`,
      });
      const r = await run(['start'], dir);
      expect(r.code).not.toBe(0);
      expect(proxy.connects).toEqual([]);
      expect(r.stdout).toContain(`Connecting to WeChat at 127.0.0.1:${port}…`);
      expect(r.stderr).toContain(
        `tried: a direct connection to 127.0.0.1:${port} (the configured connectTo/baseUrl`,
      );
      expect(r.stdout + r.stderr).not.toContain('through the proxy');
    } finally {
      proxy.server.close();
    }
  }, 30_000);

  test('NO_PROXY keeps a host off the proxy; credentials in the proxy URL are never shown', () => {
    process.env.HTTPS_PROXY = 'http://user:secret@proxy.example:3128';
    expect(proxyLabelFor('https://login.wx.qq.com/jslogin')).toBe('http://proxy.example:3128');
    process.env.NO_PROXY = '.qq.com';
    expect(proxyLabelFor('https://login.wx.qq.com/jslogin')).toBeUndefined();
  });

  test('the sandbox talks to its in-process simulator directly, whatever the proxy variables say', async () => {
    const proxy = await refusingProxy();
    try {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.HTTP_PROXY = proxy.url;
      const dir = await tempDir();
      const r = await run(['start', '--sandbox'], dir, 'ping\n', { WXBOT_SANDBOX_FAST: '1' });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('bot → Alice: pong');
      expect(proxy.connects).toEqual([]);
    } finally {
      proxy.server.close();
    }
  }, 30_000);
});
