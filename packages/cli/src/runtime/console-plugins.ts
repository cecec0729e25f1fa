import { basename } from 'node:path';
import type { ConsolePlugin, PluginChangeResult, PluginManager } from '@wxbot/console';
import { type Bot, type Plugin, validatePluginOptions } from '@wxbot/core';
import { autoreplyConfigSchema } from '@wxbot/plugin-autoreply';
import { loadConfig } from '../config/load-config.js';
import { type LoadedPlugin, loadPlugins } from '../config/load-plugins.js';
import type { PluginEntry } from '../config/schema.js';
import { AUTOREPLY_PACKAGE, bundledPlugins } from './bundled-plugins.js';
import { editPluginEntry, isEditableConfig } from './config-edit.js';
import type { ConfigWatch } from './config-watch.js';

/** Where the plugins come from: the config file (edited, then reloaded by the watcher) or memory. */
export interface ConsolePluginsSource {
  readonly bot: Bot;
  /** The config file; undefined for a built-in config (changes apply but are not saved). */
  readonly file: string | undefined;
  readonly dir: string;
  /** The entries and plugins the bot started with. */
  readonly entries: readonly PluginEntry[];
  readonly plugins: readonly LoadedPlugin[];
  /** The config watcher once it runs (applies a saved file at once). */
  readonly watcher: () => ConfigWatch | undefined;
  /** The sandbox's offline model for the LLM plugin, kept when options are re-read. */
  readonly llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
}

const asPlugin = (p: LoadedPlugin) => p.plugin as unknown as Plugin<unknown, unknown>;

/**
 * The Plugins page's manager for `wxbot start --console`: options are validated with the plugin's
 * own schema, written into the config file's `plugins:` entry, and applied by the config watcher's
 * reload (no re-login). Without a config file (the sandbox's demo) they apply in memory only.
 */
export function consolePlugins(source: ConsolePluginsSource): PluginManager {
  const { bot } = source;
  let memory = { entries: [...source.entries], plugins: [...source.plugins] };
  const file = source.file !== undefined && isEditableConfig(source.file) ? source.file : undefined;

  const current = async () => {
    if (file === undefined) return memory;
    const { config } = await loadConfig({ cwd: source.dir, file });
    const plugins = await loadPlugins(config.plugins, {
      dir: source.dir,
      label: basename(file),
      bundled: bundledPlugins({
        filepath: file,
        dir: source.dir,
        optionsAt: (i) => config.plugins[i]?.options,
        ...(source.llmEndpoint !== undefined ? { llmEndpoint: source.llmEndpoint } : {}),
      }),
    });
    return { entries: config.plugins, plugins };
  };
  const find = async (name: string) => {
    const now = await current();
    const loaded = now.plugins.find((p) => p.plugin.name === name);
    const index = loaded?.index ?? now.entries.findIndex((e) => !e.enabled && (e.name ?? e.path) === name);
    if (index < 0) throw new Error(`no plugin "${name}" in the config`);
    return { ...now, loaded, index };
  };
  const saved = async (index: number, patch: { options: unknown } | { enabled: boolean }) => {
    await editPluginEntry(file!, index, patch);
    await source.watcher()?.reloadNow();
  };
  const where = file === undefined ? '' : basename(file);

  return {
    async list(): Promise<ConsolePlugin[]> {
      const now = await current();
      return now.entries.map((entry, index) => {
        const loaded = now.plugins.find((p) => p.index === index);
        const spec = entry.name ?? entry.path ?? '';
        return {
          name: loaded?.plugin.name ?? spec,
          source: spec,
          enabled: entry.enabled,
          options: entry.options,
          ...(loaded?.plugin.schema !== undefined ? { schema: loaded.plugin.schema } : {}),
          ...(spec === AUTOREPLY_PACKAGE ? { formSchema: autoreplyConfigSchema } : {}),
        };
      });
    },
    async setOptions(name, options): Promise<PluginChangeResult> {
      const found = await find(name);
      if (!found.loaded) throw new Error(`"${name}" is disabled: enable it first`);
      const plugin = asPlugin(found.loaded);
      const parsed = validatePluginOptions(plugin, options);
      if (file === undefined) {
        await bot.reload(plugin, parsed);
        memory = {
          entries: memory.entries.map((e, i) =>
            i === found.index ? { ...e, options: options as Record<string, unknown> } : e,
          ),
          plugins: memory.plugins.map((p) => (p.index === found.index ? { ...p, options: parsed } : p)),
        };
        return { saved: false, message: 'applied; not saved (no config file: `wxbot init` writes one)' };
      }
      await saved(found.index, { options });
      const status = bot.pluginStatus().find((s) => s.name === name);
      if (status?.error) throw new Error(`saved to ${where}, but not applied: ${status.error}`);
      return { saved: true, message: `saved to ${where} and applied` };
    },
    async setEnabled(name, enabled): Promise<PluginChangeResult> {
      const found = await find(name);
      if (file === undefined) {
        const loaded = found.loaded ?? memory.plugins.find((p) => p.index === found.index);
        if (enabled && loaded) await bot.plugin(asPlugin(loaded), loaded.options);
        if (!enabled) await bot.unload(name);
        memory = {
          ...memory,
          entries: memory.entries.map((e, i) => (i === found.index ? { ...e, enabled } : e)),
        };
        return { saved: false, message: `${enabled ? 'enabled' : 'disabled'}; not saved (no config file)` };
      }
      await saved(found.index, { enabled });
      return { saved: true, message: `${enabled ? 'enabled' : 'disabled'} and saved to ${where}` };
    },
    async reload(name): Promise<PluginChangeResult> {
      const found = await find(name);
      if (!found.loaded) throw new Error(`"${name}" is disabled: enable it first`);
      await bot.reload(asPlugin(found.loaded), found.loaded.options);
      return { saved: false, message: 'reloaded' };
    },
  };
}
