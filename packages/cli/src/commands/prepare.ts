import type { Writable } from 'node:stream';
import { type LoadedConfig, loadConfig, parseConfig } from '../config/load-config.js';
import { loadPlugins } from '../config/load-plugins.js';
import { createLogger } from '../logging.js';
import { bundledPlugins } from '../runtime/bundled-plugins.js';
import type { CommandContext, PreparedRun } from './context.js';

/** Which config to use. */
export interface PrepareOptions {
  /** `-c FILE`: load exactly this file instead of searching. */
  configFile?: string;
  /** Import the plugins too (default true). */
  plugins?: boolean;
  /** Where console logs go. Default `stdout`; the sandbox and chat use `stderr` (stdout is the conversation). */
  logTo?: 'stdout' | 'stderr';
  /** Used instead of the defaults when no config file is found (the sandbox's demo config). */
  fallback?: { data: unknown; label: string };
  /** Also send every log record here (JSON lines), e.g. the web console's log tail. */
  logStream?: Writable;
  /** The sandbox's offline model for the LLM plugin (see `bundledPlugins`). */
  llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
}

/**
 * Loads and validates the config, imports its plugins and builds the logger: everything a
 * command needs before it creates a bot. Config problems throw `ConfigProblemsError` (exit 3).
 * The bundled plugins (`@wxbot/plugin-autoreply`, `@wxbot/plugin-logger`) come from the CLI
 * itself; the auto-reply plugin can re-read the config file on `/autoreply reload`.
 *
 * @example
 * const { loaded, plugins, logger } = await prepareRun(ctx, { configFile: options.config });
 */
export async function prepareRun(ctx: CommandContext, options: PrepareOptions = {}): Promise<PreparedRun> {
  let loaded: LoadedConfig = await loadConfig({ cwd: ctx.io.cwd, file: options.configFile });
  let usedFallback = false;
  if (loaded.filepath === undefined && options.fallback !== undefined) {
    const { data, label } = options.fallback;
    loaded = {
      config: parseConfig(data, { dir: ctx.io.cwd, label }),
      filepath: undefined,
      dir: ctx.io.cwd,
      label,
      written: data,
    };
    usedFallback = true;
  }
  const { config } = loaded;
  const plugins =
    options.plugins === false
      ? []
      : await loadPlugins(config.plugins, {
          dir: loaded.dir,
          label: loaded.label,
          bundled: bundledPlugins({
            filepath: loaded.filepath,
            dir: loaded.dir,
            optionsAt: (i) => config.plugins[i]?.options,
            ...(options.llmEndpoint !== undefined ? { llmEndpoint: options.llmEndpoint } : {}),
          }),
        });
  const { log } = config;
  const logger = createLogger({
    level: log.level,
    file: log.file,
    pretty: log.pretty,
    destination: options.logTo === 'stderr' ? ctx.io.stderr : ctx.io.stdout,
    ...(options.logStream !== undefined ? { extraStreams: [options.logStream] } : {}),
  });
  return { loaded, plugins, logger, usedFallback };
}
