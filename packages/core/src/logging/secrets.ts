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
 * The secret fields that sit deep inside a raw iLink message (`item_list[i].image_item.media.aes_key`):
 * redacted down to seven levels, where the other keys are redacted down to four.
 */
export const DEEP_SECRET_KEYS = [
  'context_token',
  'aes_key',
  'aeskey',
  'encrypt_query_param',
  'full_url',
] as const satisfies readonly (typeof SECRET_KEYS)[number][];

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
