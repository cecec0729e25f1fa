import { Writable } from 'node:stream';
import { scrubSecrets } from '@wxbot/core';

/** One log record as the Logs page shows it. */
export interface LogEntry {
  /** Sequence number in this process (for "newer than"). */
  readonly seq: number;
  /** pino numeric level (10 trace … 60 fatal). */
  readonly level: number;
  readonly time: number;
  /** The layer or plugin (`component`, else the logger `name`). */
  readonly source: string;
  readonly msg: string;
  /** The record's other fields, as compact JSON (already redacted by the logger), capped. */
  readonly extra: string;
}

/** Options of {@link createLogTail}. */
export interface LogTailOptions {
  /** How many records to keep for a newly opened page. Default 500. */
  readonly keep?: number;
}

/** A pino destination that keeps the last records and tells listeners about new ones. */
export interface LogTail {
  /** Give this to pino (e.g. in `pino.multistream`): it takes JSON lines. */
  readonly stream: Writable;
  /** The records kept, oldest first. */
  entries(): readonly LogEntry[];
  /** Called for every new record; returns an unsubscribe function. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
}

const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'component', 'v']);
const MAX_EXTRA = 2000;
const MAX_LINE = 64 * 1024;

/**
 * The Logs page's source: a writable stream for pino that parses each JSON line defensively
 * (a bad line is kept as text), scrubs secrets from free text once more, and keeps a ring buffer.
 *
 * @example
 * const tail = createLogTail();
 * const logger = pino({}, pino.multistream([{ stream: process.stdout }, { stream: tail.stream }]));
 */
export function createLogTail(options: LogTailOptions = {}): LogTail {
  const keep = options.keep ?? 500;
  const ring: LogEntry[] = [];
  const listeners = new Set<(entry: LogEntry) => void>();
  let seq = 0;
  let partial = '';
  const push = (line: string) => {
    if (line.trim() === '') return;
    const entry = parseLine(line.slice(0, MAX_LINE), ++seq);
    ring.push(entry);
    if (ring.length > keep) ring.shift();
    for (const listener of listeners) {
      try {
        listener(entry);
      } catch {
        // A failing page connection must not break logging.
      }
    }
  };
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = (lines.pop() ?? '').slice(0, MAX_LINE);
      for (const line of lines) push(line);
      callback();
    },
  });
  return {
    stream,
    entries: () => ring,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function parseLine(line: string, seq: number): LogEntry {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    record = parsed as Record<string, unknown>;
  } catch {
    return { seq, level: 30, time: Date.now(), source: '', msg: scrubSecrets(line), extra: '' };
  }
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!SKIP.has(key)) rest[key] = value;
  const extraText = Object.keys(rest).length > 0 ? JSON.stringify(rest) : '';
  const source =
    typeof record.component === 'string'
      ? record.component
      : typeof record.name === 'string'
        ? record.name
        : '';
  return {
    seq,
    level: typeof record.level === 'number' ? record.level : 30,
    time: typeof record.time === 'number' ? record.time : Date.now(),
    source,
    msg: scrubSecrets(typeof record.msg === 'string' ? record.msg : ''),
    extra: scrubSecrets(extraText.length > MAX_EXTRA ? `${extraText.slice(0, MAX_EXTRA)}…` : extraText),
  };
}
