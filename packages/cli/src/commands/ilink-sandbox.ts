import { basename } from 'node:path';
import type { Bot } from '@wxbot/core';
import type { IlinkSentMessage, IlinkUserMessageSpec } from '@wxbot/simulator';
import { windowLine } from '../chat/chat-client.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { openLineConsole } from '../runtime/line-console.js';
import { launchBot, readyLine } from '../runtime/run-bot.js';
import type { ilinkSandboxConsole } from '../sandbox/ilink-console.js';
import { startIlinkSandbox } from '../sandbox/ilink-world.js';
import { mediaSpec } from '../sandbox/media.js';
import type { CommandContext, PreparedRun } from './context.js';

/** How long to wait for the bot's last replies once the input ends (normal, fast mode). */
const SETTLE = { quietMs: 400, maxMs: 15_000 } as const;
const SETTLE_FAST = { quietMs: 100, maxMs: 5_000 } as const;

const HELP = [
  'Type a line to send it to the bot as the user; the bot answers in direct messages only (iLink).',
  '/image PATH, /file PATH send a local file as the user (encrypted on the simulated CDN, like WeChat).',
  '/quit ends the sandbox.',
].join('\n');

/** `/image PATH` or `/file PATH` at the iLink sandbox prompt: the user sends the file (one turn). */
async function sendMedia(
  world: { user: { send(spec: IlinkUserMessageSpec): unknown }; userName: string },
  kind: 'image' | 'file',
  path: string,
  cwd: string,
): Promise<string> {
  if (path === '') return `? usage: /${kind} PATH`;
  try {
    const spec = await mediaSpec(kind, path, cwd);
    const data = spec.data ?? new Uint8Array();
    world.user.send(
      spec.kind === 'image' ? { kind: 'image', data } : { kind: 'file', data, fileName: spec.name },
    );
    const name = spec.kind === 'file' ? spec.name : basename(path);
    return `${world.userName} sent ${kind === 'image' ? 'an image' : 'a file'}: ${name} (${data.length} bytes)`;
  } catch (err) {
    return `? ${(err as Error).message}`;
  }
}

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
  // The web console loads only when this run serves it.
  const web =
    webParts && (await import('../sandbox/ilink-console.js')).ilinkSandboxConsole(run, ctx, world, webParts);
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
    // Replies the bot kept back (the turn's quota used, the window closed) never reach the server:
    // say so here, with the window, instead of leaving the user waiting.
    let keptBack = 0;
    const running = bot;
    running.events.on('failed', (e) => {
      keptBack++;
      console.print(`bot ✗ ${world.userName}: not sent: ${e.error.message}`);
      const window = windowLine(running, e.message.to);
      if (window !== undefined) console.print(`  ${window}`);
    });
    console.onLine(async (line) => {
      const text = line.trim();
      if (text === '') return;
      if (text === '/quit') return console.close();
      if (text === '/help') return console.print(HELP);
      const media = /^\/(image|file)(?:\s+(.*))?$/.exec(text);
      if (media) {
        const said = await sendMedia(world, media[1] as 'image' | 'file', media[2]?.trim() ?? '', ctx.io.cwd);
        if (!said.startsWith('?')) typed++;
        return console.print(said);
      }
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
      `sandbox: stopped; ${typed} message(s) typed, the bot received ${bot.adapter.inboundStats.received}, sent ${replies.length - failed}, ${failed} refused${keptBack > 0 ? `, ${keptBack} kept back` : ''}`,
    );
    return ExitCode.Ok;
  } finally {
    await bot?.stop().catch(() => undefined);
    await web?.close();
    await world.close();
  }
}
