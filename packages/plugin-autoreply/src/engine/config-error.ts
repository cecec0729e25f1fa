import { ConfigError } from '@wxbot/core';

/** One problem found in the autoreply config. */
export interface ConfigIssue {
  /** Where, e.g. `rules[3].match.regex`. */
  readonly path: string;
  /** The rule it belongs to, e.g. `rules[3] (name "weather")`, or `fallback`, or `''` at top level. */
  readonly rule: string;
  /** The full sentence: where, what was expected, what was found. */
  readonly message: string;
  /** The same path as segments (`['rules', 3, 'match', 'regex']`), without the `path` option's prefix. */
  readonly segments: readonly PropertyKey[];
  /** The sentence without the rule and the path: `expected …; got …`, `unknown field …`. */
  readonly detail: string;
}

/**
 * The autoreply rules are invalid. Thrown at load (and by reload, which then keeps the old rules).
 * `message` lists every problem, one per line; `issues` has them one by one; `path` is the first.
 *
 * @example
 * try { createAutoreply(config) } catch (e) {
 *   if (e instanceof AutoreplyConfigError) console.error(e.message); // rules[3] (name "weather") at rules[3].match.regex: expected …
 * }
 */
export class AutoreplyConfigError extends ConfigError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const first = issues[0];
    const lines = issues.map((i) => `  - ${i.message}`).join('\n');
    super(
      first?.path ?? '',
      `autoreply config is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines}`,
    );
    this.issues = issues;
  }
}
