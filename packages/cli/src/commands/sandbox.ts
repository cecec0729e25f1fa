import type { LogTail, WebConsole } from '@wxbot/console';
import type { Bot } from '@wxbot/core';
import { ChatClient } from '../chat/chat-client.js';
import type { WxbotConfig } from '../config/schema.js';
import { ExitCode } from '../exit-codes.js';
import { writeLine } from '../io.js';
import { type ConfigWatch, watchConfig } from '../runtime/config-watch.js';
import { DEMO_CONFIG, DEMO_CONFIG_LABEL } from '../runtime/demo-config.js';
import { openLineConsole } from '../runtime/line-console.js';
import { launchBot, readyLine } from '../runtime/run-bot.js';
import { isCliTransport } from '../runtime/transport-names.js';
import { useSandboxArchive } from '../sandbox/archive.js';
import { offlineModel } from '../sandbox/offline-model.js';
import { SandboxPrompt } from '../sandbox/prompt.js';
import { SANDBOX_FAST_ENV, type SandboxWorld, startSandbox } from '../sandbox/world.js';
import type { CommandContext } from './context.js';
import { prepareRun } from './prepare.js';

/** How long to wait for the bot's last replies once the input ends (normal, fast mode). */
const SETTLE = { quietMs: 400, maxMs: 15_000 } as const;
const SETTLE_FAST = { quietMs: 100, maxMs: 5_000 } as const;

/**
 * Runs the bot of the config (or the built-in demo config when there is no config file) on an
 * in-process simulated WeChat with the config's cast, logged in with no phone, and lets the user
 * talk to it: `prompt` = as the simulated friends and group members (`wxbot start --sandbox`),
 * `chat` = as the bot's account (`wxbot chat --sandbox`). Ends on `/quit`, the end of the input
 * (after the last replies, bounded) or the stop signal; returns 0.
 */
export async function runSandbox(
  options: { config?: string; transport?: string; console?: boolean },
  ctx: CommandContext,
  mode: 'prompt' | 'chat',
): Promise<number> {
  const { stdout } = ctx.io;
  // The web console (server, pages, log tail) loads only when this run serves it.
  const wantsConsole = (config: WxbotConfig) => config.console !== undefined || options.console === true;
  let logTail: LogTail | undefined;
  // The LLM plugin, if configured, answers from an offline scripted model (no network, no key).
  const offline = offlineModel();
  const run = await prepareRun(ctx, {
    configFile: options.config,
    logTo: 'stderr',
    logStream: async (config) => {
      if (!wantsConsole(config)) return undefined;
      logTail = (await import('@wxbot/console')).createLogTail();
      return logTail.stream;
    },
    fallback: { data: DEMO_CONFIG, label: DEMO_CONFIG_LABEL },
    llmEndpoint: offline.endpoint,
  }).catch(async (error: unknown) => {
    await offline.close();
    throw error;
  });
  if (run.usedFallback) {
    writeLine(
      stdout,
      'sandbox: no config file found, using the built-in demo config (auto-reply "ping" → "pong" in private, "@bot hello" in Weekend Hikers; logger). `wxbot init` writes your own.',
    );
  } else {
    writeLine(stdout, `sandbox: config ${run.loaded.label}`);
  }
  for (const dir of useSandboxArchive(run.plugins)) {
    writeLine(stdout, `sandbox: chat archive in ${dir} (the real archive is left alone)`);
  }
  const fast = ctx.env[SANDBOX_FAST_ENV] === '1';
  if (options.transport !== undefined && isCliTransport(options.transport)) {
    run.loaded.config.transport = options.transport;
  }
  const tail = logTail;
  const webConsole =
    tail !== undefined && wantsConsole(run.loaded.config)
      ? await import('../runtime/web-console.js')
      : undefined;
  const settings = webConsole?.consoleSettings(run.loaded.config, options.console === true, ctx.env);
  if (run.loaded.config.transport === 'ilink') {
    try {
      const web = settings && tail && { settings, logTail: tail, llmEndpoint: offline.endpoint };
      if (mode === 'prompt') {
        const { runIlinkSandbox } = await import('./ilink-sandbox.js');
        return await runIlinkSandbox(run, ctx, fast, web);
      }
      if (web !== undefined)
        writeLine(
          stdout,
          'sandbox: the web console is served with `wxbot start --sandbox`, not `chat` (--console ignored)',
        );
      return await (await import('./ilink-chat-sandbox.js')).runIlinkChatSandbox(run, ctx, fast);
    } finally {
      await offline.close();
    }
  }
  const world: SandboxWorld = await startSandbox(run.loaded.config.sandbox.cast, { fast }).catch(
    async (error: unknown) => {
      await offline.close();
      throw error;
    },
  );
  let web: WebConsole | undefined;
  let watcher: ConfigWatch | undefined;
  try {
    if (offline.url !== undefined) {
      writeLine(
        stdout,
        `sandbox: the LLM plugin answers from an offline scripted model at ${offline.url} (no API key, nothing leaves this machine)`,
      );
    }
    writeLine(
      stdout,
      `sandbox: simulated WeChat at ${world.sim.url}; its phone confirms the login by itself`,
    );
    const bot = await launchBot(run, ctx.io, {
      connectTo: world.sim.url,
      sessionFile: world.sessionFile,
      extra: world.botExtra,
      showQr: false,
      ...(settings !== undefined && webConsole !== undefined && tail !== undefined
        ? {
            beforeStart: async (created: Bot) => {
              const { sandboxBridge } = await import('../sandbox/console-bridge.js');
              web = await webConsole.openWebConsole(created, settings, {
                io: ctx.io,
                run,
                logTail: tail,
                file: run.usedFallback ? undefined : run.loaded.filepath,
                watcher: () => watcher,
                llmEndpoint: offline.endpoint,
                sandbox: sandboxBridge(world),
              });
            },
          }
        : {}),
    });
    writeLine(stdout, readyLine(bot));
    const file = run.usedFallback ? undefined : run.loaded.filepath;
    // As with `wxbot start`: edits to the config (by hand, or saved from the console's page) reload
    // the plugins whose options changed; trying a rule needs no restart.
    if (file !== undefined) {
      watcher = watchConfig(
        bot,
        {
          file,
          dir: run.loaded.dir,
          config: run.loaded.config,
          plugins: run.plugins,
          llmEndpoint: offline.endpoint,
        },
        run.logger,
      );
    }
    const console = openLineConsole(ctx.io.stdin, stdout);
    const settle = fast ? SETTLE_FAST : SETTLE;
    const stopped = new Promise<'signal'>((resolve) => {
      if (ctx.io.signal.aborted) resolve('signal');
      ctx.io.signal.addEventListener('abort', () => resolve('signal'), { once: true });
    });
    if (mode === 'prompt') {
      const prompt = new SandboxPrompt(world, bot, console, ctx.io.cwd);
      console.onLine((line) => prompt.handle(line));
      console.onInterrupt(() => console.close());
      console.print('Talk to the bot as a friend or a group member; /help lists the commands.');
      console.prompt();
      const why = await Promise.race([console.closed.then(() => 'input' as const), stopped]);
      if (why === 'input') {
        const { unseen, queued } = prompt.pending;
        if (unseen + queued > 0) {
          const what = [
            unseen > 0 ? `to answer ${unseen} message(s)` : '',
            queued > 0 ? `to send ${queued} queued repl(ies)` : '',
          ];
          writeLine(
            stdout,
            `sandbox: stopping; waiting for the bot ${what.filter((w) => w !== '').join(' and ')}, at most ${settle.maxMs / 1000}s (Ctrl+C to stop now)`,
          );
        }
        const settled = await prompt.settle(settle.quietMs, settle.maxMs, ctx.io.signal);
        if (!settled) writeLine(stdout, `sandbox: stopped waiting for replies after ${settle.maxMs / 1000}s`);
      }
      // Once the user asked to stop, a signal (Ctrl+C again) means "now": do not wait for the queue.
      const stopping = bot.stop().catch(() => undefined);
      if (why === 'input' && (await Promise.race([stopping, stopped])) === 'signal') {
        // The bot goes on stopping against a closed simulator: its complaints are noise now.
        run.logger.level = 'silent';
      } else await stopping;
      prompt.flushReplies();
      const unsent = prompt.pending.queued;
      prompt.dispose();
      console.close();
      const s = prompt.stats;
      writeLine(
        stdout,
        `sandbox: stopped; ${s.said} message(s) typed, the bot received ${s.received}, sent ${s.replies}, ${s.failed} failed${unsent > 0 ? `, ${unsent} not sent` : ''}`,
      );
      return ExitCode.Ok;
    }
    const chat = new ChatClient(
      bot,
      console,
      { simulator: world.sim, botNameIn: world.botNameIn },
      ctx.io.cwd,
    );
    await Promise.race([console.closed, stopped]);
    await bot.stop();
    chat.dispose();
    console.close();
    writeLine(stdout, 'chat: stopped');
    return ExitCode.Ok;
  } finally {
    watcher?.close();
    await web?.close();
    await world.close();
    await offline.close();
  }
}
