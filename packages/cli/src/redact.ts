/**
 * Secret redaction of the CLI's loggers: the core's {@link CORE_REDACT_PATHS} (one source of truth
 * with the `wxbot:*` layer loggers), plus the keys below, plus masking of secrets inside text.
 */
import { REDACT_PATHS as CORE_REDACT_PATHS } from '@wxbot/core';

/** Field names that carry session secrets in Web WeChat payloads, cookies and our own session file. */
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
] as const;

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

const SEGMENT_SAFE = /^[A-Za-z_$][\w$]*$/;

function segment(key: string): string {
  return SEGMENT_SAFE.test(key) ? key : `["${key}"]`;
}

function join(prefix: string, key: string): string {
  const seg = segment(key);
  if (prefix === '') return seg;
  return seg.startsWith('[') ? `${prefix}${seg}` : `${prefix}.${seg}`;
}

/**
 * pino `redact.paths`: the core's paths (every secret field, up to three levels deep), plus each
 * of {@link SECRET_KEYS} at the top level and up to three levels deep (`skey`, `*.skey`,
 * `*.*.skey`, `*.*.*.skey`), e.g. `BaseRequest.Skey` or `session.cookies`.
 */
export const REDACT_PATHS: readonly string[] = [
  ...new Set([
    ...CORE_REDACT_PATHS,
    ...['', '*', '*.*', '*.*.*'].flatMap((prefix) => SECRET_KEYS.map((key) => join(prefix, key))),
  ]),
];

/**
 * The `redact` option to pass to pino.
 *
 * @example
 * import pino from 'pino';
 * const log = pino({ redact: redactOptions });
 * log.info({ BaseRequest: { Skey: '@crypt_x' } }); // Skey is logged as "[redacted]"
 */
export const redactOptions: { paths: string[]; censor: string } = {
  paths: [...REDACT_PATHS],
  censor: REDACTED,
};

const SECRET_QUERY = /([?&](?:skey|sid|wxsid|uin|wxuin|pass_ticket|ticket)=)[^&#\s]*/gi;

/**
 * Masks secrets inside URLs and other free text (query parameters such as `skey=` and
 * `pass_ticket=`), which field-based redaction cannot see.
 *
 * @example
 * redactText('https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=abc&r=1');
 * // 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=[redacted]&r=1'
 */
export function redactText(text: string): string {
  return text.replace(SECRET_QUERY, `$1${REDACTED}`);
}
