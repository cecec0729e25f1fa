import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLine } from '../error-message.js';
import { locateIn, locateSyntaxError } from './error-location.js';
import { ConfigProblemsError } from './errors.js';
import { type ConfigProblem, describeValue, isSafeParseable, validate } from './format-issues.js';
import { importFile } from './import-module.js';
import type { PluginEntry } from './schema.js';

/**
 * What the CLI accepts as a plugin: an object with a `name` and a `setup` function, and optionally
 * an options `schema` (zod). Duck-typed, so any `definePlugin(...)` result fits.
 */
export interface PluginLike {
  name: string;
  setup: (...args: never[]) => unknown;
  schema?: unknown;
}

/** A plugin loaded from a config entry, with its options validated by its own schema. */
export interface LoadedPlugin {
  plugin: PluginLike;
  /** The options to call `setup` with (parsed by `plugin.schema` when it has one). */
  options: unknown;
  /** Index of the entry in the config's `plugins` list. */
  index: number;
  /** The entry as written: a package name or a path. */
  specifier: string;
  /** Absolute path of the file that was imported. */
  file: string;
}

/** Where the plugins' config came from, for resolving and for messages. */
export interface LoadPluginsContext {
  /** Directory of the config file: package names and relative paths resolve from here. */
  dir: string;
  /** The config file as shown in messages. */
  label: string;
  /**
   * Plugins the CLI ships with, by package name: used instead of resolving the package, so the
   * CLI can give them runtime hooks (e.g. the auto-reply reload loader).
   */
  bundled?: ReadonlyMap<string, BundledPlugin>;
}

/** Makes a bundled plugin for the config entry at `index`; the import may fail (a config problem). */
export type BundledPlugin = (entry: { index: number }) => Promise<{ plugin: unknown; file: string }>;

const FILE_SUFFIXES = ['', '.ts', '.mts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js', '/index.mjs'];

/** True when `value` looks like a plugin object. */
export function isPluginLike(value: unknown): value is PluginLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    (value as { name: string }).name !== '' &&
    typeof (value as { setup?: unknown }).setup === 'function'
  );
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

type Resolution = { ok: true; file: string } | { ok: false; tried: string[] };

async function resolvePath(dir: string, spec: string): Promise<Resolution> {
  const base = resolve(dir, spec);
  const tried = FILE_SUFFIXES.map((suffix) => base + suffix);
  for (const file of tried) if (await isFile(file)) return { ok: true, file };
  return { ok: false, tried };
}

function resolvePackageFrom(fromDir: string, name: string): Resolution {
  const require = createRequire(join(fromDir, 'noop.js'));
  try {
    return { ok: true, file: require.resolve(name) };
  } catch {
    return { ok: false, tried: (require.resolve.paths(name) ?? []).map((p) => join(p, name)) };
  }
}

// The CLI's own dependencies (the bundled plugins) are found even when the bot's project lacks them.
const CLI_DIR = fileURLToPath(new URL('.', import.meta.url));

function resolvePackage(dir: string, name: string): Resolution {
  const local = resolvePackageFrom(dir, name);
  if (local.ok) return local;
  const bundled = resolvePackageFrom(CLI_DIR, name);
  if (bundled.ok) return bundled;
  return { ok: false, tried: [...new Set([...local.tried, ...bundled.tried])] };
}

function describeExports(mod: Record<string, unknown>): string {
  const names = Object.keys(mod);
  if (names.length === 0) return 'no exports';
  return `exports ${names.map((n) => `${n} (${describeValue(mod[n])})`).join(', ')}`;
}

/** Checks the name is unique and validates the options; records problems and returns undefined on failure. */
function checkOptions(
  plugin: PluginLike,
  entry: PluginEntry,
  where: string,
  byName: Map<string, number>,
  problems: ConfigProblem[],
  index: number,
): { options: unknown } | undefined {
  const first = byName.get(plugin.name);
  if (first !== undefined) {
    problems.push({
      path: where,
      message: `duplicate plugin name "${plugin.name}" (plugins[${first}] has it too); remove one or set enabled: false`,
    });
    return undefined;
  }
  byName.set(plugin.name, index);
  if (!isSafeParseable(plugin.schema)) return { options: entry.options };
  const checked = validate(plugin.schema, entry.options, `${where}.options`);
  if (!checked.ok) {
    problems.push(...checked.problems);
    return undefined;
  }
  return { options: checked.value };
}

/** The plugin a module exports: its default export, or an export named `plugin`. */
export function pickPlugin(mod: Record<string, unknown>): PluginLike | undefined {
  const candidates = [mod.default, mod.plugin, (mod.default as { default?: unknown } | undefined)?.default];
  return candidates.find(isPluginLike);
}

/**
 * Imports the plugins a config lists, in order, skipping entries with `enabled: false`. Each entry
 * is a package name (resolved from the config's directory, then from the CLI's own dependencies)
 * or a path relative to the config file. A module's default export (or its export named `plugin`)
 * must be a plugin object; its options are validated with its `schema` when it has one.
 *
 * @throws {ConfigProblemsError} listing every plugin that is not found, not a plugin, has bad
 *   options, or repeats another's name.
 * @example
 * const { config, dir, label } = await loadConfig({ cwd });
 * for (const { plugin, options } of await loadPlugins(config.plugins, { dir, label })) bot.use(plugin, options);
 */
export async function loadPlugins(
  entries: readonly PluginEntry[],
  ctx: LoadPluginsContext,
): Promise<LoadedPlugin[]> {
  const problems: ConfigProblem[] = [];
  let notFound = false;
  let loadFailed = false;
  const loaded: LoadedPlugin[] = [];
  const byName = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    if (!entry.enabled) continue;
    const where = `plugins[${index}]`;
    const specifier = entry.path ?? entry.name ?? '';
    const bundled = entry.name !== undefined ? ctx.bundled?.get(entry.name) : undefined;
    if (bundled !== undefined) {
      try {
        const made = await bundled({ index });
        if (isPluginLike(made.plugin)) {
          const checked = checkOptions(made.plugin, entry, where, byName, problems, index);
          if (checked !== undefined)
            loaded.push({ plugin: made.plugin, options: checked.options, index, specifier, file: made.file });
          continue;
        }
        problems.push({ path: where, message: `bundled "${specifier}" is not a plugin in this build` });
      } catch (err) {
        problems.push({
          path: where,
          message: `plugin "${specifier}" could not be imported: ${firstLine(err)}`,
        });
      }
      continue;
    }
    const resolution =
      entry.path !== undefined ? await resolvePath(ctx.dir, entry.path) : resolvePackage(ctx.dir, specifier);
    if (!resolution.ok) {
      const kind = entry.path !== undefined ? 'file' : 'package';
      const fix =
        kind === 'package'
          ? `install it (npm i ${specifier}) or fix the name`
          : 'fix the path (it is relative to the config file)';
      notFound = true;
      problems.push({
        path: where,
        message: `plugin ${kind} "${specifier}" not found; tried ${resolution.tried.join(', ')}; ${fix}`,
      });
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importFile(resolution.file);
    } catch (err) {
      const reason = firstLine(err);
      const syntax =
        err instanceof SyntaxError ||
        (err as { name?: unknown }).name === 'SyntaxError' ||
        reason.startsWith('ParseError');
      const at =
        locateIn(err, resolution.file, ctx.dir) ??
        (syntax && !/\.[cm]?ts$/.test(resolution.file)
          ? locateSyntaxError(resolution.file, ctx.dir)
          : undefined);
      const what = syntax ? 'has a syntax error' : 'threw while loading';
      problems.push({
        path: where,
        message:
          at === undefined
            ? `plugin "${specifier}" could not be imported: ${reason}`
            : `plugin "${specifier}" ${what} at ${at}: ${reason}`,
      });
      loadFailed = true;
      continue;
    }
    const plugin = pickPlugin(mod);
    if (plugin === undefined) {
      problems.push({
        path: where,
        message: `"${specifier}" is not a plugin: expected its default export (or an export named "plugin") to be an object { name, setup }, found ${describeExports(mod)}`,
      });
      continue;
    }
    const checked = checkOptions(plugin, entry, where, byName, problems, index);
    if (checked !== undefined)
      loaded.push({ plugin, options: checked.options, index, specifier, file: resolution.file });
  }
  if (problems.length > 0) {
    // The path hint helps with "not found"; for a plugin that failed in its own code, the fix is there.
    const hint = notFound
      ? `hint: plugin paths are relative to ${ctx.dir}; packages are looked up from there too.`
      : loadFailed
        ? 'hint: fix the plugin at the file and line above, then run the command again.'
        : undefined;
    throw new ConfigProblemsError(ctx.label, problems, hint === undefined ? {} : { hint });
  }
  return loaded;
}
