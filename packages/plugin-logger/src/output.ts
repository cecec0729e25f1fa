import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Where the message records go, once resolved. */
export interface RecordOutput {
  readonly logger: Logger;
  /** Flush what is buffered (own destinations); no-op for the bot's logger. */
  flush(): Promise<void>;
}

/** What {@link openOutput} needs. */
export interface OutputSpec {
  /** `bot`, `stdout`, `stderr` or a file path. */
  readonly destination: string;
  readonly pretty: boolean | 'auto';
  /** Level of the own logger (records are logged at this level, so none is filtered out). */
  readonly level: string;
  /** The plugin's child logger (used for `bot`). */
  readonly pluginLogger: Logger;
  /** A stream given by code (tests, embedding apps): wins over `destination`. */
  readonly stream?: DestinationStream | undefined;
  /** Directory that a relative file `destination` is resolved against. */
  readonly baseDir: string;
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

// pino-pretty is optional: the CLI has it, a library user may not. Look for it from this package,
// from the running program and from the working directory.
function findPretty(): PrettyFactory | undefined {
  const bases = [import.meta.url, process.argv[1], join(process.cwd(), 'package.json')];
  for (const base of bases) {
    if (base === undefined) continue;
    try {
      const mod = createRequire(base)('pino-pretty') as PrettyFactory | { default?: PrettyFactory };
      const factory = typeof mod === 'function' ? mod : mod.default;
      if (typeof factory === 'function') return factory;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

// No pino `redact` on the hot path: a record is built field by field from names, ids and texts
// (record.ts) and a failed send's error is scrubbed (secrets.ts), so it holds no secret by
// construction. Redaction paths cost ~40 µs per record for fields that never exist.

/**
 * Opens the logger the records are written to: a child of the plugin's logger (`bot`), or an own
 * pino on stdout/stderr (pretty on a TTY when pino-pretty is installed, JSON otherwise) or a file.
 */
export function openOutput(spec: OutputSpec): RecordOutput {
  if (spec.stream !== undefined) {
    const logger = pino({ level: spec.level, name: 'wxbot:messages' }, spec.stream);
    return { logger, flush: async () => undefined };
  }
  if (spec.destination === 'bot') {
    const logger = spec.pluginLogger;
    return { logger, flush: async () => undefined };
  }
  if (spec.destination === 'stdout' || spec.destination === 'stderr') {
    const fd = spec.destination === 'stdout' ? 1 : 2;
    const tty = (spec.destination === 'stdout' ? process.stdout : process.stderr).isTTY === true;
    const wantPretty = spec.pretty === true || (spec.pretty === 'auto' && tty);
    const pretty = wantPretty ? findPretty() : undefined;
    const stream = pretty
      ? pretty({ destination: fd, colorize: tty, sync: true, translateTime: 'SYS:HH:MM:ss' })
      : pino.destination({ fd, sync: false });
    const logger = pino({ level: spec.level, name: 'wxbot:messages' }, stream);
    return { logger, flush: () => flushLogger(logger) };
  }
  const file = isAbsolute(spec.destination) ? spec.destination : resolve(spec.baseDir, spec.destination);
  // Asynchronous writes (buffered by sonic-boom); flush() on dispose drains them.
  const stream = pino.destination({ dest: file, mkdir: true, sync: false });
  const logger = pino({ level: spec.level, name: 'wxbot:messages' }, stream);
  return { logger, flush: () => flushLogger(logger) };
}

function flushLogger(logger: Logger): Promise<void> {
  return new Promise((done) => {
    try {
      logger.flush(() => done());
    } catch {
      done();
    }
  });
}
