/**
 * Session secrets as they may appear inside free text (an error message quoting a URL or a
 * cookie header): `skey=@crypt_…`, `pass_ticket=…`, `wxsid=…`, `ticket=…`, `webwx_data_ticket=…`.
 */
const SECRET_PAIRS =
  /\b(skey|sid|wxsid|uin|wxuin|pass_ticket|passTicket|ticket|webwx_data_ticket|webwx_auth_ticket|cookie|set-cookie)(["']?\s*[=:]\s*["']?)([^\s&;,"'}]+)/gi;
const CRYPT = /@crypt_[0-9a-z_]+/gi;
const V_TICKET = /\bv[12]_[0-9a-z_@.-]{16,}/gi;

/**
 * Replaces session secrets in a text with `[redacted]`, for error messages that go to logs.
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

/**
 * pino `redact` paths for the logger's own destination (the bot's logger already has wxbot's).
 * The records hold no secret fields; this catches anything another part adds.
 */
export const LOGGER_REDACT_PATHS: readonly string[] = [
  'skey',
  'sid',
  'uin',
  'passTicket',
  'pass_ticket',
  'ticket',
  'cookie',
  'cookies',
  '*.skey',
  '*.sid',
  '*.uin',
  '*.passTicket',
  '*.pass_ticket',
  '*.ticket',
  '*.cookie',
  '*.cookies',
];
