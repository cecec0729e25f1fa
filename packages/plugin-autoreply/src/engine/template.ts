import type { RegexMatch } from './regex.js';
/** One piece of a compiled reply template. */
export type TemplatePart =
  | { readonly type: 'literal'; readonly value: string }
  | { readonly type: 'field'; readonly name: 'sender' | 'group' | 'text' }
  | { readonly type: 'group'; readonly key: number | string };

/** A reply template, parsed once at load. */
export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly written: string;
}

/** What a template can refer to: the regex groups of its rule, if any. */
export interface TemplateScope {
  readonly groupCount: number;
  readonly groupNames: readonly string[];
  /** False when the rule's match is not a regex (then `{1}` is an error). */
  readonly isRegex: boolean;
}

/** Values a template is rendered with. */
export interface TemplateValues {
  readonly sender: string;
  readonly group: string;
  readonly text: string;
  readonly match: RegexMatch | undefined;
}

const FIELDS = new Set(['sender', 'group', 'text']);

/**
 * Parses `"Hi {sender}, {1} is sunny"`. `{{` and `}}` write literal braces.
 * Throws an `Error` naming the bad placeholder and what is available.
 */
export function compileTemplate(written: string, scope: TemplateScope): Template {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < written.length) {
    const ch = written[i];
    const next = written[i + 1];
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      literal += ch;
      i += 2;
      continue;
    }
    if (ch === '}') throw new Error(`has a lone "}" at ${i} (write "}}" for a literal brace)`);
    if (ch !== '{') {
      literal += ch;
      i += 1;
      continue;
    }
    const close = written.indexOf('}', i);
    if (close < 0) throw new Error(`has an unclosed "{" at ${i} (write "{{" for a literal brace)`);
    const name = written.slice(i + 1, close).trim();
    if (literal !== '') parts.push({ type: 'literal', value: literal });
    literal = '';
    parts.push(placeholder(name, scope));
    i = close + 1;
  }
  if (literal !== '') parts.push({ type: 'literal', value: literal });
  return { parts, written };
}

function placeholder(name: string, scope: TemplateScope): TemplatePart {
  if (FIELDS.has(name)) return { type: 'field', name: name as 'sender' | 'group' | 'text' };
  const available = ['{sender}', '{group}', '{text}'];
  if (scope.isRegex) {
    for (let g = 0; g <= scope.groupCount; g++) available.push(`{${g}}`);
    for (const n of scope.groupNames) available.push(`{${n}}`);
  }
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    if (!scope.isRegex)
      throw new Error(
        `uses {${name}} but the rule's match is not a regex (available: ${available.join(', ')})`,
      );
    if (n > scope.groupCount)
      throw new Error(
        `uses {${name}} but the regex has ${scope.groupCount} group(s) (available: ${available.join(', ')})`,
      );
    return { type: 'group', key: n };
  }
  if (scope.isRegex && scope.groupNames.includes(name)) return { type: 'group', key: name };
  throw new Error(`has an unknown placeholder {${name}} (available: ${available.join(', ')})`);
}

/** Renders a compiled template. Missing regex groups render as ''. */
export function renderTemplate(t: Template, v: TemplateValues): string {
  let out = '';
  for (const p of t.parts) {
    if (p.type === 'literal') out += p.value;
    else if (p.type === 'field') out += v[p.name];
    else if (typeof p.key === 'number') out += v.match?.[p.key] ?? '';
    else out += v.match?.groups?.[p.key] ?? '';
  }
  return out;
}
