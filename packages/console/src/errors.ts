import { ConfigError } from '@wxbot/core';

/** Why the console refused to start. */
export type ConsoleErrorCode = 'CONSOLE_PUBLIC_WITHOUT_TOKEN' | 'CONSOLE_BAD_TOKEN' | 'CONSOLE_LISTEN_FAILED';

/**
 * The console cannot start as configured; the message says what to change. A {@link ConfigError}
 * (code `CONFIG`, `path` under `console`), so the CLI reports it as a config problem.
 *
 * @example
 * try { await startConsole(bot, { host: '0.0.0.0' }); }
 * catch (e) { if (e instanceof ConsoleError && e.reason === 'CONSOLE_PUBLIC_WITHOUT_TOKEN') … }
 */
export class ConsoleError extends ConfigError {
  /** What went wrong, as a stable code. */
  readonly reason: ConsoleErrorCode;

  constructor(reason: ConsoleErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(path, message, options);
    this.reason = reason;
  }
}
