import {
  type Adapter,
  type Bot,
  createBot,
  LoginError,
  type NetworkRoute,
  networkRouteFor,
  WebAdapter,
} from '@wxbot/core';
import type { IlinkAdapterOptions, IlinkBotOptions } from '@wxbot/ilink';
import type { WxbotConfig } from '../config/schema.js';
import { isTTY, type ResolvedIO } from '../io.js';
import { type BotOptionOverrides, botOptionsFromConfig } from './bot-options.js';
import { sessionFileFor } from './transport-names.js';

/** Extra knobs for building an iLink bot (the sandbox's short holds, the terminal prompt). */
export interface TransportExtras {
  /** iLink adapter options merged last (sandbox: short polls, the simulator's clock). */
  ilink?: Partial<Omit<IlinkAdapterOptions, 'storage'>>;
  /** Where the verify-code prompt reads and writes; without it a verify-code login is cancelled. */
  io?: ResolvedIO;
  /** Called when the server blocked the QR after too many wrong verify codes (the CLI then ends the login). */
  onVerifyBlocked?: () => void;
}

/** What the CLI says when an iLink QR was blocked after wrong verify codes. */
export const VERIFY_BLOCKED_MESSAGE =
  'too many wrong numbers: WeChat blocked this QR code. Run `wxbot login` again when you can read the number on your phone, and type it exactly as shown.';

/** What the CLI says when the phone asks for a verify code but nobody can type it (no terminal). */
export const VERIFY_NO_TERMINAL_MESSAGE =
  'the phone shows a number to type, but the input is not a terminal. Run `wxbot login` in a terminal once; later starts resume the saved session without a QR code.';

/** True for the login error of an iLink QR that wants a verify code when no prompt could ask for it. */
export function needsVerifyTerminal(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return err instanceof LoginError && cause?.code === 'VERIFY_CODE_REQUIRED';
}

/** The iLink bot options for a config: the runtime's from the config, plus the `ilink:` section. */
export function ilinkOptionsFromConfig(
  config: WxbotConfig,
  overrides: BotOptionOverrides,
  extras: TransportExtras = {},
): IlinkBotOptions {
  const web = botOptionsFromConfig(config, overrides);
  const connectTo = overrides.connectTo ?? config.ilink.baseUrl ?? config.hosts.connectTo;
  const hours = config.ilink.replyWindowHours;
  const io = extras.io;
  return {
    sessionFile: sessionFileFor(config, overrides.sessionFile),
    ...(web.logger !== undefined ? { logger: web.logger } : {}),
    ...(web.outbox !== undefined ? { outbox: web.outbox } : {}),
    ...(web.replyLoop !== undefined ? { replyLoop: web.replyLoop } : {}),
    ...(web.maxPending !== undefined ? { maxPending: web.maxPending } : {}),
    ...(web.health !== undefined ? { health: web.health } : {}),
    ...(web.clock !== undefined ? { clock: web.clock } : {}),
    ...(connectTo !== undefined ? { connectTo } : {}),
    rules: {
      ...(hours !== undefined ? { windowMs: Math.round(hours * 3_600_000) } : {}),
      ...(config.ilink.quotaPerTurn !== undefined ? { quotaPerTurn: config.ilink.quotaPerTurn } : {}),
    },
    login: { maxQrCodes: config.login.maxQrAttempts },
    ...(io !== undefined && isTTY(io.stdin) ? { verifyCode: askVerifyCode(io) } : {}),
    ...(extras.onVerifyBlocked !== undefined ? { onLoginEvent: blockedWatch(extras.onVerifyBlocked) } : {}),
    ...extras.ilink,
  };
}

// A QR blocked after wrong numbers ends the login: the CLI never goes on to a new QR by itself then.
function blockedWatch(onBlocked: () => void): NonNullable<IlinkAdapterOptions['onLoginEvent']> {
  return (e) => {
    if (e.type === 'qr-expired' && e.reason === 'verify_code_blocked') onBlocked();
  };
}

/** Asks on the terminal for the number the phone shows during an iLink QR login. */
function askVerifyCode(io: ResolvedIO): NonNullable<IlinkAdapterOptions['verifyCode']> {
  let wrongs = 0;
  return async ({ wrong }) => {
    if (wrong) wrongs++;
    // The prompt library loads only when a login asks for the number.
    const { input } = await import('@inquirer/prompts');
    const answer = await input(
      {
        message: wrong
          ? `That number was wrong (${wrongs} wrong so far; too many and WeChat blocks this QR code); type the number shown on your phone:`
          : 'Type the number shown on your phone:',
        required: true,
      },
      { input: io.stdin, output: io.stdout, signal: io.signal },
    );
    return answer.trim() === '' ? undefined : answer.trim();
  };
}

/**
 * Builds the bot for the config's transport: `web` through the core's `createBot`, `ilink` through
 * `createIlinkBot` (its session beside the configured session file). The iLink package loads only
 * for an iLink config, so a Web bot starts without it.
 *
 * @example
 * const bot = await createBotFor(config, { logger });
 */
export async function createBotFor(
  config: WxbotConfig,
  overrides: BotOptionOverrides,
  extras: TransportExtras = {},
): Promise<Bot> {
  if (config.transport === 'ilink') {
    const { createIlinkBot } = await import('@wxbot/ilink');
    return createIlinkBot(ilinkOptionsFromConfig(config, overrides, extras)) as unknown as Bot;
  }
  return createBot(botOptionsFromConfig(config, overrides)) as unknown as Bot;
}

/** The adapter alone (no runtime) for the config's transport: what `wxbot login`/`logout` drive. */
export async function createAdapterFor(
  config: WxbotConfig,
  overrides: BotOptionOverrides,
  extras: TransportExtras = {},
): Promise<Adapter> {
  if (config.transport === 'ilink') {
    const { IlinkAdapter } = await import('@wxbot/ilink');
    return new IlinkAdapter(ilinkOptionsFromConfig(config, overrides, extras));
  }
  return new WebAdapter(botOptionsFromConfig(config, overrides));
}

/**
 * How the login of a config's transport goes out: to the `connectTo`/`ilink.baseUrl` address (never
 * through a proxy), else as the proxy variables say for the transport's login host.
 */
export function loginRouteFor(config: WxbotConfig, connectTo?: string): NetworkRoute {
  const ilink = config.transport === 'ilink';
  const target = connectTo ?? (ilink ? config.ilink.baseUrl : undefined) ?? config.hosts.connectTo;
  let address: string | undefined;
  if (target !== undefined) {
    try {
      address = new URL(target).host;
    } catch {
      address = target;
    }
  }
  return networkRouteFor(ilink ? 'https://ilinkai.weixin.qq.com/' : 'https://login.wx.qq.com/', address);
}
