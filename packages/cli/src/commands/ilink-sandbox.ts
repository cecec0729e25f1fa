import type { Bot } from '@wxbot/core';
import type { IlinkSentMessage } from '@wxbot/simulator';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { openLineConsole } from '../runtime/line-console.js';
import { launchBot, readyLine } from '../runtime/run-bot.js';
import { ilinkSandboxConsole } from '../sandbox/ilink-console.js';
import { startIlinkSandbox } from '../sandbox/ilink-world.js';
import type { CommandContext, PreparedRun } from './context.js';

/** How long to wait for the bot's last replies once the input ends (normal, fast mode). */
const SETTLE = { quietMs: 400, maxMs: 15_000 } as const;
const SETTLE_FAST = { quietMs: 100, maxMs: 5_000 } as const;

const HELP = [
  'Type a line to send it to the bot as the user; the bot answers in direct messages only (iLink).',
  '/quit ends the sandbox.',
].join('\n');

function describe(m: IlinkSentMessage): string {
  if (m.text !== undefined) return m.text;
  return `[${m.kind}${m.media !== undefined ? `, ${m.media.bytes.length} bytes` : ''}]`;
}

/**
 * `wxbot start --sandbox --transport ilink`: the config's bot on an in-process iLink simulator
 * whose scripted user confirms the QR by itself; every line typed is a message from that user, and
 * the bot's replies are printed (`bot → Alice: pong`), refused ones with the simulator's reason.
 * Ends on `/quit`, the end of the input (after the last replies, bounded) or the stop signal.
 */
export async function runIlinkSandbox(
  run: PreparedRun,
  ctx: CommandContext,
  fast: boolean,
  webParts?: Parameters<typeof ilinkSandboxConsole>[3],
): Promise<number> {
  const { stdout } = ctx.io;
  const world = await startIlinkSandbox(run.loaded.config.sandbox.cast, { fast });
  const web = webParts && ilinkSandboxConsole(run, ctx, world, webParts);
  let bot: Bot | undefined;
  try {
    writeLine(
      stdout,
      `sandbox: simulated iLink server at ${world.sim.url}; ${world.userName} confirms the QR code by themself`,
    );
    bot = await launchBot(run, ctx.io, {
      connectTo: world.sim.url,
      sessionFile: world.sessionFile,
      ilink: world.ilink,
      showQr: false,
      ...web?.launch,
    });
    writeLine(stdout, readyLine(bot));
    web?.running(bot);
    const console = openLineConsole(ctx.io.stdin, stdout);
    console.setPrompt(`${world.userName.toLowerCase()}> `);
    let typed = 0;
    let shown = 0;
    let lastReplyAt = Date.now();
    const showReplies = () => {
      // Everything sent to the user, refused sends too (with the server's reason).
      const all = world.sim.sendLog.filter((m) => m.toUserId === world.user.userId);
      for (; shown < all.length; shown++) {
        const m = all[shown];
        if (m === undefined) continue;
        lastReplyAt = Date.now();
        console.print(
          m.outcome === 'delivered'
            ? `bot → ${world.userName}: ${describe(m)}`
            : `bot → ${world.userName} (refused by the server: ${m.reason ?? m.outcome}): ${describe(m)}`,
        );
      }
    };
    const ticker = setInterval(showReplies, fast ? 20 : 100);
    console.onLine((line) => {
      const text = line.trim();
      if (text === '') return;
      if (text === '/quit') return console.close();
      if (text === '/help') return console.print(HELP);
      typed++;
      console.print(`${world.userName}> ${text}`);
      world.user.says(text);
    });
    console.onInterrupt(() => console.close());
    console.print(HELP);
    console.prompt();
    const stopped = new Promise<'signal'>((resolve) => {
      if (ctx.io.signal.aborted) resolve('signal');
      ctx.io.signal.addEventListener('abort', () => resolve('signal'), { once: true });
    });
    const why = await Promise.race([console.closed.then(() => 'input' as const), stopped]);
    if (why === 'input') {
      // Done when the bot has taken every typed message and has been quiet for a while, bounded.
      const settle = fast ? SETTLE_FAST : SETTLE;
      const until = Date.now() + settle.maxMs;
      const received = () => bot?.adapter.inboundStats.received ?? 0;
      while (Date.now() < until && !ctx.io.signal.aborted) {
        showReplies();
        const idle = bot.adapter.inboundStats.unhandled === 0 && received() >= typed;
        if (idle && Date.now() - lastReplyAt >= settle.quietMs) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    clearInterval(ticker);
    await bot.stop();
    showReplies();
    console.close();
    const replies = world.sim.sendLog.filter((m) => m.toUserId === world.user.userId);
    const failed = replies.filter((m) => m.outcome !== 'delivered').length;
    writeLine(
      stdout,
      `sandbox: stopped; ${typed} message(s) typed, the bot received ${bot.adapter.inboundStats.received}, sent ${replies.length - failed}, ${failed} refused`,
    );
    return ExitCode.Ok;
  } finally {
    await bot?.stop().catch(() => undefined);
    await web?.close();
    await world.close();
  }
}
