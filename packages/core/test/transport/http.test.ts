import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpTransport } from '../../src/adapters/web/transport/http.js';
import { WxApiError, WxNetworkError } from '../../src/errors.js';

interface Seen {
  host: string | undefined;
  cookie: string | undefined;
  url: string | undefined;
  /** Header names and values as received, in order (duplicates kept). */
  raw: string[];
  body: string;
}

let server: Server;
let port: number;
let connections = 0;
const seen: Seen[] = [];
const sockets = new Set<Socket>();
const served = new WeakSet<Socket>();
let staleOnce = false;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const entry: Seen = {
      host: req.headers.host,
      cookie: req.headers.cookie,
      url: req.url,
      raw: req.rawHeaders,
      body: '',
    };
    seen.push(entry);
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      entry.body += chunk;
    });
    if (req.url?.startsWith('/set')) {
      res.setHeader('Set-Cookie', [
        'a=1; Domain=wx2.qq.com; Path=/',
        'webwx_data_ticket=T; Domain=.qq.com; Path=/',
      ]);
      res.end('ok');
    } else if (req.url === '/500') {
      res.statusCode = 503;
      res.end('down');
    } else if (req.url === '/404') {
      res.statusCode = 404;
      res.end('nope');
    } else if (req.url?.startsWith('/hang')) {
      // never answers
    } else if (req.url === '/reset') {
      req.socket.destroy();
    } else if (req.url?.startsWith('/idle-closed') && staleOnce && served.has(req.socket)) {
      // As if the server had closed this kept-alive socket while idle, just as it was reused.
      staleOnce = false;
      req.socket.destroy();
    } else {
      served.add(req.socket);
      res.end('hello');
    }
  });
  server.on('connection', (s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

function transport(): HttpTransport {
  return new HttpTransport({ connectTo: `http://127.0.0.1:${port}` });
}

test('keeps the real host name in the Host header and reuses one connection', async () => {
  const http = transport();
  const before = connections;
  for (let i = 0; i < 20; i++) {
    const r = await http.text({
      endpoint: 'x',
      url: 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/x',
      timeoutMs: 2000,
    });
    expect(r.data).toBe('hello');
  }
  expect(connections - before).toBe(1);
  expect(seen.at(-1)?.host).toBe(`wx2.qq.com:${port}`);
  http.destroy();
});

test('the request head: browser headers, a request header replacing one whatever its case, each header once', async () => {
  const http = transport();
  await http.text({ endpoint: 'set', url: 'https://wx2.qq.com/set', timeoutMs: 2000 });
  const body = '{"Content":"你好 <&>"}';
  await http.text({
    endpoint: 'x',
    method: 'POST',
    url: 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/x?lang=zh_CN&pass_ticket=a%2Bb',
    body,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', referer: 'https://wx2.qq.com/' },
    timeoutMs: 2000,
  });
  const got = seen.at(-1)!;
  const names = got.raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
  const header = (name: string) =>
    got.raw[got.raw.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === name) + 1];
  expect(got.url).toBe('/cgi-bin/mmwebwx-bin/x?lang=zh_CN&pass_ticket=a%2Bb');
  expect(header('host')).toBe(`wx2.qq.com:${port}`);
  expect(header('referer')).toBe('https://wx2.qq.com/');
  expect(header('content-type')).toBe('application/json;charset=UTF-8');
  expect(header('content-length')).toBe(String(Buffer.byteLength(body)));
  expect(header('cookie')).toBe('a=1; webwx_data_ticket=T');
  expect(header('user-agent')).toMatch(/Mozilla/);
  expect(header('connection')).toBe('keep-alive');
  expect(got.body).toBe(body);
  // A form body gets its content type unless the request named one.
  await http.text({
    endpoint: 'x',
    method: 'POST',
    url: 'https://wx2.qq.com/f',
    body: new URLSearchParams({ q: 'a b' }),
    timeoutMs: 2000,
  });
  expect(seen.at(-1)!.raw).toEqual(
    expect.arrayContaining(['Content-Type', 'application/x-www-form-urlencoded;charset=utf-8']),
  );
  expect(seen.at(-1)!.body).toBe('q=a+b');
  http.destroy();
});

test('a kept-alive socket the server closed while idle is retried once on a new one, not failed', async () => {
  const http = transport();
  const url = (path: string) => ({ endpoint: 'x', url: `https://wx2.qq.com${path}`, timeoutMs: 2000 });
  expect((await http.text(url('/warm'))).data).toBe('hello');
  staleOnce = true;
  const before = connections;
  // The reused socket is reset before any answer: the request goes again on a fresh socket.
  expect((await http.text(url('/idle-closed'))).data).toBe('hello');
  expect(staleOnce).toBe(false);
  expect(connections - before).toBe(1);
  // A server that resets every time still fails: one retry at most.
  await expect(http.text(url('/reset'))).rejects.toBeInstanceOf(WxNetworkError);
  http.destroy();
});

test('one cookie jar for every host: .qq.com cookies reach the file and push hosts', async () => {
  const http = transport();
  await http.text({ endpoint: 'set', url: 'https://wx2.qq.com/set', timeoutMs: 2000 });
  await http.text({ endpoint: 'x', url: 'https://file.wx2.qq.com/x', timeoutMs: 2000 });
  expect(seen.at(-1)?.cookie).toContain('webwx_data_ticket=T');
  await http.text({ endpoint: 'x', url: 'https://wx2.qq.com/x', timeoutMs: 2000 });
  expect(seen.at(-1)?.cookie).toContain('a=1');
  expect(http.cookie('webwx_data_ticket', 'https://webpush.wx2.qq.com/')).toBe('T');
  http.destroy();
});

test('5xx and refused connections are WxNetworkError; other statuses WxApiError', async () => {
  const http = transport();
  await expect(
    http.text({ endpoint: 'e5', url: 'https://wx2.qq.com/500', timeoutMs: 2000 }),
  ).rejects.toMatchObject({
    name: 'WxNetworkError',
    status: 503,
    endpoint: 'e5',
  });
  await expect(
    http.text({ endpoint: 'e4', url: 'https://wx2.qq.com/404', timeoutMs: 2000 }),
  ).rejects.toBeInstanceOf(WxApiError);
  await expect(
    http.text({ endpoint: 'rst', url: 'https://wx2.qq.com/reset', timeoutMs: 2000 }),
  ).rejects.toBeInstanceOf(WxNetworkError);
  const closed = new HttpTransport({ connectTo: 'http://127.0.0.1:1' });
  await expect(
    closed.text({ endpoint: 'refused', url: 'https://wx.qq.com/', timeoutMs: 2000 }),
  ).rejects.toBeInstanceOf(WxNetworkError);
  http.destroy();
});

test('timeouts and aborts are WxNetworkError and carry no URL or secret', async () => {
  const http = transport();
  const secretUrl = 'https://wx2.qq.com/hang?skey=@crypt_SECRET&pass_ticket=TICKET';
  const err = await http.text({ endpoint: 'hang', url: secretUrl, timeoutMs: 50 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WxNetworkError);
  expect(String((err as Error).message)).toBe('hang: no answer within 50 ms');
  expect(JSON.stringify(err)).not.toContain('SECRET');
  expect(String((err as Error).cause)).not.toContain('SECRET');
  const ac = new AbortController();
  const started = Date.now();
  const p = http.text({ endpoint: 'hang', url: secretUrl, timeoutMs: 60_000, signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  await expect(p).rejects.toThrow('hang: request aborted');
  // Ended by the abort, long before the 60 s timeout.
  expect(Date.now() - started).toBeLessThan(30_000);
  http.destroy();
});
