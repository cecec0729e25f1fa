import { basename, dirname, extname, join } from 'node:path';
import type { WxbotConfig } from '../config/schema.js';

// Transport names and session paths only: the config schema and light commands import this
// without loading the transports themselves (`./transports.js`).

/**
 * The transports the CLI can run (`transport:` in the config, `--transport`). The core knows only
 * Web WeChat by name; the CLI adds iLink from `@wxbot/ilink`.
 */
export const CLI_TRANSPORTS = ['web', 'ilink'] as const;

/** A transport name of {@link CLI_TRANSPORTS}. */
export type CliTransport = (typeof CLI_TRANSPORTS)[number];

/** True when `name` is a transport the CLI can run. */
export function isCliTransport(name: unknown): name is CliTransport {
  return typeof name === 'string' && (CLI_TRANSPORTS as readonly string[]).includes(name);
}

/**
 * Where the iLink session lives: beside the configured (Web) session file, so switching transports
 * never overwrites the other's login. `.wxbot/session.json` → `.wxbot/session.ilink.json`.
 *
 * @example
 * ilinkSessionFile('/bot/.wxbot/session.json'); // '/bot/.wxbot/session.ilink.json'
 */
export function ilinkSessionFile(sessionFile: string): string {
  const ext = extname(sessionFile);
  return join(dirname(sessionFile), `${basename(sessionFile, ext)}.ilink${ext === '' ? '.json' : ext}`);
}

/** The session file the config's transport uses (with the sandbox's override applied). */
export function sessionFileFor(config: WxbotConfig, override?: string): string {
  const file = override ?? config.login.sessionFile;
  return config.transport === 'ilink' ? ilinkSessionFile(file) : file;
}
