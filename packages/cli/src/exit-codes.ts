/**
 * What `wxbot` exit codes mean. Scripts and service managers (systemd `RestartPreventExitStatus=`)
 * can rely on them: a config error (3) or a refused login (4) will not fix itself by restarting.
 *
 * @example
 * import { ExitCode } from '@wxbot/cli';
 * if (code === ExitCode.Config) console.error('fix wxbot.config.yaml first');
 */
export const ExitCode = {
  /** Everything went fine (also: the bot was stopped cleanly with Ctrl+C or SIGTERM). */
  Ok: 0,
  /** Something failed while running (network down for good, a crash, a command not available). */
  Failure: 1,
  /** The command line was wrong: unknown command or option, missing argument. */
  Usage: 2,
  /** The config file is missing, unreadable or invalid, or a plugin it lists cannot be loaded. */
  Config: 3,
  /** Login was refused by WeChat (e.g. ret=1203) or failed (QR expired too often, cancelled). */
  Login: 4,
  /** Another wxbot process runs on the same session file (the message names its pid). */
  SessionInUse: 5,
  /** The session folder cannot be written (read-only, full, no permission): fix it, then start. */
  Storage: 6,
  /** Interrupted (Ctrl+C) before the bot was running, e.g. during a prompt or the QR login. */
  Interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for `--help`. */
export const EXIT_CODE_HELP: readonly (readonly [ExitCodeValue, string])[] = [
  [ExitCode.Ok, 'ok (also after a clean stop with Ctrl+C or SIGTERM)'],
  [ExitCode.Failure, 'runtime failure'],
  [ExitCode.Usage, 'usage error (unknown command or option, missing argument)'],
  [ExitCode.Config, 'config error (invalid config file, plugin not found or not a plugin)'],
  [ExitCode.Login, 'login refused or failed'],
  [ExitCode.SessionInUse, 'another wxbot runs on this session file'],
  [ExitCode.Storage, 'the session folder cannot be written'],
  [ExitCode.Interrupted, 'interrupted before the bot was running'],
];

/** The exit-code table as it appears at the end of `wxbot --help`. */
export function formatExitCodes(): string {
  return [
    'Exit codes:',
    ...EXIT_CODE_HELP.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`),
  ].join('\n');
}
