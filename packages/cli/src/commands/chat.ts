import type { CommandContext } from './context.js';
import { notAvailableYet } from './not-available.js';
import { prepareRun } from './prepare.js';

/** Options of `wxbot chat`. */
export interface ChatOptions {
  config?: string;
  /** Chat as the sandbox account on an in-process simulator. */
  sandbox: boolean;
}

/**
 * `wxbot chat`: a terminal WeChat for the logged-in account (list chats, open one, read, send
 * text and files) while the plugins keep running.
 */
export async function chatCommand(options: ChatOptions, ctx: CommandContext): Promise<number> {
  await prepareRun(ctx, { configFile: options.config });
  // PHASE 2: start the bot as in start.ts, then run the terminal UI on ctx.io.stdin/stdout.
  return notAvailableYet(ctx, 'chat');
}
