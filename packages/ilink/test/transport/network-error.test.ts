import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { expect, test } from '@jest/globals';
import { WxNetworkError } from '@wxbot/core';
import { toRuntimeError } from '../../src/adapter/errors.js';
import { IlinkNetworkError } from '../../src/errors.js';
import { readJsonObject } from '../../src/protocol/envelope.js';
import { HttpClient } from '../../src/transport/http.js';

// A failed call names the host it was for (what the CLI tells the person to check), never the path
// or query, which may authorise (CDN download parameters).

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise((r) => server.close(r));
  return address.port;
}

const request = (url: string) => ({
  endpoint: 'cdn-download',
  method: 'GET' as const,
  url,
  headers: {},
  timeoutMs: 5000,
  maxResponseBytes: 1024,
});

test('a refused connection names the host and port, not the path or query; the runtime error keeps it', async () => {
  const port = await closedPort();
  const client = new HttpClient();
  const err = await client
    .request(request(`http://127.0.0.1:${port}/download?encrypted_query_param=SECRET-PARAM`))
    .catch((e: unknown) => e);
  client.destroy();
  expect(err).toBeInstanceOf(IlinkNetworkError);
  expect(err).toMatchObject({ code: 'NETWORK', host: `127.0.0.1:${port}` });
  expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain('SECRET');
  const runtime = toRuntimeError(err);
  expect(runtime).toBeInstanceOf(WxNetworkError);
  expect(runtime).toMatchObject({ host: `127.0.0.1:${port}` });
});

test('with connectTo the host is the address the call went to (the one to check)', async () => {
  const port = await closedPort();
  const client = new HttpClient({ connectTo: `http://127.0.0.1:${port}` });
  const err = await client
    .request(request('https://ilinkai.weixin.qq.com/ilink/bot/get_bot_qrcode?bot_type=3'))
    .catch((e: unknown) => e);
  client.destroy();
  expect(err).toMatchObject({ code: 'NETWORK', host: `127.0.0.1:${port}` });
});

test('a bad HTTP status names the host that answered it', async () => {
  const server = createHttpServer((_req, res) => {
    res.statusCode = 502;
    res.end('bad gateway');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const client = new HttpClient();
  try {
    const res = await client.request(request(`http://127.0.0.1:${address.port}/ilink/bot/getupdates`));
    const err = (() => {
      try {
        return readJsonObject('getupdates', res);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ code: 'HTTP_STATUS', status: 502, host: `127.0.0.1:${address.port}` });
    expect(toRuntimeError(err)).toMatchObject({ status: 502, host: `127.0.0.1:${address.port}` });
  } finally {
    client.destroy();
    await new Promise((r) => server.close(r));
  }
});
