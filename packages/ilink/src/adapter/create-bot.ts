import { Bot, type RuntimeOptions } from '@wxbot/core';
import { IlinkAdapter } from './ilink-adapter.js';
import type { IlinkAdapterOptions } from './options.js';

/** Options of {@link createIlinkBot}: the runtime's (outbox, scheduling, health…) and the iLink adapter's. */
export type IlinkBotOptions = RuntimeOptions & IlinkAdapterOptions;

/**
 * Creates a bot on the iLink transport: one `sessionFile` holds the iLink session, and the outbox
 * journal goes next to it, as on Web WeChat.
 *
 * @example
 * const bot = createIlinkBot({ sessionFile: '.wxbot/ilink.json', verifyCode: askOnTheTerminal });
 * bot.events.on('qr', (qr) => console.log(qr.url));
 * await bot.start();
 */
export function createIlinkBot(options: IlinkBotOptions = {}): Bot<IlinkAdapter> {
  return new Bot({ ...options, adapter: new IlinkAdapter(options) });
}
