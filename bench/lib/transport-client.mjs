/**
 * Child process of the transport-floor scenario: sends N GET requests to one simulator endpoint
 * with one HTTP stack and prints `{ cpuSeconds, requests, ok, wallMs, sockets }` as JSON.
 *
 *   node bench/lib/transport-client.mjs --variant bare-http|axios-cookie-agent|axios-cookiejar-wrapper
 *        --url http://127.0.0.1:PORT/path --host login.wx.qq.com [--requests 3000] [--concurrency 4]
 *
 * Variants:
 * - `wxbot`: wxbot's own `HttpTransport` (`@wxbot/core/internal`, from the build): the stack every
 *   wxbot API call goes through (keep-alive agents, cookie jar, typed errors).
 * - `bare-http`: `node:http` with a keep-alive Agent, body read as a string (the floor).
 * - `axios-cookie-agent`: axios + tough-cookie jar through http-cookie-agent's `HttpCookieAgent`
 *   with `keepAlive: true` (how wxbot's transport should be configured).
 * - `axios-cookiejar-wrapper`: axios-cookiejar-support's `wrapper()` — it builds a new cookie agent
 *   per request, so every request opens a new connection (shown for reference).
 */
import http from 'node:http';
import axios from 'axios';
import { wrapper } from 'axios-cookiejar-support';
import { HttpCookieAgent } from 'http-cookie-agent/http';
import { CookieJar } from 'tough-cookie';
import { cpuStopwatch, nowMs } from './measure.mjs';
import { numArg, parseArgs } from './scenario.mjs';

const args = parseArgs(process.argv.slice(2));
const variant = String(args.variant);
const url = String(args.url);
const host = String(args.host ?? 'login.wx.qq.com');
const requests = numArg(args, 'requests', 3000);
const concurrency = numArg(args, 'concurrency', 4);
const warmup = numArg(args, 'warmup', 200);

let sockets = 0;
/** @returns {() => Promise<number>} a function that performs one request and returns the status */
function makeRequester() {
  if (variant === 'bare-http') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const target = new URL(url);
    return () =>
      new Promise((resolve, reject) => {
        const req = http.request(
          {
            hostname: target.hostname,
            port: target.port,
            path: target.pathname + target.search,
            agent,
            headers: { Host: host },
          },
          (res) => {
            res.setEncoding('utf8');
            let body = '';
            res.on('data', (c) => {
              body += c;
            });
            // The body is read fully, as any client must; its content is not needed here.
            res.on('end', () => resolve(body === undefined ? 0 : (res.statusCode ?? 0)));
            res.on('error', reject);
          },
        );
        req.on('socket', (s) => {
          if (!s.__counted) {
            s.__counted = true;
            sockets++;
          }
        });
        req.on('error', reject);
        req.end();
      });
  }
  if (variant === 'wxbot') {
    const target = new URL(url);
    // The production URL the protocol layer would pass; connectTo points it at the simulator.
    const prodUrl = `https://${host}${target.pathname}${target.search}`;
    return async () => {
      const t = await wxbotTransport(`${target.protocol}//${target.host}`);
      const res = await t.text({ endpoint: 'bench', url: prodUrl, timeoutMs: 10_000 });
      return res.status;
    };
  }
  const jar = new CookieJar();
  let client;
  if (variant === 'axios-cookie-agent') {
    const agent = new HttpCookieAgent({ cookies: { jar }, keepAlive: true, maxSockets: concurrency });
    client = axios.create({ httpAgent: agent, responseType: 'text', headers: { Host: host } });
  } else if (variant === 'axios-cookiejar-wrapper') {
    client = wrapper(axios.create({ jar, responseType: 'text', headers: { Host: host } }));
  } else {
    throw new Error(`unknown --variant ${variant}`);
  }
  return async () => {
    const res = await client.get(url);
    const s = res.request?.socket;
    if (s && !s.__counted) {
      s.__counted = true;
      sockets++;
    }
    return res.status;
  };
}

/** @type {any} */
let transport;
/** wxbot's HttpTransport from the core build (`@wxbot/core/internal`: not a public export). */
async function wxbotTransport(connectTo) {
  if (!transport) {
    const { HttpTransport } = await import('@wxbot/core/internal');
    transport = new HttpTransport({ connectTo, maxFreeSockets: concurrency });
    // Count new connections (the other variants count them per response).
    const create = http.Agent.prototype.createConnection;
    http.Agent.prototype.createConnection = function (...a) {
      sockets++;
      return create.apply(this, a);
    };
  }
  return transport;
}

async function run(n, one) {
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      if ((await one()) === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ok;
}

const one = makeRequester();
await run(warmup, one);
sockets = 0;
const cpu = cpuStopwatch();
const t0 = nowMs();
const ok = await run(requests, one);
const wallMs = nowMs() - t0;
process.stdout.write(
  `${JSON.stringify({ variant, requests, ok, cpuSeconds: cpu.seconds(), wallMs, sockets })}\n`,
);
process.exit(0);
