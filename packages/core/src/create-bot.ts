import type { Adapter } from './adapter/adapter.js';
import { WebAdapter, type WebAdapterOptions } from './adapters/web/web-adapter.js';
import { Bot } from './bot.js';
import type { AdapterBotOptions, RuntimeOptions } from './bot-options.js';
import { ConfigError } from './errors.js';

/**
 * Options of {@link createBot} on Web WeChat (the default transport): the runtime's (outbox,
 * scheduling, health…) and the Web client's (login mode, session file, `connectTo`, timeouts…).
 */
export interface BotOptions extends RuntimeOptions, Omit<WebAdapterOptions, 'storage'> {
  /** The transport: `web` (Web WeChat, web or desktop/UOS mode). Default `web`. */
  readonly transport?: 'web';
}

/** The transports {@link createBot} knows by name, and how each makes its adapter. */
export const TRANSPORTS = {
  web: (options: BotOptions): WebAdapter => new WebAdapter(options),
} as const satisfies Record<string, (options: BotOptions) => Adapter>;

/** A transport name of {@link TRANSPORTS}. */
export type TransportName = keyof typeof TRANSPORTS;

/** True when `name` is a transport {@link createBot} knows. */
export function isTransportName(name: unknown): name is TransportName {
  return typeof name === 'string' && Object.hasOwn(TRANSPORTS, name);
}

/**
 * Create a bot. By default on Web WeChat (`transport: 'web'`); pass `adapter` to run on any other
 * {@link Adapter} (an in-memory one in tests, your own protocol).
 *
 * @example
 * const bot = createBot({ mode: 'desktop', sessionFile: '.wxbot/session.json' });
 * const testBot = createBot({ adapter: new MemoryAdapter(world) });
 *
 * @throws ConfigError `transport` when the transport name is unknown.
 */
export function createBot(options?: BotOptions): Bot<WebAdapter>;
export function createBot<A extends Adapter>(options: AdapterBotOptions<A>): Bot<A>;
export function createBot(options: BotOptions | AdapterBotOptions = {}): Bot {
  if ('adapter' in options) return new Bot(options);
  const transport: unknown = options.transport ?? 'web';
  if (!isTransportName(transport)) {
    throw new ConfigError(
      'transport',
      `transport must be one of ${Object.keys(TRANSPORTS)
        .map((name) => `'${name}'`)
        .join(', ')} (got ${JSON.stringify(transport)})`,
    );
  }
  // A given storage serves the runtime (journal) and the adapter (session, handled log); without
  // one each keeps its files next to sessionFile (the adapter reports their faults itself).
  return new Bot({ ...options, adapter: TRANSPORTS[transport](options) });
}
