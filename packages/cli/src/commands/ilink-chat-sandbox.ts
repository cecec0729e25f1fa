import { ChatClient } from '../chat/chat-client.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { openLineConsole } from '../runtime/line-console.js';
import { launchBot, readyLine } from '../runtime/run-bot.js';
import { startIlinkSandbox } from '../sandbox/ilink-world.js';
import type { CommandContext, PreparedRun } from './context.js';

/**
 * `wxbot chat --sandbox --transport ilink`: the terminal client as the bot on an in-process iLink
 * simulator. The simulated user writes with `/sim NAME> text`; the chat shows the reply window and
 * the messages left in the turn, and says why a send is refused. Ends on `/quit`, Ctrl+D or the
 * stop signal.
 */
export async function runIlinkChatSandbox(
  run: PreparedRun,
  ctx: CommandContext,
  fast: boolean,
): Promise<number> {
  const { stdout } = ctx.io;
  const world = await startIlinkSandbox(run.loaded.config.sandbox.cast, { fast });
  try {
    writeLine(
      stdout,
      `sandbox: simulated iLink server at ${world.sim.url}; ${world.userName} confirms the QR code by themself`,
    );
    const bot = await launchBot(run, ctx.io, {
      connectTo: world.sim.url,
      sessionFile: world.sessionFile,
      ilink: world.ilink,
      showQr: false,
    });
    writeLine(stdout, readyLine(bot));
    const console = openLineConsole(ctx.io.stdin, stdout);
    const say = (name: string, text: string): string | undefined => {
      if (name.toLowerCase() !== world.userName.toLowerCase())
        return `on iLink only ${world.userName} writes to the bot (direct messages): /sim ${world.userName}> text`;
      if (text === '') return 'usage: /sim NAME> text';
      world.user.says(text);
      return undefined;
    };
    const chat = new ChatClient(bot, console, { say }, ctx.io.cwd);
    console.print(`sandbox: /sim ${world.userName}> text  writes to the bot as ${world.userName}`);
    const stopped = new Promise<void>((resolve) => {
      if (ctx.io.signal.aborted) resolve();
      ctx.io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([console.closed, stopped]);
    await bot.stop();
    chat.dispose();
    console.close();
    writeLine(stdout, 'chat: stopped');
    return ExitCode.Ok;
  } finally {
    await world.close();
  }
}
