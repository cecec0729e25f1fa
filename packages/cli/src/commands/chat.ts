import { ChatClient } from '../chat/chat-client.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { reloginRefusal } from '../runtime/ending-gate.js';
import { openLineConsole } from '../runtime/line-console.js';
import { launchBot, readyLine, untilStopped } from '../runtime/run-bot.js';
import { CLI_TRANSPORTS, isCliTransport, sessionFileFor } from '../runtime/transport-names.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';
import { runSandbox } from './sandbox.js';

/** Options of `wxbot chat`. */
export interface ChatOptions {
  config?: string;
  /** Chat as the sandbox account on an in-process simulator. */
  sandbox: boolean;
  /** `--transport NAME`: use this transport instead of the config's `transport:`. */
  transport?: string;
}

/**
 * `wxbot chat`: a terminal WeChat for the logged-in account (list chats, open one, read, send
 * text and files) while the plugins keep running. Logs go to stderr, the chat to stdout. Ends on
 * `/quit`, Ctrl+D or SIGINT/SIGTERM: the queue is sent and the session saved (exit 0).
 */
export async function chatCommand(options: ChatOptions, ctx: CommandContext): Promise<number> {
  if (options.transport !== undefined && !isCliTransport(options.transport)) {
    writeLine(
      ctx.io.stderr,
      `wxbot: unknown transport "${options.transport}" (--transport): expected one of ${CLI_TRANSPORTS.join(', ')}`,
    );
    return ExitCode.Usage;
  }
  if (options.sandbox) return runSandbox(options, ctx, 'chat');
  const run = await prepareRun(ctx, { configFile: options.config, logTo: 'stderr' });
  if (options.transport !== undefined && isCliTransport(options.transport)) {
    run.loaded.config.transport = options.transport;
  }
  const refusal = await reloginRefusal(run.loaded.config, sessionFileFor(run.loaded.config));
  if (refusal !== undefined) {
    writeLine(ctx.io.stderr, `wxbot chat: ${refusal}`);
    return ExitCode.Login;
  }
  const bot = await launchBot(run, ctx.io);
  writeLine(ctx.io.stdout, readyLine(bot));
  const console = openLineConsole(ctx.io.stdin, ctx.io.stdout);
  const chat = new ChatClient(bot, console, undefined, ctx.io.cwd);
  const ended = await Promise.race([
    console.closed.then(() => ({ why: 'input' as const })),
    untilStopped(bot, ctx.io.signal),
  ]);
  await bot.stop();
  chat.dispose();
  console.close();
  if (ended.why === 'logout') {
    writeLine(ctx.io.stderr, `wxbot chat: the session ended (${ended.reason})`);
    return ExitCode.Failure;
  }
  writeLine(ctx.io.stdout, 'chat: stopped; session saved');
  return ExitCode.Ok;
}
