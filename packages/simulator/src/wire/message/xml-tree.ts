import { xmlText } from '../escape.js';

/**
 * A tiny XML tree for app-message payloads. `body`: `null` → self-closing `<x />`, a string →
 * `<x>string</x>` (already escaped or CDATA), an array → children.
 */
export interface XmlNode {
  name: string;
  attrs?: Array<[string, string | number]>;
  body: null | string | XmlNode[];
}

/** Layout of a rendered payload: line separator and indentation by depth. */
export interface XmlLayout {
  sep: string;
  indent(depth: number): string;
}

/** Every element on one line (music, file, voice…). */
export const COMPACT: XmlLayout = { sep: '', indent: () => '' };
/** One element per line, no indentation (transfer, official-account push). */
export const LINES: XmlLayout = { sep: '\n', indent: () => '' };
/** One element per line, one space before everything below the root (phone-shared links). */
export const ONE_SPACE: XmlLayout = { sep: '\n', indent: (d) => (d > 0 ? ' ' : '') };
/** One element per line, a tab per level (mini programs). */
export const TABS: XmlLayout = { sep: '\n', indent: (d) => '\t'.repeat(d) };

/** Element with children. */
export const el = (name: string, children: XmlNode[], attrs?: XmlNode['attrs']): XmlNode =>
  attrs ? { name, attrs, body: children } : { name, body: children };
/** Element with escaped text; `''` gives `<x></x>`. */
export const txt = (name: string, value: string | number): XmlNode => ({
  name,
  body: xmlText(value),
});
/** Element with raw (already escaped / CDATA) body. */
export const raw = (name: string, body: string): XmlNode => ({ name, body });
/** Self-closing element `<x />`. */
export const empty = (name: string): XmlNode => ({ name, body: null });
/** Text element, or `<x />` when the text is empty (the phone's serializer does that). */
export const opt = (name: string, value: string | number | undefined): XmlNode =>
  value === undefined || value === '' ? empty(name) : txt(name, value);

/** Render `node` with `layout` (no trailing separator). */
export function renderXml(node: XmlNode, layout: XmlLayout, depth = 0): string {
  const pad = layout.indent(depth);
  const attrs = (node.attrs ?? []).map(([k, v]) => ` ${k}="${xmlText(v)}"`).join('');
  if (node.body === null) return `${pad}<${node.name}${attrs} />`;
  if (typeof node.body === 'string') return `${pad}<${node.name}${attrs}>${node.body}</${node.name}>`;
  const lines = [`${pad}<${node.name}${attrs}>`];
  for (const child of node.body) lines.push(renderXml(child, layout, depth + 1));
  lines.push(`${pad}</${node.name}>`);
  return lines.join(layout.sep);
}
