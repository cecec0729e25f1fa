import { XMLParser } from 'fast-xml-parser';
import { brToNewline, decodeEmoji, decodeXmlText } from './text.js';

/** A parsed XML element: attributes under `$`, children by tag name, text under `#text`/`#cdata`. */
export type XmlNode = { readonly [key: string]: unknown };

/** Result of {@link parseXmlPayload}: the root object, or why it could not be read. */
export type XmlResult =
  | { readonly ok: true; readonly root: XmlNode }
  | { readonly ok: false; readonly reason: string };

/** Largest XML payload handed to the parser; real payloads are a few KB. */
export const DEFAULT_MAX_XML_LENGTH = 200_000;
/** Deepest nesting accepted; real payloads nest fewer than 10 levels. */
export const MAX_XML_DEPTH = 64;

// Safe configuration: no entity processing at all (no DOCTYPE expansion, billion-laughs safe; the
// standard five are decoded by us afterwards), values kept as strings, CDATA kept apart so it is
// never entity-decoded, nesting capped by the parser itself.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_XML_DEPTH,
});

const DOCTYPE = /<!(DOCTYPE|ENTITY)/i;

/**
 * Parses an XML payload. `escaped` payloads (a message `Content`, group prefix already removed) get
 * the §6.2 treatment first: emoji spans → Unicode, `<br/>` → newline, unescape once. Raw XML (such as
 * `OriContent`) is parsed as is. Never throws; oversized, DOCTYPE-carrying, too deep or broken input
 * gives `{ ok: false, reason }`.
 */
export function parseXmlPayload(
  payload: string,
  options: { escaped?: boolean; maxLength?: number } = {},
): XmlResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_XML_LENGTH;
  if (payload.length > maxLength) return { ok: false, reason: `XML too large (${payload.length} chars)` };
  const xml = options.escaped === false ? payload : decodeXmlText(brToNewline(decodeEmoji(payload)));
  if (DOCTYPE.test(xml)) return { ok: false, reason: 'bad XML: DOCTYPE/ENTITY not allowed' };
  if (!xml.trimStart().startsWith('<')) return { ok: false, reason: 'bad XML: not XML' };
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (err) {
    return {
      ok: false,
      reason: `bad XML: ${err instanceof Error ? err.message.slice(0, 80) : 'parse error'}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Object.keys(parsed).length === 0) {
    return { ok: false, reason: 'bad XML: no element' };
  }
  return { ok: true, root: parsed as XmlNode };
}

function own(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  return Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
}

/** Follows a path of tag names, taking the first element wherever a tag repeats. */
export function child(node: unknown, ...path: string[]): unknown {
  let cur = node;
  for (const key of path) {
    cur = own(Array.isArray(cur) ? cur[0] : cur, key);
    if (cur === undefined) return undefined;
  }
  return Array.isArray(cur) ? cur[0] : cur;
}

/** All elements with that tag name under `node` (a single one becomes a one-item list). */
export function children(node: unknown, key: string): unknown[] {
  const v = own(Array.isArray(node) ? node[0] : node, key);
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The text of an element: entity-decoded text plus raw CDATA; '' when absent. */
export function text(node: unknown): string {
  if (typeof node === 'string') return decodeXmlText(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node !== 'object' || node === null) return '';
  const cdata = own(node, '#cdata');
  const plain = own(node, '#text');
  const cdataText = Array.isArray(cdata)
    ? cdata.map(String).join('')
    : typeof cdata === 'string'
      ? cdata
      : '';
  const plainText = typeof plain === 'string' ? decodeXmlText(plain) : '';
  return cdataText + plainText;
}

/** Text at a path (see {@link child}). */
export function textAt(node: unknown, ...path: string[]): string {
  return text(child(node, ...path));
}

/** An attribute value, entity-decoded; '' when absent. */
export function attr(node: unknown, name: string): string {
  const v = own(own(Array.isArray(node) ? node[0] : node, '$'), name);
  return typeof v === 'string' ? decodeXmlText(v) : '';
}

/** A finite number from a string, or `fallback`. */
export function toNumber(value: string, fallback = 0): number {
  if (value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? n : fallback;
}
