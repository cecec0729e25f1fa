/**
 * Field names that carry secrets (Web WeChat session keys, cookies, tickets, bot tokens; iLink
 * context tokens, typing tickets, QR tickets, AES media keys and CDN parameters): the one list
 * every redaction uses, in the core's loggers, the logger plugin and the CLI.
 */
export const SECRET_KEYS = [
  'skey',
  'Skey',
  'sid',
  'Sid',
  'wxsid',
  'uin',
  'Uin',
  'wxuin',
  'pass_ticket',
  'passTicket',
  'PassTicket',
  'cookie',
  'cookies',
  'Cookie',
  'set-cookie',
  'webwx_data_ticket',
  'webwx_auth_ticket',
  'ticket',
  'tickets',
  'auth_ticket',
  'credentials',
  'token',
  'bot_token',
  'botToken',
  'authorization',
  'Authorization',
  'context_token',
  'contextToken',
  'typing_ticket',
  'typingTicket',
  'qrcode',
  'aes_key',
  'aesKey',
  'aeskey',
  'encrypt_query_param',
  'encrypted_query_param',
  'upload_param',
  'full_url',
  'upload_full_url',
] as const;

const SECRET_SET: ReadonlySet<string> = new Set(SECRET_KEYS);
/** Deeper than this, a value is cut (a log line is not a dump). */
const MAX_DEPTH = 12;
/** Values per log line before the rest is cut. */
const MAX_NODES = 5000;

/**
 * The object of one log line made safe to write, as a copy: every {@link SECRET_KEYS} field at any
 * depth becomes `[redacted]`, binary data becomes `[N bytes]` (pino's path redaction throws on a
 * Buffer it has to copy), a cycle `[Circular]`, and the line is bounded (12 levels, 5,000 values).
 * Errors keep their type, message and stack, their fields redacted the same way; dates and values
 * with `toJSON` keep their own form. The loggers' `formatters.log`.
 *
 * @example
 * safeLogObject({ message: { raw: { context_token: 'AARz…' } }, data: Buffer.alloc(3) });
 * // { message: { raw: { context_token: '[redacted]' } }, data: '[3 bytes]' }
 */
export function safeLogObject(obj: object): Record<string, unknown> {
  let nodes = 0;
  const ancestors = new Set<object>();
  const copy = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value;
    if (ancestors.has(value)) return '[Circular]';
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES) return '[…]';
    if (value instanceof Error) {
      ancestors.add(value);
      const out = copyError(value, (v) => copy(v, depth + 1));
      ancestors.delete(value);
      return out;
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(value), depth);
    ancestors.add(value);
    let out: unknown;
    if (Array.isArray(value)) out = value.map((v: unknown) => copy(v, depth + 1));
    else {
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        fields[k] = SECRET_SET.has(k) ? '[redacted]' : copy(v, depth + 1);
      out = fields;
    }
    ancestors.delete(value);
    return out;
  };
  return copy(obj, 0) as Record<string, unknown>;
}

/**
 * An error with the same prototype (so pino's error serializer still names its type and reads its
 * message, stack and cause) whose own fields are copied through `copyValue`, secret ones censored:
 * an HTTP client's error carries its request config, cookies included.
 */
function copyError(error: Error, copyValue: (value: unknown) => unknown): Error {
  const out = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const desc = Object.getOwnPropertyDescriptor(error, key);
    if (desc === undefined || !('value' in desc)) continue;
    const value: unknown = desc.value;
    Object.defineProperty(out, key, {
      value: SECRET_SET.has(key)
        ? '[redacted]'
        : key === 'message' || key === 'stack'
          ? value
          : copyValue(value),
      enumerable: desc.enumerable,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** pino `formatters` that pass every log line through {@link safeLogObject}. */
export const SAFE_LOG_FORMATTERS = { log: safeLogObject } as const;

// Longest first, so `cookies` is tried before `cookie`.
const KEY_ALTERNATION = [...new Set(SECRET_KEYS.map((k) => k.toLowerCase()))]
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/[-]/g, '\\-'))
  .join('|');
const SECRET_PAIRS = new RegExp(`\\b(${KEY_ALTERNATION})(["']?\\s*[=:]\\s*["']?)([^\\s&;,"'}]+)`, 'gi');
const CRYPT = /@crypt_[0-9a-z_]+/gi;
// `Authorization: Bearer <token>`: the pair rule above stops at the space, before the token.
const BEARER = /\bBearer\s+[^\s"',;}]+/gi;
const V_TICKET = /\bv[12]_[0-9a-z_@.-]{16,}/gi;

/**
 * Replaces secrets inside free text (an error message quoting a URL, a cookie header) with
 * `[redacted]`: every `key=value` / `key: value` of {@link SECRET_KEYS}, `Bearer …` tokens,
 * `@crypt_…` keys and `v1_…` tickets. Field-based redaction (pino `redact`) cannot see these.
 *
 * @example
 * scrubSecrets('GET /webwxinit?skey=@crypt_ab12_cd&r=1') // 'GET /webwxinit?skey=[redacted]&r=1'
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(BEARER, 'Bearer [redacted]')
    .replace(SECRET_PAIRS, (_all, key: string, sep: string) => `${key}${sep}[redacted]`)
    .replace(CRYPT, '[redacted]')
    .replace(V_TICKET, '[redacted]');
}
