/**
 * `@wxbot/cli`: the `wxbot` command, and the pieces it is made of for programs that want the same
 * config file, plugin loading and logging.
 */

// Common: run the CLI, read the config.
export { main, cliVersion } from './main.js';
export type { MainIO } from './io.js';
export { ExitCode, type ExitCodeValue, EXIT_CODE_HELP, formatExitCodes } from './exit-codes.js';
export {
  loadConfig,
  parseConfig,
  CONFIG_SEARCH_PLACES,
  type LoadConfigOptions,
  type LoadedConfig,
} from './config/load-config.js';
export {
  defineConfig,
  configSchema,
  DEFAULT_CAST,
  type WxbotConfig,
  type WxbotConfigInput,
  type PluginEntry,
  type PluginEntryInput,
  type SandboxCast,
} from './config/schema.js';
export { ConfigProblemsError, formatProblem, type ConfigProblem } from './config/errors.js';
export {
  loadPlugins,
  isPluginLike,
  type PluginLike,
  type LoadedPlugin,
  type LoadPluginsContext,
} from './config/load-plugins.js';

// Advanced: logging, secrets, QR codes.
export { createLogger, LOG_LEVELS, type LogLevel, type LoggerOptions } from './logging.js';
export { REDACT_PATHS, REDACTED, SECRET_KEYS, redactOptions, redactText } from './redact.js';
export { renderQrForTerminal, saveQrPng, showLoginQr, type ShowLoginQrOptions } from './qr.js';

// Internal (for phase-two command bodies and tests).
export { validate, describeValue, formatPath, type SafeParseable } from './config/format-issues.js';
export { renderStarterConfig, DEFAULT_INIT_ANSWERS, type InitAnswers } from './commands/init-template.js';
export type { CommandContext, PreparedRun } from './commands/context.js';
export { prepareRun, type PrepareOptions } from './commands/prepare.js';
