import { basename, dirname, join } from 'node:path';
import type { LoadedPlugin } from '../config/load-plugins.js';
import { LOGGER_PACKAGE } from '../runtime/bundled-plugins.js';

/**
 * The sandbox's chat archive beside the real one: `.wxbot/archive` becomes
 * `.wxbot/archive-sandbox`, so simulated chats never mix with real ones.
 */
export function sandboxArchiveDir(dir: string): string {
  return join(dirname(dir), `${basename(dir)}-sandbox`);
}

/**
 * Points the logger plugin's archive (when the config has one) at {@link sandboxArchiveDir}, in
 * place, before the plugins are set up. Returns the directories now used, for the banner.
 */
export function useSandboxArchive(plugins: LoadedPlugin[]): string[] {
  const used: string[] = [];
  for (const loaded of plugins) {
    if (loaded.specifier !== LOGGER_PACKAGE) continue;
    const options = loaded.options as { archive?: { dir?: unknown } } | undefined;
    const archive = options?.archive;
    if (archive === undefined || typeof archive.dir !== 'string') continue;
    const dir = sandboxArchiveDir(archive.dir);
    loaded.options = { ...options, archive: { ...archive, dir } };
    used.push(dir);
  }
  return used;
}
