import { readFileSync } from 'node:fs';
import {
  BotError,
  ConfigError,
  classifySessionEnd,
  LoginError,
  LoginRefusedError,
  SessionLockedError,
  StorageError,
} from '@wxbot/core';
import { Command, CommanderError, Option } from 'commander';
import type { CommandContext } from './commands/context.js';
import { ConfigProblemsError } from './config/errors.js';
import { CONFIG_SEARCH_PLACES } from './config/load-config.js';
import { ExitCode, formatExitCodes } from './exit-codes.js';
import { type MainIO, resolveIO, writeLine } from './io.js';
import { explainNetworkError } from './network-hint.js';
import { redactText } from './redact.js';

// Each command's module (and what it needs: QR rendering, prompts, the simulator, config loading)
// is imported only when that command runs, so `wxbot start` does not pay for `init` or `--sandbox`.

/** The CLI's version, read from its package.json at run time (the same file in src and dist). */
export function cliVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

const CONFIG_HELP = `
Config: -c FILE, or the first file found from the current directory up to the
project root among: ${CONFIG_SEARCH_PLACES.slice(0, 6).join(', ')},
  ${CONFIG_SEARCH_PLACES.slice(6, -1).join(', ')}, package.json ("wxbot" key).
No config: every default applies. \`wxbot init\` writes a commented one.
`;

const configOption = () => new Option('-c, --config <file>', 'use exactly this config file (no search)');

/** Maps anything a command throws to an exit code, printing what happened and what to do. */
function report(err: unknown, ctx: CommandContext): number {
  const { stderr } = ctx.io;
  if (err instanceof ConfigProblemsError) {
    for (const line of err.lines) writeLine(stderr, line);
    writeLine(stderr, err.hint);
    return ExitCode.Config;
  }
  const raw = (err as { message?: unknown } | null)?.message;
  const message = redactText(typeof raw === 'string' ? raw : String(err));
  if (err instanceof ConfigError) {
    writeLine(stderr, `wxbot: config error: ${message}`);
    return ExitCode.Config;
  }
  // A plugin refused its options at setup (e.g. a reply image that does not exist): a config error.
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (err instanceof BotError && err.code === 'PLUGIN_SETUP' && cause instanceof ConfigError) {
    writeLine(stderr, `wxbot: config error in plugin "${err.plugin ?? '?'}": ${redactText(cause.message)}`);
    return ExitCode.Config;
  }
  const network = explainNetworkError(err);
  if (network !== undefined) {
    writeLine(stderr, `wxbot: ${network[0]}`);
    for (const line of network.slice(1)) writeLine(stderr, line);
    return err instanceof LoginError ? ExitCode.Login : ExitCode.Failure;
  }
  if (err instanceof LoginError) {
    writeLine(stderr, `wxbot: login failed: ${message}`);
    if (err instanceof LoginRefusedError)
      writeLine(stderr, `wxbot: ${classifySessionEnd({ code: err.ret, loginRefused: true }).message}`);
    return ExitCode.Login;
  }
  if (err instanceof SessionLockedError) {
    writeLine(stderr, `wxbot: ${message}`);
    return ExitCode.SessionInUse;
  }
  if (err instanceof StorageError) {
    writeLine(stderr, `wxbot: ${message}`);
    return ExitCode.Storage;
  }
  const name = err instanceof Error ? err.name : '';
  // @inquirer/prompts throws ExitPromptError on Ctrl+C and AbortPromptError when our signal aborts.
  if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'AbortError') {
    writeLine(stderr, 'wxbot: interrupted');
    return ExitCode.Interrupted;
  }
  writeLine(stderr, `wxbot: ${message}`);
  return ExitCode.Failure;
}

function buildProgram(ctx: CommandContext, setResult: (run: () => Promise<number>) => void): Command {
  const { stdout, stderr } = ctx.io;
  const program = new Command('wxbot')
    .description(
      'Run WeChat bots from a config file, try them on a simulated WeChat, chat from the terminal.',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
      outputError: (s, write) => write(s),
    });
  program.addHelpText(
    'after',
    `${examples(
      'wxbot init                 # write a commented wxbot.config.yaml',
      'wxbot start --sandbox      # try it on a simulated WeChat, no phone needed',
      'wxbot start                # run it for real: scan the QR code with your phone',
      'wxbot start -c prod.yaml   # use another config file',
    )}${CONFIG_HELP}\n${formatExitCodes()}\n`,
  );

  program
    .command('start')
    .description('start the bot from the config (logs in by QR or resumes the saved session)')
    .addOption(configOption())
    .option(
      '--sandbox',
      "run on an in-process simulated WeChat with the config's sandbox cast, and chat with the bot from this terminal",
    )
    .option('--transport <name>', "the transport to use instead of the config's `transport:` (web, ilink)")
    .option(
      '--console',
      'serve the web console on 127.0.0.1 (QR login, status, chats, plugins, logs); prints its address with the access token',
    )
    .addHelpText(
      'after',
      `${examples('wxbot start --sandbox', 'wxbot start --sandbox --console', 'wxbot start --sandbox --transport web', 'wxbot start', 'wxbot start --console', 'wxbot start -c bots/shop.yaml')}
Ctrl+C or SIGTERM: sends what is queued, saves the session and exits 0.\n`,
    )
    .action((opts: { config?: string; sandbox?: boolean; transport?: string; console?: boolean }) =>
      setResult(async () =>
        (await import('./commands/start.js')).startCommand(
          {
            config: opts.config,
            sandbox: opts.sandbox === true,
            console: opts.console === true,
            ...(opts.transport !== undefined ? { transport: opts.transport } : {}),
          },
          ctx,
        ),
      ),
    );

  program
    .command('init')
    .description('write a commented starter wxbot.config.yaml (asks 3 questions)')
    .option('-y, --yes', 'do not ask; use the defaults')
    .option('--dir <dir>', 'write the file into this directory', '.')
    .option('--force', 'replace an existing wxbot.config.yaml')
    .addHelpText('after', examples('wxbot init', 'wxbot init --yes --dir my-bot', 'wxbot init --yes --force'))
    .action((opts: { yes?: boolean; dir: string; force?: boolean }) =>
      setResult(async () =>
        (await import('./commands/init.js')).initCommand(
          { yes: opts.yes === true, dir: opts.dir, force: opts.force === true },
          ctx,
        ),
      ),
    );

  program
    .command('login')
    .description('resume the saved session, or log in (phone confirmation or QR code); save it and exit')
    .addOption(configOption())
    .addHelpText(
      'after',
      `${examples('wxbot login', 'wxbot login -c prod.yaml')}\nOn a server without a screen set login.qrPngFile and open the PNG elsewhere (it is deleted once logged in).\n`,
    )
    .action((opts: { config?: string }) =>
      setResult(async () => (await import('./commands/login.js')).loginCommand(opts, ctx)),
    );

  program
    .command('logout')
    .description('log out on the server and delete the saved session (never shows a QR code)')
    .addOption(configOption())
    .addHelpText('after', examples('wxbot logout'))
    .action((opts: { config?: string }) =>
      setResult(async () => (await import('./commands/logout.js')).logoutCommand(opts, ctx)),
    );

  program
    .command('status')
    .description(
      'show the config, the saved session, its last sync and what is left to handle or send (never contacts WeChat)',
    )
    .addOption(configOption())
    .option('--json', 'print one JSON object')
    .addHelpText('after', examples('wxbot status', 'wxbot status --json | jq .sessionSaved'))
    .action((opts: { config?: string; json?: boolean }) =>
      setResult(async () =>
        (await import('./commands/status.js')).statusCommand(
          { config: opts.config, json: opts.json === true },
          ctx,
        ),
      ),
    );

  program
    .command('chat')
    .description('a terminal WeChat: list chats, open one, read and send, while the plugins keep running')
    .addOption(configOption())
    .option('--sandbox', 'chat on an in-process simulated WeChat')
    .option('--transport <name>', "the transport to use instead of the config's `transport:` (web, ilink)")
    .addHelpText(
      'after',
      `${examples('wxbot chat', 'wxbot chat --sandbox', 'wxbot chat --sandbox --transport ilink')}
On iLink (direct messages only) you can write to people who wrote to the bot in the last 24 h, at most
10 messages per turn; /window shows what is left, and a refused send says why.\n`,
    )
    .action((opts: { config?: string; sandbox?: boolean; transport?: string }) =>
      setResult(async () =>
        (await import('./commands/chat.js')).chatCommand(
          {
            config: opts.config,
            sandbox: opts.sandbox === true,
            ...(opts.transport !== undefined ? { transport: opts.transport } : {}),
          },
          ctx,
        ),
      ),
    );

  program
    .command('explain')
    .description('show which auto-reply rule would answer a message, and why the others would not')
    .argument('<text>', 'the message text')
    .addOption(configOption())
    .option('--group <name>', 'as if sent in this group')
    .option('--from <name>', 'as if sent by this contact')
    .option('--transport <name>', "explain for this transport instead of the config's (web, ilink)")
    .addHelpText(
      'after',
      examples(
        'wxbot explain "ping"',
        'wxbot explain "@wxbot hello" --group "Weekend Hikers" --from Alice',
        'wxbot explain "ping" --transport ilink',
      ),
    )
    .action((text: string, opts: { config?: string; group?: string; from?: string; transport?: string }) =>
      setResult(async () => (await import('./commands/explain.js')).explainCommand(text, opts, ctx)),
    );

  return program;
}

/**
 * Runs the `wxbot` command line and resolves to the exit code; it never calls `process.exit`,
 * so tests call it directly with captured streams.
 *
 * @param argv the arguments after the program name, e.g. `['start', '--sandbox']`
 * @param env the environment (never read from `process.env` inside)
 * @param io streams, working directory and stop signal; defaults to the current process
 * @example
 * const stdout = new PassThrough();
 * const code = await main(['status', '--json'], {}, { stdout, cwd: '/srv/bot' });
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, io?: MainIO): Promise<number> {
  const ctx: CommandContext = { io: resolveIO(io), env };
  let run: (() => Promise<number>) | undefined;
  const program = buildProgram(ctx, (r) => {
    run = r;
  });
  try {
    // Commander only parses and picks the command; the body runs below, outside its error handling.
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Ok;
      return ExitCode.Usage;
    }
    return report(err, ctx);
  }
  if (run === undefined) {
    program.outputHelp({ error: true });
    return ExitCode.Usage;
  }
  try {
    return await run();
  } catch (err) {
    return report(err, ctx);
  }
}
