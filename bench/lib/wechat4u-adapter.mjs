/**
 * Points an UNMODIFIED wechat4u 0.7.14 at a local Web WeChat server (our simulator) by rewriting the
 * URLs of its requests, and nothing else.
 *
 * How: wechat4u builds one private axios instance per bot in `src/util/request.js`
 * (`axios.create(defaults)`) and never exposes it. We wrap `axios.create` of the very axios module
 * wechat4u loads for the duration of `new Wechat()` only, keep the instance it returns, restore
 * `axios.create`, and add one request interceptor to that instance. The interceptor turns
 * `https://wx2.qq.com/cgi-bin/…` into `http://127.0.0.1:PORT/cgi-bin/…` and sets the `Host` header
 * to the real host name (`wx2.qq.com`), which is how the simulator tells its hosts apart.
 * Everything else (cookies, headers, `Connection: close`, no agent, bodies, timeouts, eval of the
 * JS answers, the 301 handling of webwxnewloginpage) is wechat4u's own code.
 *
 * @example
 * const bot = createWechat4u({ serverUrl: sim.url });
 * bot.on('uuid', (uuid) => sim.phone.confirmLogin(uuid));
 * bot.on('message', (msg) => console.log(msg.MsgType, msg.Content));
 * bot.start();
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wechat4uPath = require.resolve('wechat4u');
/** wechat4u's main export (`lib/wechat.js`): the `Wechat` class. */
export const Wechat = require(wechat4uPath);
// The axios module wechat4u itself requires (resolved from its own directory).
const wechat4uAxios = createRequire(wechat4uPath)('axios');

/**
 * Rewrites one axios request config in place: absolute `https://host/path?query` URLs go to
 * `serverUrl` with `Host: host`. Relative or already-local URLs are left alone.
 *
 * @param {import('axios').InternalAxiosRequestConfig} config
 * @param {URL} server
 * @param {(entry: { host: string, path: string }) => void} [onRequest]
 */
export function rewriteRequest(config, server, onRequest) {
  if (typeof config.url !== 'string' || !/^https?:\/\//i.test(config.url)) return config;
  const original = new URL(config.url);
  if (original.host === server.host) return config;
  const rewritten = new URL(original.pathname + original.search, server);
  config.url = rewritten.href;
  config.headers.Host = original.hostname;
  onRequest?.({ host: original.hostname, path: original.pathname });
  return config;
}

/**
 * Creates a wechat4u bot whose requests all go to `serverUrl`.
 *
 * @param {object} options
 * @param {string} options.serverUrl the simulator's base URL, e.g. `http://127.0.0.1:40123`
 * @param {boolean} [options.heartbeat] keep wechat4u's 5-minute heartbeat text to `filehelper`
 *   (default false: benchmarks and tests should only see the messages they cause)
 * @param {(entry: { host: string, path: string }) => void} [options.onRequest] called for every
 *   request wechat4u makes (host name as wechat4u meant it, path) — for tests and request counts
 * @returns {any} the wechat4u `Wechat` instance (an EventEmitter with `start`, `stop`, `sendMsg`…)
 */
export function createWechat4u(options) {
  const server = new URL(options.serverUrl);
  const realCreate = wechat4uAxios.create;
  /** @type {import('axios').AxiosInstance | undefined} */
  let instance;
  wechat4uAxios.create = function captureCreate(...args) {
    instance = realCreate.apply(this, args);
    return instance;
  };
  let bot;
  try {
    bot = new Wechat();
  } finally {
    wechat4uAxios.create = realCreate;
  }
  if (instance === undefined)
    throw new Error('wechat4u did not create its axios instance in the constructor');
  instance.interceptors.request.use((config) => rewriteRequest(config, server, options.onRequest));
  if (options.heartbeat !== true) {
    // wechat4u's own setter: an empty target disables the filehelper heartbeat text.
    bot.setPollingTargetGetter(() => '');
  }
  return bot;
}

/**
 * Stops a wechat4u bot the way its README says (`bot.stop()`), and resolves once its `logout` event
 * fired. wechat4u keeps an in-flight synccheck long-poll open until the server answers or closes it.
 *
 * @param {any} bot
 * @returns {Promise<void>}
 */
export function stopWechat4u(bot) {
  return new Promise((resolve) => {
    if (bot.state === Wechat.STATE.logout) {
      resolve();
      return;
    }
    bot.once('logout', () => resolve());
    bot.stop();
  });
}
