/** A rule's regular expression, compiled, with what templates may refer to. */
export interface CompiledRegex {
  readonly re: RegExp;
  /** As written in the config. */
  readonly written: string;
  /** Number of capture groups (`{1}` … `{n}` are valid). */
  readonly groupCount: number;
  /** Names of named groups (`{name}` is valid). */
  readonly groupNames: readonly string[];
}

const LITERAL = /^\/(.+)\/([a-z]*)$/s;
const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * Compiles a regex written in YAML/JSON: either a bare pattern (`"^天气\\s*(.+)$"`, made
 * case-insensitive when `ignoreCase`), or a literal `"/pattern/flags"` whose flags are used as
 * written. Flags `g` and `y` are refused (they make matching stateful).
 * Throws an `Error` whose message says what is wrong.
 */
export function compileRegex(written: string, ignoreCase: boolean): CompiledRegex {
  let source = written;
  let flags = ignoreCase ? 'i' : '';
  const lit = LITERAL.exec(written);
  if (lit !== null) {
    source = lit[1] ?? '';
    flags = lit[2] ?? '';
    if (!ALLOWED_FLAGS.test(flags))
      throw new Error(`only the flags i, m, s and u are allowed (found "${flags}")`);
  }
  if (source === '') throw new Error('the pattern is empty');
  const re = new RegExp(source, flags);
  // An alternative that always matches the empty string reveals every group without running the pattern.
  const probe = new RegExp(`(?:${source})|`, flags).exec('');
  const groupCount = probe === null ? 0 : probe.length - 1;
  const groupNames = probe?.groups === undefined ? [] : Object.keys(probe.groups);
  return { re, written, groupCount, groupNames };
}
