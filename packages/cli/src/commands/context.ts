import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config.js';
import type { LoadedPlugin } from '../config/load-plugins.js';
import type { ResolvedIO } from '../io.js';

/** What every command body receives from `main`. */
export interface CommandContext {
  /** Streams, working directory and the stop signal (SIGINT/SIGTERM). */
  io: ResolvedIO;
  /** The environment `main` was called with (never read `process.env` directly). */
  env: NodeJS.ProcessEnv;
}

/** Everything `start`, `chat` and `explain` need before a bot exists. */
export interface PreparedRun {
  /** The validated config and where it came from. */
  loaded: LoadedConfig;
  /** The enabled plugins, imported, with validated options, in config order. */
  plugins: LoadedPlugin[];
  /** The root logger built from `config.log` (pretty on a TTY, JSON otherwise, secrets redacted). */
  logger: Logger;
  /** True when no config file was found and the command's built-in config was used (sandbox demo). */
  usedFallback: boolean;
}
