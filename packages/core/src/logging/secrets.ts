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

/**
 * iLink's secret fields (a subset of {@link SECRET_KEYS}). They sit deep inside raw iLink items
 * (`item_list[i].image_item.media.aes_key`), deeper than path redaction reaches and costly to reach
 * with more wildcard paths (every path is paid on every log line), so the loggers redact them at
 * the top level by path and inside the values of {@link SECRET_CARRIER_KEYS} with {@link scrubDeep}.
 */
export const ILINK_SECRET_KEYS = [
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
] as const satisfies readonly (typeof SECRET_KEYS)[number][];

/** Log fields that hold whole messages or protocol items (`{ message }`, `{ raw }`, `{ messages }`…). */
export const SECRET_CARRIER_KEYS = [
  'raw',
  'message',
  'messages',
  'item',
  'items',
  'conversation',
  'conversations',
] as const;

const SECRET_SET: ReadonlySet<string> = new Set(SECRET_KEYS);

/**
 * A copy of `value` with every {@link SECRET_KEYS} field, at any depth (up to 12 levels), replaced
 * by `[redacted]`: the pino serializer of {@link SECRET_CARRIER_KEYS}. Binary data, dates and errors
 * are kept as they are.
 *
 * @example
 * scrubDeep({ raw: { item_list: [{ image_item: { aeskey: '3ab3…' } }] } });
 * // { raw: { item_list: [{ image_item: { aeskey: '[redacted]' } }] } }
 */
export function scrubDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_SET.has(k) ? '[redacted]' : scrubDeep(v, depth + 1);
  return out;
}

/** pino serializers that scrub the {@link SECRET_CARRIER_KEYS} fields of a log line. */
export const SECRET_SERIALIZERS: Readonly<Record<string, (value: unknown) => unknown>> = Object.fromEntries(
  SECRET_CARRIER_KEYS.map((key) => [key, (value: unknown) => scrubDeep(value)]),
);

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
