import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Bot, Plugin } from '@wxbot/core';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { type LoadedPlugin, loadPlugins } from '../config/load-plugins.js';
import type { WxbotConfig } from '../config/schema.js';
import { firstLine } from '../error-message.js';
import { bundledPlugins } from './bundled-plugins.js';

/** What {@link watchConfig} started; `close()` stops watching. */
export interface ConfigWatch {
  close(): void;
  /** Resolves when the reload triggered by the latest change (if any) is done. For tests and tools. */
  settled(): Promise<void>;
  /** Re-read the file and apply it now (after writing it, e.g. from the web console); resolves when done. */
  reloadNow(): Promise<void>;
}

/** Options of {@link watchConfig}. */
export interface ConfigWatchOptions {
  /** Quiet time after the last change before reloading (editors write in several steps). Default 300 ms. */
  readonly debounceMs?: number;
}

// Sections that only a restart applies (the login, the transport, sockets and files opened at start).
const RESTART_SECTIONS = ['transport', 'login', 'outbox', 'hosts', 'health', 'log', 'sandbox'] as const;

/**
 * Watches the config file of a running bot. On a change it re-reads and re-validates the file and
 * its plugins; if anything is wrong it logs exactly what (file, path, problem) and keeps running on
 * the config it has. Otherwise it reloads only the plugins whose options changed (in place, no
 * re-login), loads added ones, unloads removed ones, and says which other sections need a restart.
 *
 * @example
 * const watcher = watchConfig(bot, { file, dir, config, plugins }, logger);
 * // … later
 * watcher.close();
 */
export function watchConfig(
  bot: Bot,
  start: {
    file: string;
    dir: string;
    config: WxbotConfig;
    plugins: readonly LoadedPlugin[];
    /** The sandbox's offline model: a reloaded LLM plugin keeps talking to it. */
    llmEndpoint?: () => Promise<{ baseURL: string; apiKey?: string }>;
  },
  log: Logger,
  options: ConfigWatchOptions = {},
): ConfigWatch {
  const debounceMs = options.debounceMs ?? 300;
  let current = { config: start.config, plugins: new Map(start.plugins.map((p) => [p.plugin.name, p])) };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const reload = async (): Promise<void> => {
    let config: WxbotConfig;
    let plugins: LoadedPlugin[];
    try {
      ({ config } = await loadConfig({ cwd: start.dir, file: start.file }));
      plugins = await loadPlugins(config.plugins, {
        dir: start.dir,
        label: basename(start.file),
        bundled: bundledPlugins({
          filepath: start.file,
          dir: start.dir,
          optionsAt: (i) => config.plugins[i]?.options,
          ...(start.llmEndpoint !== undefined ? { llmEndpoint: start.llmEndpoint } : {}),
        }),
      });
    } catch (error) {
      log.error(`config change not applied, still running the previous config:\n${messageOf(error)}`);
      return;
    }
    const next = new Map(plugins.map((p) => [p.plugin.name, p]));
    const changed: string[] = [];
    for (const [name, loaded] of next) {
      const before = current.plugins.get(name);
      const plugin = loaded.plugin as unknown as Plugin<unknown, unknown>;
      try {
        if (!before) {
          await bot.plugin(plugin, loaded.options);
          changed.push(`+${name}`);
        } else if (JSON.stringify(before.options) !== JSON.stringify(loaded.options)) {
          await bot.reload(plugin, loaded.options);
          changed.push(`~${name}`);
        }
      } catch (error) {
        log.error(
          `plugin "${name}": new options not applied, it keeps its previous ones: ${firstLine(error)}`,
        );
        if (before) next.set(name, before);
        else next.delete(name);
      }
    }
    for (const name of current.plugins.keys()) {
      if (next.has(name)) continue;
      await bot.unload(name);
      changed.push(`-${name}`);
    }
    const restart = RESTART_SECTIONS.filter(
      (key) => JSON.stringify(config[key]) !== JSON.stringify(current.config[key]),
    );
    if (restart.length > 0) {
      log.warn(
        `config: ${restart.join(', ')} changed; restart wxbot to apply (plugins reload by themselves)`,
      );
    }
    log.info(
      changed.length > 0
        ? `config reloaded: plugins ${changed.join(' ')}`
        : 'config reloaded: no plugin changed',
    );
    current = { config, plugins: next };
  };

  let watcher: FSWatcher | undefined;
  try {
    // The directory, not the file: editors that save by rename replace the file's inode.
    watcher = watch(dirname(start.file), (_event, name) => {
      if (name !== null && name !== basename(start.file)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(reload, reload);
      }, debounceMs);
    });
    watcher.unref();
  } catch (error) {
    log.warn(`cannot watch the config file for changes: ${firstLine(error)}`);
  }
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
    settled: () => running,
    reloadNow: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      running = running.then(reload, reload);
      return running;
    },
  };
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
