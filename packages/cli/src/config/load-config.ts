import { access } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { firstLine } from '../error-message.js';
import { ConfigProblemsError } from './errors.js';
import { validate } from './format-issues.js';
import { loadScriptConfig, parseJson, parseYaml } from './parse-file.js';
import { configSchema, type PluginEntry, type WxbotConfig } from './schema.js';

/** Where `wxbot` looks for a config, in this order, in the working directory and up to the project root. */
export const CONFIG_SEARCH_PLACES = [
  'wxbot.config.ts',
  'wxbot.config.mjs',
  'wxbot.config.js',
  'wxbot.config.json',
  'wxbot.config.yaml',
  'wxbot.config.yml',
  '.wxbotrc',
  '.wxbotrc.json',
  '.wxbotrc.yaml',
  '.wxbotrc.yml',
  '.wxbotrc.js',
  '.wxbotrc.mjs',
  'package.json',
] as const;

/** How {@link loadConfig} finds the config. */
export interface LoadConfigOptions {
  /** Directory to search from (and to show file names relative to). */
  cwd: string;
  /** Load exactly this file (`-c FILE`), relative to `cwd`; no search. */
  file?: string;
}

/** A validated config and where it came from. */
export interface LoadedConfig {
  config: WxbotConfig;
  /** Absolute path of the config file; `undefined` when none was found (all defaults). */
  filepath: string | undefined;
  /** Directory relative paths in the config are resolved from (the file's, or `cwd`). */
  dir: string;
  /** The file name as shown in messages (relative to `cwd` when inside it). */
  label: string;
  /** The config as written, before defaults (to tell keys the user wrote from defaults). */
  written?: unknown;
}

/** How a file name is shown in messages: relative to `cwd` when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? rel : file;
}

/** True when a plugin string names a file rather than a package. */
export function isPathSpecifier(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || /^[A-Za-z]:[\\/]/.test(spec);
}

function loaders(cwd: string): Record<string, Loader> {
  const yaml: Loader = (file, contents) => parseYaml(displayPath(cwd, file), contents);
  const json: Loader = (file, contents) => parseJson(displayPath(cwd, file), contents);
  const script: Loader = (file) => loadScriptConfig(displayPath(cwd, file), file);
  return {
    '.yaml': yaml,
    '.yml': yaml,
    noExt: yaml,
    default: yaml,
    '.json': json,
    '.js': script,
    '.mjs': script,
    '.cjs': script,
    '.ts': script,
    '.mts': script,
    '.cts': script,
  };
}

/**
 * Finds, parses and validates the `wxbot` config. With `file`, loads exactly that file; otherwise
 * searches {@link CONFIG_SEARCH_PLACES} from `cwd` up to the project root (the first directory
 * with a package.json). No config found is not an error: every default applies.
 *
 * @throws {ConfigProblemsError} with every problem at once (syntax, wrong values, unknown keys).
 * @example
 * const { config, label } = await loadConfig({ cwd: process.cwd(), file: 'bots/prod.yaml' });
 * console.log(`${label}: logging at ${config.log.level}`);
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const { cwd } = options;
  const explorer = cosmiconfig('wxbot', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    loaders: loaders(cwd),
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
  let found: { config: unknown; filepath: string } | null;
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    try {
      await access(file);
    } catch {
      throw new ConfigProblemsError(displayPath(cwd, file), [{ path: '', message: 'no such file' }], {
        hint: 'hint: check the -c path, or run `wxbot init` to write a starter wxbot.config.yaml.',
      });
    }
    found = await explore(cwd, () => explorer.load(file));
  } else {
    found = await explore(cwd, () => explorer.search(cwd));
  }
  if (found === null) {
    return { config: finish(parseOrThrow(cwd, {}), cwd), filepath: undefined, dir: cwd, label: '(defaults)' };
  }
  const label = displayPath(cwd, found.filepath);
  const dir = dirname(found.filepath);
  return {
    config: finish(parseOrThrow(label, found.config ?? {}), dir),
    filepath: found.filepath,
    dir,
    label,
    written: found.config ?? {},
  };
}

/** Turns cosmiconfig's own failures (unreadable file, bad `$import`) into config problems. */
async function explore<T>(cwd: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConfigProblemsError) throw err;
    const file = (err as { filepath?: unknown }).filepath;
    const label = typeof file === 'string' ? displayPath(cwd, file) : 'config';
    const message = firstLine(err);
    throw new ConfigProblemsError(label, [{ path: '', message: `could not be read: ${message}` }], {
      cause: err,
    });
  }
}

type ParsedConfig = ReturnType<typeof configSchema.parse>;

function parseOrThrow(label: string, data: unknown): ParsedConfig {
  const result = validate(configSchema, data);
  if (!result.ok) throw new ConfigProblemsError(label, result.problems);
  return result.value as ParsedConfig;
}

/** Normalizes plugin entries and makes file paths absolute (relative to `dir`). */
function finish(parsed: ParsedConfig, dir: string): WxbotConfig {
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(dir, p));
  const plugins: PluginEntry[] = parsed.plugins.map((entry) =>
    typeof entry === 'string'
      ? isPathSpecifier(entry)
        ? { name: undefined, path: entry, options: {}, enabled: true }
        : { name: entry, path: undefined, options: {}, enabled: true }
      : { name: entry.name, path: entry.path, options: entry.options ?? {}, enabled: entry.enabled },
  );
  return {
    transport: parsed.transport,
    login: {
      mode: parsed.login.mode,
      sessionFile: resolve(dir, parsed.login.sessionFile),
      autoRelogin: parsed.login.autoRelogin,
      reloginCooldownSeconds: parsed.login.reloginCooldownSeconds,
      maxQrAttempts: parsed.login.maxQrAttempts,
      qrPngFile: abs(parsed.login.qrPngFile),
    },
    plugins,
    log: { level: parsed.log.level, file: abs(parsed.log.file), pretty: parsed.log.pretty },
    outbox: {
      pacing: parsed.outbox.pacing,
      globalPerMinute: parsed.outbox.globalPerMinute,
      perChatPerMinute: parsed.outbox.perChatPerMinute,
      typingCharsPerSecond: parsed.outbox.typingCharsPerSecond,
      unsafeRates: parsed.outbox.unsafeRates,
      dailyBudget: parsed.outbox.dailyBudget,
      queueUntilNextTurn: parsed.outbox.queueUntilNextTurn,
    },
    replyLoop: {
      enabled: parsed.replyLoop.enabled,
      fastReplySeconds: parsed.replyLoop.fastReplySeconds,
      strikes: parsed.replyLoop.strikes,
      pauseMinutes: parsed.replyLoop.pauseMinutes,
    },
    sandbox: { cast: parsed.sandbox.cast },
    hosts: { connectTo: parsed.hosts.connectTo },
    health: { port: parsed.health.port, host: parsed.health.host },
    ilink: {
      baseUrl: parsed.ilink.baseUrl,
      replyWindowHours: parsed.ilink.replyWindowHours,
      quotaPerTurn: parsed.ilink.quotaPerTurn,
    },
    limits: { ...parsed.limits },
    console:
      parsed.console === undefined
        ? undefined
        : { port: parsed.console.port, host: parsed.console.host, token: parsed.console.token },
  };
}

/**
 * Validates an already-loaded config object (e.g. built in code) exactly like a config file.
 *
 * @example
 * const config = parseConfig({ login: { mode: 'web' } }, { dir: process.cwd() });
 */
export function parseConfig(data: unknown, options: { dir: string; label?: string }): WxbotConfig {
  return finish(parseOrThrow(options.label ?? 'config', data), options.dir);
}
