import { ConfigError } from '@wxbot/core';
import type { ConfigProblem } from './format-issues.js';

export type { ConfigProblem } from './format-issues.js';

/** The hint printed under config problems when the caller has no better one. */
export const DEFAULT_CONFIG_HINT =
  'hint: fix the lines above and run the command again; `wxbot init --dir /tmp/wxbot-example` writes a commented example to compare with.';

/**
 * Everything wrong with a config file at once: one {@link ConfigProblem} per wrong value, unknown
 * key or unloadable plugin. `message` is the printable text: one `file: path: problem` line each.
 *
 * @example
 * try { await loadConfig({ cwd }); } catch (err) {
 *   if (err instanceof ConfigProblemsError) for (const line of err.lines) console.error(line);
 * }
 */
export class ConfigProblemsError extends ConfigError {
  /** The config file as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  readonly problems: readonly ConfigProblem[];
  /** What to do next, printed after the problems. */
  readonly hint: string;

  constructor(
    file: string,
    problems: readonly ConfigProblem[],
    options?: { hint?: string; cause?: unknown },
  ) {
    const lines = problems.map((p) => formatProblem(file, p));
    super(problems[0]?.path ?? '', lines.join('\n'), { cause: options?.cause });
    this.file = file;
    this.problems = problems;
    this.hint = options?.hint ?? DEFAULT_CONFIG_HINT;
  }

  /** One line per problem, e.g. `wxbot.config.yaml: log.level: expected one of ..., got "loud"`. */
  get lines(): string[] {
    return this.problems.map((p) => formatProblem(this.file, p));
  }
}

/**
 * `file: path: message`; `file: message` when the problem is about the whole file;
 * `file:line:column: message` when the problem has a position (syntax errors).
 */
export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === ''
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}
