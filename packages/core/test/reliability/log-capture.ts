import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** A pino logger at `level` whose JSON lines are kept in `lines` (parsed) and `text` (raw). */
export function captureLogger(level = 'info'): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  text: () => string;
} {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString('utf8');
      raw.push(text);
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not JSON: kept in raw only
        }
      }
      done();
    },
  });
  return { logger: pino({ level }, stream), lines, text: () => raw.join('') };
}

/** Log lines whose message contains `text`. */
export function linesWith(
  lines: ReadonlyArray<Record<string, unknown>>,
  text: string,
): Array<Record<string, unknown>> {
  return lines.filter((l) => typeof l.msg === 'string' && l.msg.includes(text));
}
