import { suggest } from './suggest.js';

/** One thing wrong with a config, with where it is. */
export interface ConfigProblem {
  /** Dotted path inside the config, e.g. `plugins[1].options.rules[0].match`; '' for the whole file. */
  path: string;
  /** What is wrong: what was expected and what was found. */
  message: string;
  /** 1-based line in the file, for syntax errors. */
  line?: number;
  /** 1-based column in the file, for syntax errors. */
  column?: number;
}

/** A zod-4-like issue, duck-typed so plugin schemas from another zod copy work too. */
interface IssueLike {
  code?: string;
  path?: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/** The minimal shape of a schema we can validate with (zod 4). */
export interface SafeParseable {
  safeParse(
    data: unknown,
    params?: { error?: (issue: RawIssue) => string | undefined },
  ): { success: true; data: unknown } | { success: false; error: { issues: readonly IssueLike[] } };
}

interface RawIssue {
  code?: string;
  input?: unknown;
  expected?: string;
  values?: readonly unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  inst?: unknown;
  errors?: readonly (readonly RawIssue[])[];
}

/** True when `value` has a `safeParse` method (a zod schema or lookalike). */
export function isSafeParseable(value: unknown): value is SafeParseable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** `plugins[1].options.rules[0].match` from `['plugins', 1, 'options', 'rules', 0, 'match']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Joins a prefix path and a sub path: `plugins[1].options` + `rules[0]`. */
export function joinPath(prefix: string, sub: string): string {
  if (prefix === '') return sub;
  if (sub === '') return prefix;
  return sub.startsWith('[') ? `${prefix}${sub}` : `${prefix}.${sub}`;
}

/** A short human description of a found value: `42`, `"loud"`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object (key: value)',
  record: 'an object (key: value)',
  array: 'a list',
  function: 'a function',
  null: 'null',
};

function describeExpected(expected: string | undefined): string {
  return expected === undefined ? 'another value' : (EXPECTED[expected] ?? expected);
}

function sizeBound(iss: RawIssue, tooSmall: boolean): string {
  const bound = String(tooSmall ? iss.minimum : iss.maximum);
  const cmp = tooSmall ? (iss.inclusive === false ? '>' : '>=') : iss.inclusive === false ? '<' : '<=';
  switch (iss.origin) {
    case 'string':
      return tooSmall
        ? bound === '1'
          ? 'a non-empty string'
          : `at least ${bound} characters`
        : `at most ${bound} characters`;
    case 'array':
      return tooSmall ? `at least ${bound} item${bound === '1' ? '' : 's'}` : `at most ${bound} items`;
    default:
      return `a number ${cmp} ${bound}`;
  }
}

function expectedOfUnion(iss: RawIssue): string {
  const parts = (iss.errors ?? [])
    .map((branch) => branch[0])
    .filter((first): first is RawIssue => first?.code === 'invalid_type')
    .map((first) => describeExpected(first.expected));
  return parts.length > 0 ? [...new Set(parts)].join(' or ') : 'one of the allowed forms';
}

/** Known keys per object seen in an unrecognized-keys issue (filled by {@link errorMap}). */
type KnownKeys = WeakMap<object, string[]>;

function shapeKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

function errorMap(known: KnownKeys): (iss: RawIssue) => string | undefined {
  return (iss) => {
    const found = describeValue(iss.input);
    switch (iss.code) {
      case 'invalid_type':
        return iss.input === undefined
          ? `missing, expected ${describeExpected(iss.expected)}`
          : `expected ${describeExpected(iss.expected)}, got ${found}`;
      case 'invalid_value': {
        const values = (iss.values ?? []).map((v) => JSON.stringify(v));
        return `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, got ${found}`;
      }
      case 'too_small':
        return `expected ${sizeBound(iss, true)}, got ${found}`;
      case 'too_big':
        return `expected ${sizeBound(iss, false)}, got ${found}`;
      case 'invalid_format':
        return `expected ${iss.format === 'url' ? 'a URL' : `a ${iss.format ?? 'valid'} string`}, got ${found}`;
      case 'invalid_union':
        return `expected ${expectedOfUnion(iss)}, got ${found}`;
      case 'unrecognized_keys':
        if (typeof iss.input === 'object' && iss.input !== null) known.set(iss.input, shapeKeys(iss.inst));
        return 'unknown key';
      default:
        return undefined;
    }
  };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Validates `data` with `schema` and returns the parsed value, or every problem found (one per
 * wrong value, one per unknown key with a "did you mean" suggestion). Paths are prefixed with
 * `prefix` (e.g. `plugins[1].options`).
 *
 * @example
 * const r = validate(configSchema, { log: { levle: 'debug' } });
 * // r.problems: [{ path: 'log.levle', message: 'unknown key; did you mean "level"?' }]
 */
export function validate(
  schema: SafeParseable,
  data: unknown,
  prefix = '',
): { ok: true; value: unknown } | { ok: false; problems: ConfigProblem[] } {
  const known: KnownKeys = new WeakMap();
  const result = schema.safeParse(data, { error: errorMap(known) });
  if (result.success) return { ok: true, value: result.data };
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path ?? [];
    const where = joinPath(prefix, formatPath(path));
    if (issue.code === 'unrecognized_keys') {
      const holder = valueAt(data, path);
      const candidates = typeof holder === 'object' && holder !== null ? (known.get(holder) ?? []) : [];
      for (const key of issue.keys ?? []) {
        const close = suggest(key, candidates);
        const tail = close
          ? `; did you mean "${close}"?`
          : candidates.length > 0
            ? ` (known keys: ${candidates.join(', ')})`
            : '';
        problems.push({ path: joinPath(where, formatPath([key])), message: `unknown key${tail}` });
      }
      continue;
    }
    let message = issue.message;
    // A schema's own message ("expected a string or /regex/") gets what was actually found.
    if (/^expected\b/.test(message) && !/\bgot\b/.test(message)) {
      message += `, got ${describeValue(valueAt(data, path))}`;
    }
    problems.push({ path: where, message });
  }
  return { ok: false, problems };
}
