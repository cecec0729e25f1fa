import {
  type Bot,
  type BotOptions,
  LoginError,
  type NetworkRoute,
  networkRouteFor,
  type Plugin,
} from '@wxbot/core';
import type { PreparedRun } from '../commands/context.js';
import { transportKeyWarnings } from '../config/transport-keys.js';
import { type ResolvedIO, writeLine } from '../io.js';
import { LoginQrDisplay } from '../qr.js';
import { inertGroupRulesWarning } from './inert-rules.js';
import { checkHealthPort } from './port-check.js';
import {
  createBotFor,
  loginRouteFor,
  needsVerifyTerminal,
  type TransportExtras,
  VERIFY_BLOCKED_MESSAGE,
  VERIFY_NO_TERMINAL_MESSAGE,
} from './transports.js';

/** How {@link launchBot} starts the bot. */
export interface LaunchOptions {
  /** Replace `hosts.connectTo` (sandbox). */
  connectTo?: string;
  /** Replace `login.sessionFile` (sandbox). */
  sessionFile?: string;
  /** Extra bot options (fast sandbox holds, an accelerated clock). */
  extra?: Partial<BotOptions>;
  /** iLink adapter options (the sandbox's short polls). */
  ilink?: TransportExtras['ilink'];
  /** Draw login QR codes in the terminal (and save the PNG when configured). Default true. */
  showQr?: boolean;
  /** Runs once the bot and its plugins exist, before it logs in (e.g. start the web console so it shows the QR). */
  beforeStart?: (bot: Bot) => Promise<void>;
}

/** Thrown by {@link launchBot} when the stop signal came before the bot was running. */
export class InterruptedError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('interrupted before the bot was running');
  }
}

/** The one-line summary printed once the bot runs. */
export function readyLine(bot: Bot): string {
  const self = bot.self;
  const plugins = bot.pluginNames.length > 0 ? bot.pluginNames.join(', ') : 'none';
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const health = bot.healthServerInfo ? `, health: ${bot.healthServerInfo.url}/healthz` : '';
  return `ready: logged in as ${self?.name ?? '?'}, ${count(bot.contacts.friends().length, 'friend')}, ${count(bot.contacts.groups().length, 'group')}, plugins: ${plugins}${health}`;
}

/**
 * Builds the bot from a prepared config, loads its plugins in config order, shows login QR codes
 * (the PNG copy is deleted once logged in: it is a credential while valid), logs in (resuming the
 * saved session when it can) and starts receiving. If `io.signal` aborts first, the login is stopped and {@link InterruptedError} is thrown; a refused login throws the
 * core's `LoginError` (exit 4).
 *
 * @example
 * const bot = await launchBot(prepared, ctx.io);
 * writeLine(ctx.io.stdout, readyLine(bot));
 */
export async function launchBot(run: PreparedRun, io: ResolvedIO, options: LaunchOptions = {}): Promise<Bot> {
  const { config } = run.loaded;
  await checkHealthPort(config.health, run.loaded.label);
  for (const warning of transportKeyWarnings(run.loaded.written, config.transport, run.loaded.label))
    writeLine(io.stderr, warning);
  let verifyBlocked = false;
  const bot = await createBotFor(
    config,
    {
      logger: run.logger,
      ...(options.connectTo !== undefined ? { connectTo: options.connectTo } : {}),
      ...(options.sessionFile !== undefined ? { sessionFile: options.sessionFile } : {}),
      ...(options.extra !== undefined ? { extra: options.extra } : {}),
    },
    {
      io,
      ...(options.ilink !== undefined ? { ilink: options.ilink } : {}),
      onVerifyBlocked: () => {
        verifyBlocked = true;
        bot.stop().catch(() => undefined);
      },
    },
  );
  const log = run.logger;
  if (!bot.capabilities.groups) {
    const warning = inertGroupRulesWarning(
      config.plugins,
      config.transport === 'ilink' ? 'iLink' : config.transport,
    );
    if (warning !== undefined) writeLine(io.stderr, warning);
  }
  const qr =
    options.showQr !== false
      ? new LoginQrDisplay({
          out: io.stdout,
          ...(config.login.qrPngFile !== undefined ? { pngFile: config.login.qrPngFile } : {}),
        })
      : undefined;
  // The PNG logs the account in while its code is valid: gone as soon as it is not needed.
  const clearQr = () =>
    qr
      ?.clear()
      .then((file) => file !== undefined && log.info(`deleted the login QR image ${file}`))
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'could not delete the QR image'));
  if (qr) {
    bot.events.on('qr', (e) => {
      if (e.attempt > 1)
        writeLine(
          io.stdout,
          `The QR code expired; here is a new one (${e.attempt}/${config.login.maxQrAttempts}).`,
        );
      qr.show(e.url).catch((err: unknown) =>
        log.warn({ err: (err as Error).message }, 'could not show the QR code'),
      );
    });
    bot.events.on('scan', () => writeLine(io.stdout, 'Scanned. Confirm the login on your phone.'));
    bot.events.on('login', () => void clearQr());
  }
  bot.events.on('login', ({ self, method }) => log.info({ method }, `logged in as ${self.name} (${method})`));
  bot.events.on('logout', (e) =>
    log.warn({ code: e.code, kind: e.kind, willRelogin: e.willRelogin }, `session ended: ${e.reason}`),
  );
  bot.events.on('error', (err) => log.warn({ err: err.message }, 'bot error'));
  bot.events.on('failed', (e) =>
    log.error(
      { to: e.message.to, attempts: e.attempts, err: e.error.message },
      'a message could not be sent',
    ),
  );
  try {
    for (const loaded of run.plugins) {
      await bot.plugin(loaded.plugin as unknown as Plugin<unknown, unknown>, loaded.options);
    }
  } catch (err) {
    await bot.stop().catch(() => undefined);
    throw err;
  }
  const onAbort = () => {
    bot.stop().catch(() => undefined);
  };
  io.signal.addEventListener('abort', onAbort, { once: true });
  const progress =
    options.showQr !== false
      ? showProgress(bot.events, io, loginRouteFor(config, options.connectTo))
      : () => undefined;
  try {
    if (io.signal.aborted) throw new InterruptedError();
    await options.beforeStart?.(bot);
    await bot.start();
    await clearQr(); // already under way since `login`; awaited so it is gone before `ready`
    if (io.signal.aborted) throw new InterruptedError();
  } catch (err) {
    await bot.stop().catch(() => undefined);
    await clearQr();
    if (verifyBlocked) throw new LoginError('LOGIN_REFUSED', VERIFY_BLOCKED_MESSAGE, { cause: err });
    if (needsVerifyTerminal(err))
      throw new LoginError('LOGIN_REFUSED', VERIFY_NO_TERMINAL_MESSAGE, { cause: err });
    if (io.signal.aborted || (err instanceof LoginError && err.code === 'LOGIN_ABORTED')) {
      throw new InterruptedError();
    }
    throw err;
  } finally {
    progress();
    io.signal.removeEventListener('abort', onAbort);
  }
  return bot;
}

/** How often "still connecting" is repeated while WeChat does not answer. */
const STILL_CONNECTING_MS = 10_000;

/**
 * Says at once that the login has started (and where: through which proxy, or to the `connectTo`
 * address), and again every 10 s until the first answer (a QR code, a login), so a silent network
 * never looks like a frozen command. Returns the function that stops it.
 */
export function showProgress(
  events: { once(event: 'qr' | 'login', listener: () => void): unknown },
  io: ResolvedIO,
  route: NetworkRoute = networkRouteFor('https://login.wx.qq.com/'),
): () => void {
  const where =
    route.via === 'proxy'
      ? ` through the proxy ${route.proxy}`
      : route.via === 'connect-to'
        ? ` at ${route.address}`
        : '';
  writeLine(io.stdout, `Connecting to WeChat${where}…`);
  const started = Date.now();
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    writeLine(
      io.stdout,
      `Still waiting for WeChat to answer (${s}s); check the network or proxy, Ctrl+C to stop.`,
    );
  }, STILL_CONNECTING_MS);
  timer.unref?.();
  const stop = () => clearInterval(timer);
  events.once('qr', stop);
  events.once('login', stop);
  return stop;
}

/**
 * Resolves when the bot should stop: `signal` aborted (SIGINT/SIGTERM: `'signal'`), or the
 * session ended without an automatic re-login (`'logout'`, with the reason).
 */
export function untilStopped(
  bot: Bot,
  signal: AbortSignal,
): Promise<{ why: 'signal' } | { why: 'logout'; reason: string }> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ why: 'signal' });
      return;
    }
    const onLogout = (e: { reason: string; willRelogin: boolean }) => {
      if (e.willRelogin) return;
      signal.removeEventListener('abort', onAbort);
      resolve({ why: 'logout', reason: e.reason });
    };
    const onAbort = () => {
      bot.events.off('logout', onLogout);
      resolve({ why: 'signal' });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    bot.events.on('logout', onLogout);
  });
}
