import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isTTY } from '../io.js';

/**
 * A line editor on `node:readline` that can print while the user types: on a terminal, output
 * appears above the prompt and the half-typed line is redrawn; otherwise (pipes, tests) lines are
 * read one by one and printed plainly.
 */
export interface LineConsole {
  /** True when input and output are a terminal (prompt, line editing, history). */
  readonly interactive: boolean;
  /** Print a line above the prompt (after `close()`, just the line). */
  print(text: string): void;
  /** Change the prompt text (`alice> `). */
  setPrompt(prompt: string): void;
  /** Show the prompt (terminal only). */
  prompt(): void;
  /** Called for every line typed; handled one at a time, in order; the prompt returns after each. */
  onLine(handler: (line: string) => Promise<void> | void): void;
  /** Resolves when input ends (Ctrl+D, end of the piped input, `close()`), after the last line was handled. */
  readonly closed: Promise<void>;
  /** True once input has ended or `close()` was called. */
  readonly isClosed: boolean;
  /** Called on Ctrl+C at the prompt (raw mode catches it; the process gets no SIGINT). */
  onInterrupt(handler: () => void): void;
  /** Stops reading: the terminal leaves raw mode and stdin no longer keeps the process alive. */
  close(): void;
}

/** Opens a {@link LineConsole} on the given streams. */
export function openLineConsole(input: Readable, output: Writable): LineConsole {
  const interactive = isTTY(input) && isTTY(output);
  const rl: Interface = createInterface({ input, output, terminal: interactive, historySize: 200 });
  let handler: (line: string) => Promise<void> | void = () => undefined;
  let interrupt: () => void = () => rl.close();
  let queue: Promise<void> = Promise.resolve();
  let isClosed = false;
  // Set by close() (`/quit`, Ctrl+C): lines typed after it are dropped. Lines piped before the end
  // of the input are still handled.
  let stopped = false;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  // readline's prompt() resumes its input: after close it must never run, or stdin keeps the process alive.
  const showPrompt = () => {
    if (interactive && !isClosed) rl.prompt(true);
  };
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (stopped) return;
      try {
        await handler(line);
      } catch (err) {
        output.write(`error: ${(err as Error).message}\n`);
      }
      // Also after a line that printed nothing (no reply yet): the prompt always comes back.
      showPrompt();
    });
  });
  rl.on('close', () => {
    isClosed = true;
    input.pause();
    void queue.then(() => resolveClosed());
  });
  rl.on('SIGINT', () => interrupt());
  // After Ctrl+Z and `fg`, readline pauses its input and leaves resuming to us; without this,
  // Ctrl+C, Ctrl+D and typed lines would all be ignored.
  rl.on('SIGCONT', () => {
    if (isClosed) return;
    rl.resume();
    showPrompt();
  });
  return {
    interactive,
    print(text) {
      if (!interactive || isClosed) {
        output.write(`${text}\n`);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      rl.prompt(true);
    },
    setPrompt: (p) => rl.setPrompt(p),
    prompt: showPrompt,
    onLine(h) {
      handler = h;
    },
    closed,
    get isClosed() {
      return isClosed;
    },
    onInterrupt(h) {
      interrupt = h;
    },
    close: () => {
      stopped = true;
      if (!isClosed) rl.close();
    },
  };
}
