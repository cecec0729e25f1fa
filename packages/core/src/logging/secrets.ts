/**
 * Field names that carry secrets (Web WeChat session keys, cookies, tickets, bot tokens): the one
 * list every redaction uses, in the core's loggers, the logger plugin and the CLI.
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
] as const;

// Longest first, so `cookies` is tried before `cookie`.
const KEY_ALTERNATION = [...new Set(SECRET_KEYS.map((k) => k.toLowerCase()))]
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/[-]/g, '\\-'))
  .join('|');
const SECRET_PAIRS = new RegExp(`\\b(${KEY_ALTERNATION})(["']?\\s*[=:]\\s*["']?)([^\\s&;,"'}]+)`, 'gi');
const CRYPT = /@crypt_[0-9a-z_]+/gi;
const V_TICKET = /\bv[12]_[0-9a-z_@.-]{16,}/gi;

/**
 * Replaces secrets inside free text (an error message quoting a URL, a cookie header) with
 * `[redacted]`: every `key=value` / `key: value` of {@link SECRET_KEYS}, `@crypt_…` keys and
 * `v1_…` tickets. Field-based redaction (pino `redact`) cannot see these.
 *
 * @example
 * scrubSecrets('GET /webwxinit?skey=@crypt_ab12_cd&r=1') // 'GET /webwxinit?skey=[redacted]&r=1'
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(SECRET_PAIRS, (_all, key: string, sep: string) => `${key}${sep}[redacted]`)
    .replace(CRYPT, '[redacted]')
    .replace(V_TICKET, '[redacted]');
}
