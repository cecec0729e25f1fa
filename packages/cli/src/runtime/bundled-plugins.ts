import { loadConfig } from '../config/load-config.js';
import { type BundledPlugin, pickPlugin } from '../config/load-plugins.js';

/** The package name of the bundled auto-reply plugin. */
export const AUTOREPLY_PACKAGE = '@wxbot/plugin-autoreply';
/** The package name of the bundled LLM plugin. */
export const LLM_PACKAGE = '@wxbot/plugin-llm';
/** The package name of the bundled logger plugin. */
export const LOGGER_PACKAGE = '@wxbot/plugin-logger';

/** Where the config came from, so the auto-reply plugin can re-read it on `/autoreply reload`. */
export interface BundledPluginsSource {
  /** Absolute path of the config file; `undefined` for built-in configs (reload gives the same rules). */
  filepath: string | undefined;
  /** The config's directory: relative `image`/`file` paths in replies resolve from here. */
  dir: string;
  /** The options written in the config for each plugin entry, by index (used when there is no file). */
  optionsAt: (index: number) => unknown;
  /**
   * The sandbox's offline model: when given, the LLM plugin talks to it instead of its `baseURL`
   * (started on first use, so a config without the LLM plugin starts nothing).
   */
  llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
}

/**
 * The plugins the CLI ships with, ready for `loadPlugins({ bundled })`: the auto-reply plugin gets
 * a reload loader that reads the config file again (so `/autoreply reload` picks up edited rules
 * without a restart) and the config directory as `baseDir`; the logger gets the config directory as `baseDir`.
 *
 * @example
 * const plugins = await loadPlugins(config.plugins, { dir, label, bundled: bundledPlugins({ filepath, dir, optionsAt }) });
 */
export function bundledPlugins(source: BundledPluginsSource): ReadonlyMap<string, BundledPlugin> {
  const autoreply: BundledPlugin = async ({ index }) => {
    const load = async (): Promise<unknown> => {
      if (source.filepath === undefined) return source.optionsAt(index);
      // Reload errors (bad YAML, a bad rule) reach the plugin, which keeps the old rules.
      const { config } = await loadConfig({ cwd: source.dir, file: source.filepath });
      const entry = config.plugins[index];
      if (entry?.name !== AUTOREPLY_PACKAGE) {
        const found = config.plugins.findIndex((p) => p.name === AUTOREPLY_PACKAGE);
        if (found < 0) throw new Error(`${AUTOREPLY_PACKAGE} is no longer in the config`);
        return config.plugins[found]?.options;
      }
      return entry.options;
    };
    // Imported only when a config names it: a bot without auto-reply rules does not load the matcher.
    const { createAutoreplyPlugin } = await import('@wxbot/plugin-autoreply');
    return { plugin: createAutoreplyPlugin({ load, baseDir: source.dir }), file: AUTOREPLY_PACKAGE };
  };
  const logger: BundledPlugin = async () => {
    // A variable specifier: the logger is an optional runtime dependency of this build.
    const specifier: string = LOGGER_PACKAGE;
    const mod = (await import(specifier)) as Record<string, unknown>;
    // With the factory, relative archive/destination paths resolve from the config directory.
    const plugin =
      typeof mod.createLoggerPlugin === 'function'
        ? (mod.createLoggerPlugin as (runtime: { baseDir: string }) => unknown)({ baseDir: source.dir })
        : pickPlugin(mod);
    return { plugin, file: LOGGER_PACKAGE };
  };
  const llm: BundledPlugin = async () => {
    // Imported only when the config lists it: the model SDK is not free to load.
    const { createLlmPlugin } = await import('@wxbot/plugin-llm');
    const endpoint = source.llmEndpoint === undefined ? undefined : await source.llmEndpoint();
    return { plugin: createLlmPlugin(endpoint === undefined ? {} : { endpoint }), file: LLM_PACKAGE };
  };
  return new Map([
    [AUTOREPLY_PACKAGE, autoreply],
    [LOGGER_PACKAGE, logger],
    [LLM_PACKAGE, llm],
  ]);
}
