import type { Readable, Writable } from 'node:stream';

/**
 * Where a `wxbot` command reads and writes, and the process facts it would otherwise take from
 * globals. Everything is optional; {@link resolveIO} fills in the real process.
 *
 * @example
 * const out = new PassThrough();
 * await main(['status'], {}, { stdout: out, cwd: '/srv/bot' });
 */
export interface MainIO {
  /** Normal output (help, results). Default `process.stdout`. */
  stdout?: Writable;
  /** Errors and diagnostics. Default `process.stderr`. */
  stderr?: Writable;
  /** Input for prompts and the terminal chat. Default `process.stdin`. */
  stdin?: Readable;
  /** The working directory configs are searched from. Default `process.cwd()`. */
  cwd?: string;
  /** Aborted on SIGINT/SIGTERM (bin.ts wires this); long-running commands stop cleanly on it. */
  signal?: AbortSignal;
}

/** {@link MainIO} with every field filled in. */
export interface ResolvedIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  cwd: string;
  signal: AbortSignal;
}

/** Fills the blanks of `io` from the current process. */
export function resolveIO(io: MainIO = {}): ResolvedIO {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal ?? new AbortController().signal,
  };
}

/** True when the stream is an interactive terminal (pretty logs, QR in the terminal, prompts). */
export function isTTY(stream: Readable | Writable): boolean {
  return (stream as { isTTY?: unknown }).isTTY === true;
}

/** Writes `text` plus a newline. */
export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
