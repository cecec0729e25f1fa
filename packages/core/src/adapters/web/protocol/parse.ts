import { XMLParser } from 'fast-xml-parser';
import { WxApiError } from '../../../errors.js';
import type { WireBaseResponse } from './wire.js';

const RET_MEANING: Readonly<Record<number, string>> = {
  [-1]: 'system error (transient)',
  [-2]: 'logic error',
  [-14]: 'ticket error',
  1: 'parameter error or operation refused',
  1100: 'session does not exist (logged out)',
  1101: 'session invalid (logged in elsewhere or kicked)',
  1102: 'session or cookie invalid',
  1200: 'request could not be parsed',
  1203: 'account not allowed to use web WeChat',
  1204: 'the target is not your friend',
  1205: 'too many requests (frequency limit); slow down',
};

/** A short English meaning of a `BaseResponse.Ret` / retcode, or `unknown`. */
export function retMeaning(ret: number): string {
  return RET_MEANING[ret] ?? 'unknown error';
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads `name = value` from a JS-assignment body such as `window.code=201;window.userAvatar = '…';`.
 * Tolerates spacing, single or double quotes and a missing `;`. Never evaluates anything.
 *
 * @example
 * jsAssignment('window.QRLogin.uuid = "abc==";', 'window.QRLogin.uuid') // 'abc=='
 */
export function jsAssignment(body: string, name: string): string | undefined {
  const re = new RegExp(`${escapeRe(name)}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^;\\s"']+))`);
  const m = re.exec(body);
  if (!m) return undefined;
  return m[1] ?? m[2] ?? m[3];
}

/** Reads `key:"value"` from an object literal body such as `window.synccheck={retcode:"0",selector:"2"}`. */
export function jsObjectField(body: string, key: string): string | undefined {
  const re = new RegExp(`[{,\\s]${escapeRe(key)}\\s*:\\s*(?:"([^"]*)"|'([^']*)'|([^,}\\s]+))`);
  const m = re.exec(body);
  if (!m) return undefined;
  return m[1] ?? m[2] ?? m[3];
}

/** Largest XML answer parsed (the login answer is a few hundred bytes). */
export const MAX_XML_ANSWER_LENGTH = 64 * 1024;

// No entity processing by the parser (no DOCTYPE expansion: billion-laughs safe); the five
// predefined entities and numeric references are decoded on the string leaves afterwards.
const xml = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
});

const ENTITY = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function decodeLeaves(value: unknown): unknown {
  if (typeof value === 'string') return decodeEntities(value);
  if (Array.isArray(value)) return value.map(decodeLeaves);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decodeLeaves(v);
    return out;
  }
  return value;
}

/**
 * Parses an XML body into plain objects with string leaves; bad XML, a DOCTYPE/ENTITY declaration
 * or a body over {@link MAX_XML_ANSWER_LENGTH} becomes a WxApiError (nothing is expanded).
 */
export function parseXml(endpoint: string, body: string): Record<string, unknown> {
  if (body.length > MAX_XML_ANSWER_LENGTH) {
    throw new WxApiError(endpoint, undefined, `${endpoint}: XML answer too large (${body.length} chars)`);
  }
  if (/<!(DOCTYPE|ENTITY)/i.test(body)) {
    throw new WxApiError(endpoint, undefined, `${endpoint}: XML answer declares entities; refused`);
  }
  try {
    const out: unknown = decodeLeaves(xml.parse(body));
    if (out && typeof out === 'object') return out as Record<string, unknown>;
  } catch (cause) {
    throw new WxApiError(endpoint, undefined, `${endpoint}: unreadable XML answer`, { cause });
  }
  throw new WxApiError(endpoint, undefined, `${endpoint}: unreadable XML answer`);
}

/** A JSON answer parsed once, as an unknown-valued record. */
export type JsonRecord = Record<string, unknown>;

/** Parses a JSON body; HTML pages, truncated or non-object bodies become a WxApiError. */
export function parseJson(endpoint: string, body: string): JsonRecord {
  let out: unknown;
  try {
    out = JSON.parse(body);
  } catch {
    const hint = /^\s*</.test(body)
      ? ' (got HTML/XML instead of JSON)'
      : body.length === 0
        ? ' (empty body)'
        : '';
    throw new WxApiError(endpoint, undefined, `${endpoint}: unreadable answer${hint}`);
  }
  if (!out || typeof out !== 'object' || Array.isArray(out)) {
    throw new WxApiError(endpoint, undefined, `${endpoint}: answer is not a JSON object`);
  }
  return out as JsonRecord;
}

/** Reads `BaseResponse` and throws a WxApiError unless `Ret` is 0. */
export function checkBaseResponse(endpoint: string, body: JsonRecord): WireBaseResponse {
  const base = body.BaseResponse as Partial<WireBaseResponse> | undefined;
  if (!base || typeof base !== 'object') {
    throw new WxApiError(endpoint, undefined, `${endpoint}: answer has no BaseResponse`);
  }
  const ret = Number(base.Ret);
  if (!Number.isFinite(ret))
    throw new WxApiError(endpoint, undefined, `${endpoint}: BaseResponse.Ret is not a number`);
  if (ret !== 0) {
    throw new WxApiError(endpoint, ret, `${endpoint} failed: Ret ${ret} (${retMeaning(ret)})`);
  }
  return { Ret: ret, ErrMsg: typeof base.ErrMsg === 'string' ? base.ErrMsg : '' };
}

/** Parses a JSON answer and checks its BaseResponse in one go. */
export function parseApiJson(endpoint: string, body: string): JsonRecord {
  const json = parseJson(endpoint, body);
  checkBaseResponse(endpoint, json);
  return json;
}

/** A string field, or '' when missing (numbers are turned into strings). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** A number field, or 0 when missing or not numeric. */
export function num(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
}

/** An array field, or [] when missing. */
export function arr<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}
