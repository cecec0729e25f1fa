import type { Logger } from 'pino';
import type { ChatLog } from './chat-log.js';
import type { PluginManager, SandboxBridge } from './host.js';
import type { LogTail } from './log-tail.js';
import type { LoginState } from './login-state.js';

/** Options of {@link startConsole}. */
export interface ConsoleOptions {
  /** Port (0 = any free port; read it back from `console.port`). Default 0. */
  readonly port?: number;
  /** Address to bind. Default `127.0.0.1`. A non-loopback address needs an explicit `token`. */
  readonly host?: string;
  /**
   * The access token (at least 16 characters). Default: a random one, in `console.url` (print it
   * once). Required for a non-loopback `host`.
   */
  readonly token?: string;
  /** Where the Logs page reads from (give `logTail.stream` to the bot's pino logger). */
  readonly logTail?: LogTail;
  /** Plugin management for the Plugins page (the CLI's saves to the config file). */
  readonly plugins?: PluginManager;
  /** The sandbox's simulated people for the Sandbox page. */
  readonly sandbox?: SandboxBridge;
  /** Use this login tracker (e.g. one already given to the adapter as its verify-code prompt). */
  readonly login?: LoginState;
  /** Use this chat log (e.g. one created before `bot.start()` so no message is missed). */
  readonly chats?: ChatLog;
  /** Where the console logs its own problems. */
  readonly logger?: Logger;
  /** The bot's clock when it is not the system's (tests): decides whether a reply window is open. */
  readonly now?: () => number;
  /** How often the Status page is pushed while open (ms). Default 2000. */
  readonly statusEveryMs?: number;
}
