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
  /** Print a line above the prompt. */
  print(text: string): void;
  /** Change the prompt text (`alice> `). */
  setPrompt(prompt: string): void;
  /** Show the prompt (terminal only). */
  prompt(): void;
  /** Called for every line typed; handled one at a time, in order. */
  onLine(handler: (line: string) => Promise<void> | void): void;
  /** Resolves when input ends (Ctrl+D, end of the piped input, `close()`), after the last line was handled. */
  readonly closed: Promise<void>;
  /** Called on Ctrl+C at the prompt (raw mode catches it; the process gets no SIGINT). */
  onInterrupt(handler: () => void): void;
  close(): void;
}

/** Opens a {@link LineConsole} on the given streams. */
export function openLineConsole(input: Readable, output: Writable): LineConsole {
  const interactive = isTTY(input) && isTTY(output);
  const rl: Interface = createInterface({ input, output, terminal: interactive, historySize: 200 });
  let handler: (line: string) => Promise<void> | void = () => undefined;
  let interrupt: () => void = () => rl.close();
  let queue: Promise<void> = Promise.resolve();
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      try {
        await handler(line);
      } catch (err) {
        output.write(`error: ${(err as Error).message}\n`);
      }
    });
  });
  rl.on('close', () => {
    void queue.then(() => resolveClosed());
  });
  rl.on('SIGINT', () => interrupt());
  return {
    interactive,
    print(text) {
      if (!interactive) {
        output.write(`${text}\n`);
        return;
      }
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${text}\n`);
      rl.prompt(true);
    },
    setPrompt: (p) => rl.setPrompt(p),
    prompt() {
      if (interactive) rl.prompt(true);
    },
    onLine(h) {
      handler = h;
    },
    closed,
    onInterrupt(h) {
      interrupt = h;
    },
    close: () => rl.close(),
  };
}
