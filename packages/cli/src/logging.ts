import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { SAFE_LOG_FORMATTERS } from '@wxbot/core';
import pino, { type Logger, type StreamEntry } from 'pino';
import { redactOptions } from './redact.js';

export { REDACT_PATHS, REDACTED, redactOptions, redactText, SECRET_KEYS } from './redact.js';

/** pino log levels accepted in the config (`log.level`). */
/** pino-pretty, loaded only for a terminal (JSON logs, the default off a TTY, never need it). */
function loadPinoPretty(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the CLI logger is built; mirrors the config's `log` section. */
export interface LoggerOptions {
  /** Minimum level. Default `info`. */
  level?: LogLevel;
  /** Also append JSON lines to this file (absolute path; parent directories are created). */
  file?: string;
  /** `auto` (default): pretty when `destination` is a TTY, JSON otherwise. */
  pretty?: 'auto' | boolean;
  /** Where console logs go. Default `process.stdout`. */
  destination?: Writable;
  /** Logger name, shown in every record. Default `wxbot`. */
  name?: string;
  /** More JSON-lines destinations (e.g. the web console's log tail). */
  extraStreams?: readonly Writable[];
}

/**
 * Creates the root pino logger of a `wxbot` process: pretty on a TTY, JSON otherwise, optionally
 * also to a file (always JSON there), with session secrets redacted. Layers and plugins take
 * children of it (`logger.child({ component: 'wxbot:sync' })`).
 *
 * @example
 * const logger = createLogger({ level: 'debug', file: '/var/log/wxbot.jsonl' });
 * logger.info({ chat: 'Hikers' }, 'reply sent');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const pretty =
    options.pretty === undefined || options.pretty === 'auto'
      ? (destination as { isTTY?: unknown }).isTTY === true
      : options.pretty;
  const level = options.level ?? 'info';
  const consoleStream: Writable = pretty
    ? loadPinoPretty()({
        destination,
        colorize: (destination as { isTTY?: unknown }).isTTY === true,
        sync: true,
      })
    : destination;
  // pino's own `level` filters; the streams take whatever it emits.
  const streams: StreamEntry[] = [{ stream: consoleStream, level: 'trace' }];
  if (options.file !== undefined) {
    mkdirSync(dirname(options.file), { recursive: true });
    // Log lines carry chat text: owner-only, also when the file already existed with wider bits.
    closeSync(openSync(options.file, 'a', 0o600));
    chmodSync(options.file, 0o600);
    streams.push({
      stream: pino.destination({ dest: options.file, sync: false, mkdir: true, mode: 0o600 }),
      level: 'trace',
    });
  }
  for (const stream of options.extraStreams ?? []) streams.push({ stream, level: 'trace' });
  return pino(
    { name: options.name ?? 'wxbot', level, redact: redactOptions, formatters: SAFE_LOG_FORMATTERS },
    streams.length === 1 ? consoleStream : pino.multistream(streams),
  );
}
