import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Bot } from '@wxbot/core';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type ApiDeps, apiRoutes } from './api.js';
import { assetBytes, loadAssets } from './assets.js';
import {
  ConsoleAuth,
  generateToken,
  hostAllowed,
  isLoopbackHost,
  originAllowed,
  SESSION_COOKIE,
  WRITE_HEADER,
} from './auth.js';
import { ChatLog } from './chat-log.js';
import { ConsoleError } from './errors.js';
import { eventStream } from './events.js';
import { LoginState } from './login-state.js';
import type { ConsoleOptions } from './options.js';
import { SendRate } from './status.js';

/** A running console. */
export interface WebConsole {
  /** The address to open once: it carries the token and trades it for a session cookie. */
  readonly url: string;
  /** The address without the token (for people who have it already). */
  readonly baseUrl: string;
  readonly port: number;
  /** Bytes of the page's files (HTML, JS, CSS). */
  readonly assetBytes: number;
  /** What the Login page follows (give `askVerifyCode` to an adapter that asks for a code). */
  readonly login: LoginState;
  /** Tell open Plugins pages to refresh (the host calls it after it changed plugins itself). */
  pluginsChanged(): void;
  close(): Promise<void>;
}

const MIN_TOKEN = 16;
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

function checkOptions(options: ConsoleOptions): { host: string; token: string } {
  const host = options.host ?? '127.0.0.1';
  if (options.token !== undefined && options.token.length < MIN_TOKEN) {
    throw new ConsoleError(
      'CONSOLE_BAD_TOKEN',
      'console.token',
      `console.token is too short (${options.token.length} characters): use at least ${MIN_TOKEN} random characters, or leave it out to get a fresh one at every start`,
    );
  }
  if (!isLoopbackHost(host) && options.token === undefined) {
    throw new ConsoleError(
      'CONSOLE_PUBLIC_WITHOUT_TOKEN',
      'console.host',
      `refusing to serve the console on ${host} without a configured token: anyone who can reach it could read your chats and send as you. Set console.token (or WXBOT_CONSOLE_TOKEN) to a long random secret, or keep console.host at 127.0.0.1 and use an SSH tunnel`,
    );
  }
  return { host, token: options.token ?? generateToken() };
}

/**
 * Serves the web console of a running bot: Login (QR drawn in the page, live state), Status,
 * Chats (live, send as the bot through the outbox), Plugins (forms from each plugin's schema),
 * Logs and, with a sandbox, chatting as simulated people.
 *
 * Security: bound to 127.0.0.1 by default; every request needs the token (`?token=` once, traded
 * for an HttpOnly SameSite=Strict session cookie, or `Authorization: Bearer`); writes need the
 * console's own header and Origin; the Host header must name this server (DNS rebinding); no
 * session secret of the bot is ever sent to the page. A non-loopback `host` without a configured
 * token is refused with a {@link ConsoleError}.
 *
 * @example
 * const web = await startConsole(bot, { port: 8080 });
 * console.log(`console: ${web.url}`);
 * // … later
 * await web.close();
 */
export async function startConsole(bot: Bot, options: ConsoleOptions = {}): Promise<WebConsole> {
  const { host, token } = checkOptions(options);
  const auth = new ConsoleAuth(token);
  const assets = loadAssets();
  const login = options.login ?? new LoginState(bot);
  const chats = options.chats ?? new ChatLog(bot);
  const rate = new SendRate();
  const onSent = () => rate.note();
  bot.events.on('sent', onSent);
  const pluginListeners = new Set<() => void>();
  const pluginsChanged = () => {
    for (const listener of pluginListeners) listener();
  };
  const deps: ApiDeps = {
    bot,
    login,
    chats,
    rate,
    logTail: options.logTail,
    plugins: options.plugins && {
      list: () => options.plugins!.list(),
      // Every change tells open pages; the reload itself shows in the live status.
      setOptions: (name, value) => options.plugins!.setOptions(name, value).finally(pluginsChanged),
      setEnabled: (name, value) => options.plugins!.setEnabled(name, value).finally(pluginsChanged),
      reload: (name) => options.plugins!.reload(name).finally(pluginsChanged),
    },
    sandbox: options.sandbox,
    now: options.now ?? Date.now,
  };
  let port = 0;
  const app = new Hono();

  app.use('*', async (c, next) => {
    if (!hostAllowed(c.req.header('host'), host, port)) {
      return c.text('unknown Host: open the console by the address it printed', 421);
    }
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (name === 'cache-control' && c.res.headers.has(name)) continue;
      c.res.headers.set(name, value);
    }
    return undefined;
  });
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const offered = url.searchParams.get('token') ?? undefined;
    if (c.req.method === 'GET' && offered !== undefined && url.pathname === '/') {
      if (!auth.isToken(offered))
        return c.text('wrong console token: use the URL wxbot printed at start', 401);
      setCookie(c, SESSION_COOKIE, auth.openSession(), {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: url.protocol === 'https:',
      });
      // The token leaves the address bar and the history at once.
      return c.redirect('/', 303);
    }
    const authed =
      auth.isSession(getCookie(c, SESSION_COOKIE)) || auth.isBearer(c.req.header('authorization'));
    if (!authed) {
      return c.text(
        'This wxbot console needs its token: open the URL wxbot printed when it started (…/?token=…), or send Authorization: Bearer <token>.',
        401,
      );
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (
        c.req.header(WRITE_HEADER) !== '1' ||
        !originAllowed(c.req.header('origin'), c.req.header('host'))
      ) {
        return c.text('refused: writes must come from the console page itself', 403);
      }
    }
    await next();
    return undefined;
  });
  app.get('/api/events', (c) =>
    eventStream(c, deps, options.statusEveryMs ?? 2000, {
      on: (fn) => {
        pluginListeners.add(fn);
        return () => pluginListeners.delete(fn);
      },
    }),
  );
  app.route('/api', apiRoutes(deps));
  app.get('*', (c) => {
    const asset = assets.get(new URL(c.req.url).pathname);
    if (!asset) return c.text('not found', 404);
    return c.body(new Uint8Array(asset.body), 200, { 'content-type': asset.type });
  });

  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) =>
      reject(
        new ConsoleError(
          'CONSOLE_LISTEN_FAILED',
          'console.port',
          `the console cannot listen on ${host}:${options.port ?? 0}: ${error.message}; pick another console.port`,
          {
            cause: error,
          },
        ),
      );
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const baseUrl = `http://${shownHost}:${port}/`;
  return {
    url: `${baseUrl}?token=${encodeURIComponent(token)}`,
    baseUrl,
    port,
    assetBytes: assetBytes(assets),
    login,
    pluginsChanged,
    close: async () => {
      bot.events.off('sent', onSent);
      if (!options.login) login.dispose();
      if (!options.chats) chats.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
