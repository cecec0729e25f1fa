/**
 * `@wxbot/cli`: the `wxbot` command, and the pieces it is made of for programs that want the same
 * config file, plugin loading and logging.
 */

export type { CommandContext, PreparedRun } from './commands/context.js';
export { DEFAULT_INIT_ANSWERS, type InitAnswers, renderStarterConfig } from './commands/init-template.js';
export { type PrepareOptions, prepareRun } from './commands/prepare.js';
export type { StatusReport } from './commands/status.js';
export { type ConfigProblem, ConfigProblemsError, formatProblem } from './config/errors.js';
// Internal (for phase-two command bodies and tests).
export { describeValue, formatPath, type SafeParseable, validate } from './config/format-issues.js';
export {
  CONFIG_SEARCH_PLACES,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  parseConfig,
} from './config/load-config.js';
export {
  type BundledPlugin,
  isPluginLike,
  type LoadedPlugin,
  type LoadPluginsContext,
  loadPlugins,
  type PluginLike,
  pickPlugin,
} from './config/load-plugins.js';
export {
  configSchema,
  DEFAULT_CAST,
  defineConfig,
  type PluginEntry,
  type PluginEntryInput,
  type SandboxCast,
  type WxbotConfig,
  type WxbotConfigInput,
} from './config/schema.js';
export { EXIT_CODE_HELP, ExitCode, type ExitCodeValue, formatExitCodes } from './exit-codes.js';
export type { MainIO } from './io.js';
// Advanced: logging, secrets, QR codes.
export { createLogger, LOG_LEVELS, type LoggerOptions, type LogLevel } from './logging.js';
// Common: run the CLI, read the config.
export { cliVersion, main } from './main.js';
export { renderQrForTerminal, type ShowLoginQrOptions, saveQrPng, showLoginQr } from './qr.js';
export { REDACT_PATHS, REDACTED, redactOptions, redactText, SECRET_KEYS } from './redact.js';
export {
  type BotOptionOverrides,
  botOptionsFromConfig,
  pacingFromConfig,
} from './runtime/bot-options.js';
export { AUTOREPLY_PACKAGE, bundledPlugins, LOGGER_PACKAGE } from './runtime/bundled-plugins.js';
export { DEMO_CONFIG } from './runtime/demo-config.js';
export {
  InterruptedError,
  type LaunchOptions,
  launchBot,
  readyLine,
  untilStopped,
} from './runtime/run-bot.js';
export { SANDBOX_FAST_ENV, type SandboxWorld, simulatorCast, startSandbox } from './sandbox/world.js';
