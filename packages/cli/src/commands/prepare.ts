import { loadConfig } from '../config/load-config.js';
import { loadPlugins } from '../config/load-plugins.js';
import { createLogger } from '../logging.js';
import type { CommandContext, PreparedRun } from './context.js';

/** Which config to use. */
export interface PrepareOptions {
  /** `-c FILE`: load exactly this file instead of searching. */
  configFile?: string;
  /** Import the plugins too (default true). */
  plugins?: boolean;
}

/**
 * Loads and validates the config, imports its plugins and builds the logger: everything a
 * command needs before it creates a bot. Config problems throw `ConfigProblemsError` (exit 3).
 *
 * @example
 * const { loaded, plugins, logger } = await prepareRun(ctx, { configFile: options.config });
 */
export async function prepareRun(ctx: CommandContext, options: PrepareOptions = {}): Promise<PreparedRun> {
  const loaded = await loadConfig({ cwd: ctx.io.cwd, file: options.configFile });
  const plugins =
    options.plugins === false
      ? []
      : await loadPlugins(loaded.config.plugins, { dir: loaded.dir, label: loaded.label });
  const { log } = loaded.config;
  const logger = createLogger({
    level: log.level,
    file: log.file,
    pretty: log.pretty,
    destination: ctx.io.stdout,
  });
  return { loaded, plugins, logger };
}
