import { spawnSync } from 'node:child_process';
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where in `file` an error was thrown or a syntax error was found, as `file:line[:column]`
 * (relative to `dir` when inside it), read from the error's stack; undefined when the stack does
 * not point into that file.
 *
 * @example
 * locateIn(err, '/srv/bot/plugin.mjs', '/srv/bot'); // 'plugin.mjs:4:9'
 */
export function locateIn(err: unknown, file: string, dir: string): string | undefined {
  const stack = (err as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return undefined;
  const names = [pathToFileURL(file).href, file].map(escape).join('|');
  const m = new RegExp(`(?:${names}):(\\d+)(?::(\\d+))?`).exec(stack);
  if (m === null) return undefined;
  const rel = relative(dir, file);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  return `${shown}:${m[1]}${m[2] !== undefined ? `:${m[2]}` : ''}`;
}

/**
 * Where a JavaScript file's syntax error is, as `file:line` (relative to `dir` when inside it):
 * Node's ESM loader does not put it in the error, so `node --check` is asked. Only called after an
 * import already failed with a SyntaxError.
 */
export function locateSyntaxError(file: string, dir: string): string | undefined {
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const m = new RegExp(`^(?:${escapeRegex(pathToFileURL(file).href)}|${escapeRegex(file)}):(\\d+)`, 'm').exec(
    checked.stderr ?? '',
  );
  if (m === null) return undefined;
  const rel = relative(dir, file);
  return `${rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file}:${m[1]}`;
}
