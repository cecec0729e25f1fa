import type { core as zcore } from 'zod';
import type { ConfigIssue } from './config-error.js';

type Issue = zcore.$ZodIssue;
type Path = readonly PropertyKey[];

const KNOWN_FIELDS = [
  'rules',
  'fallback',
  'owners',
  'ignoreCase',
  'timezone',
  'command',
  'selfIsOwner',
  'id',
  'name',
  'match',
  'kinds',
  'scope',
  'groups',
  'contacts',
  'mentionOnly',
  'mentionAll',
  'reply',
  'priority',
  'stop',
  'cooldown',
  'hours',
  'days',
  'outside',
  'contains',
  'equals',
  'startsWith',
  'regex',
  'any',
  'text',
  'image',
  'file',
  'mention',
  'allow',
  'deny',
  'perChat',
  'perSender',
];

/** `rules[3].match.regex` (prefixed with `base.` when given). */
export function formatPath(path: Path, base = ''): string {
  let out = base;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** A short, safe rendering of a config value for an error message. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list (${clip(JSON.stringify(v))})`;
  if (typeof v === 'object') return `an object (${clip(JSON.stringify(v))})`;
  if (typeof v === 'string') return JSON.stringify(clip(v));
  return `${typeof v} ${String(v)}`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `rules[3] (name "weather", id "w3")`, `fallback`, or '' for top-level paths. */
export function ruleLabel(root: unknown, path: Path, base = ''): string {
  if (path[0] === 'fallback') return formatPath(['fallback'], base);
  if (path[0] !== 'rules' || typeof path[1] !== 'number') return '';
  const rule = valueAt(root, path.slice(0, 2));
  const bits: string[] = [];
  if (rule !== null && typeof rule === 'object') {
    const { name, id } = rule as { name?: unknown; id?: unknown };
    if (typeof name === 'string') bits.push(`name ${JSON.stringify(name)}`);
    if (typeof id === 'string') bits.push(`id ${JSON.stringify(id)}`);
  }
  const at = formatPath(path.slice(0, 2), base);
  return bits.length === 0 ? at : `${at} (${bits.join(', ')})`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}

function suggestion(key: string): string {
  if (KNOWN_FIELDS.includes(key)) return ' (not allowed here)';
  let best = '';
  let bestD = 3;
  for (const k of KNOWN_FIELDS) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best === '' ? '' : ` (did you mean "${best}"?)`;
}

interface Flat {
  readonly path: Path;
  readonly text: string;
  readonly unknownKey?: string;
}

function expected(issue: Issue): string {
  const m = issue.message;
  if (!m.startsWith('Invalid input') && !m.startsWith('Too ') && !m.startsWith('Invalid option')) return m;
  if (issue.code === 'invalid_type') return issue.expected;
  return m;
}

// Unions report every branch; keep the one branch whose type fitted, so the message is precise.
function flatten(issue: Issue, prefix: Path, out: Flat[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const fitting = issue.errors.filter(
      (branch) => !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0),
    );
    const only = fitting[0];
    if (fitting.length === 1 && only !== undefined) {
      for (const inner of only) flatten(inner, path, out);
      return;
    }
    out.push({ path, text: expected(issue) });
    return;
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) out.push({ path: [...path, key], text: '', unknownKey: key });
    return;
  }
  out.push({ path, text: expected(issue) });
}

/** Turns zod issues into messages that name the rule, the path, what was expected and what was found. */
export function toConfigIssues(issues: readonly Issue[], root: unknown, base = ''): ConfigIssue[] {
  const flat: Flat[] = [];
  for (const i of issues) flatten(i, [], flat);
  return flat.map((f) => {
    const rule = ruleLabel(root, f.path, base);
    const where = formatPath(f.path, base) || '(top level)';
    const head = rule === '' || rule === where ? where : `${rule} at ${where}`;
    const detail =
      f.unknownKey !== undefined
        ? `unknown field "${f.unknownKey}"${suggestion(f.unknownKey)}`
        : `expected ${f.text}; got ${describeValue(valueAt(root, f.path))}`;
    return { path: where, rule, message: `${head}: ${detail}`, segments: f.path, detail };
  });
}

/** An issue found after the schema passed (e.g. a template naming a regex group that does not exist). */
export function semanticIssue(root: unknown, path: Path, base: string, problem: string): ConfigIssue {
  const rule = ruleLabel(root, path, base);
  const where = formatPath(path, base);
  return {
    path: where,
    rule,
    message: `${rule === '' || rule === where ? where : `${rule} at ${where}`}: ${problem}`,
    segments: path,
    detail: problem,
  };
}
