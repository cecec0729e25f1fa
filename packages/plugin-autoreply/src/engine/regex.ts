import { RE2JS, RE2Set } from 're2js';

/**
 * A successful regex match: index 0 is the whole match, 1…n the groups (undefined when a group
 * did not take part), `groups` the named ones. The shape of `RegExpExecArray`, so templates read
 * `{1}` and `{name}` the same way.
 */
export type RegexMatch = readonly (string | undefined)[] & {
  readonly groups?: Readonly<Record<string, string | undefined>>;
};

/**
 * A rule regex on a linear-time engine (RE2, through `re2js`): matching time grows with the text,
 * never exponentially, so a pattern such as `^(a+)+$` cannot freeze the bot.
 */
export interface SafeRegex {
  /** The pattern (without flags). */
  readonly source: string;
  /** `i`, `m`, `s` as given (`u` is implied: RE2 is Unicode-aware). */
  readonly flags: string;
  /**
   * True when every match must start at the beginning of the text (the pattern begins with `^`
   * or `\A` outside multiline mode, as RE2's compiled program says): searching from position 0
   * only finds exactly what a search of the whole text would.
   */
  readonly anchoredAtStart: boolean;
  exec(text: string): RegexMatch | null;
  test(text: string): boolean;
}

// RE2's start condition: the empty-width assertions every match starts with (-1: never matches).
const BEGIN_TEXT = 4;

function startsAtBeginning(compiled: RE2JS): boolean {
  const cond: unknown = compiled.re2().cond;
  return typeof cond === 'number' && cond > 0 && (cond & BEGIN_TEXT) !== 0;
}

/** A rule's regular expression, compiled, with what templates may refer to. */
export interface CompiledRegex {
  readonly re: SafeRegex;
  /** As written in the config. */
  readonly written: string;
  /** Number of capture groups (`{1}` … `{n}` are valid). */
  readonly groupCount: number;
  /** Names of named groups (`{name}` is valid). */
  readonly groupNames: readonly string[];
}

const LITERAL = /^\/(.+)\/([a-z]*)$/s;
const ALLOWED_FLAGS = /^[imsu]*$/;

function flagBits(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

/** Says in plain words which JavaScript regex features RE2 does not have. */
function explain(source: string, message: string): string {
  if (/\\[1-9]|\\k</.test(source))
    return 'back-references (\\1, \\k<name>) are not supported: rule regexes run on a linear-time engine';
  if (/\(\?<?[=!]/.test(source))
    return 'look-ahead and look-behind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: rule regexes run on a linear-time engine';
  return message.replace(/^error parsing regexp: /, '');
}

/**
 * Compiles a pattern with flags into a {@link SafeRegex}. Throws an `Error` naming what is
 * unsupported (back-references, look-arounds) or wrong.
 */
export function safeRegex(source: string, flags: string): SafeRegex {
  return compileSafe(source, flags).re;
}

// One RE2 compilation gives the matcher and what templates may refer to.
function compileSafe(source: string, flags: string): Omit<CompiledRegex, 'written'> {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, flagBits(flags));
  } catch (e) {
    throw new Error(explain(source, (e as Error).message));
  }
  const names = Object.entries(compiled.namedGroups());
  const count = compiled.groupCount();
  const exec = (text: string): RegexMatch | null => {
    // A yes/no answer is several times cheaper than a search with groups: most texts say no.
    if (!compiled.test(text)) return null;
    const m = compiled.matcher(text);
    if (!m.find()) return null;
    const out: (string | undefined)[] = [];
    for (let i = 0; i <= count; i++) out.push(m.group(i) ?? undefined);
    if (names.length === 0) return out;
    const groups: Record<string, string | undefined> = {};
    for (const [name, index] of names) groups[name] = out[index];
    return Object.assign(out, { groups });
  };
  const re: SafeRegex = {
    source,
    flags,
    anchoredAtStart: startsAtBeginning(compiled),
    exec,
    test: (text) => compiled.test(text),
  };
  return { re, groupCount: count, groupNames: names.map(([name]) => name) };
}

/**
 * Several regexes with the same flags, matched in one linear-time pass (RE2's multi-pattern
 * DFA): which of them would `test` true on a text.
 */
export interface SafeRegexSet {
  /** Positions (in the list given) of the regexes that match somewhere in `text`, ascending. */
  matching(text: string): readonly number[];
}

/**
 * Compiles `sources` (all with `flags`) into one {@link SafeRegexSet}. With `anchoredAtStart`
 * (only for regexes whose {@link SafeRegex.anchoredAtStart} is true) the set stops as soon as no
 * member can match any more instead of reading the whole text. Returns undefined when RE2
 * refuses the combination (e.g. too large); callers then test the regexes one by one.
 */
export function safeRegexSet(
  sources: readonly string[],
  flags: string,
  anchoredAtStart: boolean,
): SafeRegexSet | undefined {
  try {
    const set = new RE2Set(anchoredAtStart ? RE2Set.ANCHOR_START : RE2Set.UNANCHORED, flagBits(flags));
    for (const source of sources) set.add(source);
    set.compile();
    return { matching: (text) => set.match(text) };
  } catch {
    return undefined;
  }
}

/**
 * Compiles a regex written in YAML/JSON: either a bare pattern (`"^天气\\s*(.+)$"`, made
 * case-insensitive when `ignoreCase`), or a literal `"/pattern/flags"` whose flags are used as
 * written. Flags `g` and `y` are refused (they make matching stateful). Patterns run on RE2
 * (linear time): back-references and look-arounds are refused with a clear message.
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
  return { ...compileSafe(source, flags), written };
}
