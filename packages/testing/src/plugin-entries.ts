import type { Adapter, Bot, Plugin } from '@wxbot/core';

/**
 * A plugin to load, with its options: `plugin` or `[plugin, options]`. Any plugin fits, with or
 * without a schema; the options are validated against the plugin's schema when it loads.
 */
export type PluginEntry = Plugin<unknown, unknown> | readonly [Plugin<unknown, unknown>, unknown];

function isPluginWithOptions(entry: PluginEntry): entry is readonly [Plugin<unknown, unknown>, unknown] {
  return Array.isArray(entry);
}

/** Load the kit's plugins in order, whatever the transport (a plugin's schema error rejects). */
export async function loadPlugins<A extends Adapter>(
  bot: Bot<A>,
  entries: readonly PluginEntry[] | undefined,
): Promise<void> {
  for (const entry of entries ?? []) {
    if (isPluginWithOptions(entry)) await bot.plugin(entry[0], entry[1]);
    else await bot.plugin(entry);
  }
}
